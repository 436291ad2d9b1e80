"""``policykg inspect FILE``: show how a document was read, for debugging a new document."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ingest.models import StructuredDocument

DESCRIPTION = """\
Read one policy text (UTF-8, UTF-8 with BOM, GBK/GB18030) and print what the ingester sees,
without touching the graph:

  metadata   title, issuer, date, level, region, period (and whether each came from the
             manifest or the text)
  tree       the heading tree: 一、 (level 1), （一）/(一) (2), 1./1．/1、 (3), run-in heads such as
             `氢能。` (4), （1） (5); with the original line each starts on
  boxes      专栏 boxes, each `label：item、item…等。` line with its item count
  clauses    responsibility clauses (leads / supports / responsible) and the task they close
  warnings   dropped TOC / URL / page-number lines, unattached clauses, manifest problems

Every line number is a physical line of the original file (as `cat -n` counts them).
"""


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "inspect",
        help="show the structure of one document (headings, boxes, clauses, warnings)",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", type=Path, metavar="FILE", help="a plain-text policy document")
    p.add_argument("--json", action="store_true", help="print the full structure as JSON")
    p.add_argument("--manifest", type=Path, metavar="PATH", help="a manifest.toml with metadata per file")
    p.add_argument("--items", action="store_true", help="also list every box item (text output)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ingest.reader import read_document

    doc = read_document(args.file, args.manifest)
    if args.json:
        json.dump(to_json(doc), sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print(render(doc, items=args.items))
    return 0


def to_json(doc: StructuredDocument) -> dict[str, Any]:
    """The structure with line numbers, without the per-character line map."""

    def line_of(start: int) -> int:
        return doc.line_map.lines[start] if doc.text else 0

    return {
        "meta": asdict(doc.meta),
        "sha256": doc.sha256,
        "chars": len(doc.text),
        "headings": [asdict(h) | {"line": line_of(h.start)} for h in doc.headings],
        "paragraphs": len(doc.paragraphs),
        "sentences": len(doc.sentences),
        "boxes": [
            asdict(b) | {"line": line_of(b.start), "items": sum(len(ln.items) for ln in b.lines)}
            for b in doc.boxes
        ],
        "clauses": [asdict(c) | {"line": line_of(c.start)} for c in doc.clauses],
        "warnings": [asdict(w) for w in doc.warnings],
        "text": doc.text,
    }


def render(doc: StructuredDocument, *, items: bool = False) -> str:
    out: list[str] = [f"# {doc.meta.id}  ({len(doc.text)} chars, {len(doc.paragraphs)} paragraphs, "
                      f"{len(doc.sentences)} sentences)"]  # fmt: skip
    for name in ("title", "issuer", "date", "level", "region", "period"):
        value = getattr(doc.meta, name)
        source = doc.meta.sources.get(name, "")
        out.append(f"  {name:7} {value if value is not None else '—'}" + (f"  [{source}]" if source else ""))
    out.append(f"\n## headings ({len(doc.headings)})")
    for h in doc.headings:
        depth = len(doc.heading_path(h.index)) - 1
        number = f"{h.number} " if h.number else ""
        out.append(f"L{doc.line_map.lines[h.start]:<5} {'  ' * depth}[{h.level} {h.style}] {number}{h.title}")
    out.append(f"\n## boxes ({len(doc.boxes)})")
    for b in doc.boxes:
        total = sum(len(ln.items) for ln in b.lines)
        out.append(f"L{doc.line_map.lines[b.start]:<5} 专栏 {b.number}：{b.title}  ({total} items)")
        for ln in b.lines:
            more = " 等" if ln.open_ended else ""
            out.append(f"        {ln.label}: {len(ln.items)}{more}")
            if items:
                out.extend(f"          - {i.text}" for i in ln.items)
    out.append(f"\n## clauses ({len(doc.clauses)})")
    for c in doc.clauses:
        task = doc.headings[c.task_heading].title if c.task_heading is not None else "(unattached)"
        roles = [
            f"{label}={'、'.join(names)}"
            for label, names in (("lead", c.leads), ("support", c.supports), ("responsible", c.responsible))
            if names
        ]
        open_mark = " 等" if c.open_ended else ""
        out.append(f"L{doc.line_map.lines[c.start]:<5} [{c.form}] {' '.join(roles)}{open_mark}  → {task}")
    out.append(f"\n## warnings ({len(doc.warnings)})")
    out.extend(f"  {w.code}: {w.message}" for w in doc.warnings)
    return "\n".join(out)
