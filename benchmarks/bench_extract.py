"""Throughput of structure+extract (text in, DocumentFacts out) against jieba.lcut.

Run: ``python -m benchmarks.bench_extract [--repeat N] [--text seeds|dev|gen] [--passes]``.
Both sides run in the same process on the same decoded text and are timed in CPU time
(``time.process_time``); each figure is the best of N. Dictionaries (regions, chains, agencies)
and jieba's are loaded before timing starts, and one untimed extraction pass warms every lazy cache.

``--text``: ``seeds`` (default: the five seeds, one document each), ``dev`` (the 11 development
documents, the seeds and the Shanghai plans beside the repository, joined into one text) or ``gen``
(a generated 200 kB plan, ``benchmarks._corpus``). ``--passes`` prints the CPU time of each stage of
one document (structure, context, every pass, build), best of N each, and its ratio to jieba.lcut
on that same document; the whole-text folding cache is cleared before each run so that every run
reads a fresh document.
"""

from __future__ import annotations

import argparse
import time

import jieba

from benchmarks.bench_structure import best_of, dev_text, seed_texts
from ingest import gazetteer
from ingest.collector import paused
from ingest.extract import PASSES, extract_facts
from ingest.extract.context import Context
from ingest.reader import structure_text


def texts_for(which: str) -> list[str]:
    if which == "seeds":
        return seed_texts()
    if which == "gen":
        from benchmarks import _corpus

        return [_corpus.document("g", 7, 200_000).text]
    return [dev_text()]


def stage_times(text: str, repeat: int) -> tuple[dict[str, float], float, float]:
    """Best CPU seconds per stage, and the best structure and after-structure totals."""
    best: dict[str, float] = {}
    totals: list[tuple[float, float]] = []
    for _ in range(repeat):
        gazetteer.fold.cache_clear()
        got: dict[str, float] = {}
        with paused():  # as in structure_text and extract_facts
            t0 = time.process_time()
            doc = structure_text(text, "bench")
            got["structure_text"] = time.process_time() - t0
            t0 = time.process_time()
            ctx = Context.for_document(doc)
            got["context"] = time.process_time() - t0
            for run in PASSES:
                t0 = time.process_time()
                run(ctx)
                got[f"{run.__module__.rsplit('.', 1)[-1]}.{run.__name__}"] = time.process_time() - t0
            t0 = time.process_time()
            ctx.fb.build()
            got["build"] = time.process_time() - t0
        totals.append((got["structure_text"], sum(got.values()) - got["structure_text"]))
        for k, v in got.items():
            best[k] = min(best.get(k, v), v)
    return best, min(t[0] for t in totals), min(t[1] for t in totals)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--text", choices=("seeds", "dev", "gen"), default="seeds")
    parser.add_argument("--passes", action="store_true", help="CPU time of each stage")
    args = parser.parse_args()
    texts = texts_for(args.text)
    chars = sum(len(t) for t in texts)
    facts = [extract_facts(structure_text(t, "bench")) for t in texts]  # warm-up, untimed
    if args.passes:
        for text in texts:
            base = best_of(args.repeat, [text], jieba.lcut)  # the same text as the stages
            best, structure, after = stage_times(text, args.repeat)
            print(f"{args.text}: {len(text)} chars, best of {args.repeat}, CPU ms")
            for name, secs in sorted(best.items(), key=lambda kv: -kv[1]):
                print(f"  {secs * 1000:7.1f}  {name}")
            print(f"  structure {structure * 1000:.1f}, after structure {after * 1000:.1f}")
            print(f"  jieba.lcut {base * 1000:.1f}")
            print(f"ratio (structure+extract speed / jieba speed): {base / (structure + after):.2f}x")
        return
    base = best_of(args.repeat, texts, jieba.lcut)
    structure = best_of(args.repeat, texts, lambda t: structure_text(t, "bench"))
    ours = best_of(args.repeat, texts, lambda t: extract_facts(structure_text(t, "bench")))
    rels = sum(len(f.relations) for f in facts)
    nodes = sum(len(f.nodes) for f in facts)
    print(f"{args.text}: {len(texts)} text(s), {chars} chars, {nodes} nodes, {rels} relations")
    print(f"best of {args.repeat}, CPU time")
    print(f"structure only:     {structure * 1000:8.1f} ms  {chars / structure:12,.0f} chars/s")
    print(f"structure+extract:  {ours * 1000:8.1f} ms  {chars / ours:12,.0f} chars/s")
    print(f"jieba.lcut:         {base * 1000:8.1f} ms  {chars / base:12,.0f} chars/s")
    print(f"ratio (structure+extract speed / jieba speed): {base / ours:.2f}x")


if __name__ == "__main__":
    main()
