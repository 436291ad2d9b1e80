"""One SHA-1 over every fact extracted from the seeds, to check that a speed-up changes no output.

Run: ``python -m benchmarks.facts_hash`` (prints the digest and per-seed counts). Pass
``--expect DIGEST`` to exit 1 on a mismatch. The digest covers the document node, sentences,
nodes (id, label, name, aliases, props), relations (type, src, dst, sentences, props), mentions
and warnings, each in a canonical order.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any

from core.model import DocumentFacts
from ingest.decode import decode_bytes
from ingest.extract import extract_facts
from ingest.reader import structure_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
# --all: every development document (the Shanghai corpus sits beside the repository).
SHANGHAI = ROOT.parent / "shared" / "corpus" / "shanghai"
DEV_FOLDERS = (SEEDS, SHANGHAI, ROOT / "tests" / "fixtures" / "provinces")


def canon(value: Any) -> Any:
    """A repr-stable form: dicts as sorted item tuples, lists/tuples/sets recursively."""
    if isinstance(value, dict):
        return tuple(sorted((str(k), canon(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(canon(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(repr(canon(v)) for v in value))
    return value


def facts_digest(facts: DocumentFacts) -> str:
    doc = facts.document
    parts: list[str] = [repr((doc.label, doc.id, doc.name, doc.aliases, canon(doc.props)))]
    # Unset fields (a .txt sentence has no page or paragraph) are left out: digests stay comparable.
    # Fields read by name, not vars(): a compiled record (core.compiled) has no instance dict.
    parts += sorted(
        repr(canon({f.name: v for f in fields(s) if (v := getattr(s, f.name)) is not None}))
        for s in facts.sentences
    )
    parts += sorted(repr((n.label, n.id, n.name, n.aliases, canon(n.props))) for n in facts.nodes)
    parts += sorted(repr((r.type, r.src, r.dst, r.sentences, canon(r.props))) for r in facts.relations)
    parts += sorted(repr((m.sentence, m.node)) for m in facts.mentions)
    parts += sorted(repr(w) for w in facts.warnings)
    return hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()


def order_digest(facts: DocumentFacts) -> str:
    """Digest of the ids in list order (nodes, relations, mentions): catches reordering only."""
    parts = [n.id for n in facts.nodes] + [f"{r.type}|{r.src}|{r.dst}" for r in facts.relations]
    parts += [f"{m.sentence}|{m.node}" for m in facts.mentions]
    return hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()


def seeds_digest(folders: tuple[Path, ...] = (SEEDS,)) -> tuple[str, list[str]]:
    lines: list[str] = []
    whole = hashlib.sha1()
    ordered = hashlib.sha1()
    paths = [p for folder in folders for p in sorted(folder.glob("*.txt")) if p.name != "README.txt"]
    for path in paths:
        text = decode_bytes(path.read_bytes(), path.name).text
        facts = extract_facts(structure_text(text, path.stem))
        digest = facts_digest(facts)
        whole.update(digest.encode())
        ordered.update(order_digest(facts).encode())
        lines.append(
            f"{path.name}: {digest} nodes={len(facts.nodes)} rels={len(facts.relations)} "
            f"mentions={len(facts.mentions)} sentences={len(facts.sentences)}"
        )
    lines.append(f"list order (informative): {ordered.hexdigest()}")
    return whole.hexdigest(), lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--expect", help="digest the documents must give")
    parser.add_argument("--all", action="store_true", help="every development document, not only seeds/")
    args = parser.parse_args()
    digest, lines = seeds_digest(DEV_FOLDERS if args.all else (SEEDS,))
    print("\n".join(lines))
    print(f"all seeds: {digest}")
    if args.expect and args.expect != digest:
        print(f"MISMATCH: expected {args.expect}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
