"""Throughput of structure+extract (text in, DocumentFacts out) on the seeds, against jieba.lcut.

Run: ``python -m benchmarks.bench_extract [--repeat N]``. Both sides run in the same process on the
same decoded text; each figure is the best of N passes over all five seeds (chars/s of the decoded
text). Dictionaries (regions, chains, agencies) and jieba's are loaded before timing starts, and
one untimed extraction pass warms every lazy cache.
"""

from __future__ import annotations

import argparse

import jieba

from benchmarks.bench_structure import best_of, seed_texts
from ingest.extract import extract_facts
from ingest.reader import structure_text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    texts = seed_texts()
    chars = sum(len(t) for t in texts)
    facts = [extract_facts(structure_text(t, "bench")) for t in texts]  # warm-up, untimed
    structure = best_of(args.repeat, texts, lambda t: structure_text(t, "bench"))
    ours = best_of(args.repeat, texts, lambda t: extract_facts(structure_text(t, "bench")))
    base = best_of(args.repeat, texts, jieba.lcut)
    rels = sum(len(f.relations) for f in facts)
    nodes = sum(len(f.nodes) for f in facts)
    print(f"seeds: {len(texts)} files, {chars} chars, {nodes} nodes, {rels} relations, best of {args.repeat}")
    print(f"structure only:     {structure * 1000:8.1f} ms  {chars / structure:12,.0f} chars/s")
    print(f"structure+extract:  {ours * 1000:8.1f} ms  {chars / ours:12,.0f} chars/s")
    print(f"jieba.lcut:         {base * 1000:8.1f} ms  {chars / base:12,.0f} chars/s")
    print(f"ratio (structure+extract speed / jieba speed): {base / ours:.2f}x")


if __name__ == "__main__":
    main()
