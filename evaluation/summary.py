"""Totals over scored items (micro-averaged per mode, per kind, and for easy+medium items), the
floors a run must reach, and the text tables ``policykg eval`` prints."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from evaluation.scoring import ASK, STRUCTURED, Score


@dataclass
class Totals:
    n: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: int = 0

    def add(self, s: Score) -> None:
        self.n += 1
        self.tp += s.tp
        self.fp += s.fp
        self.fn += s.fn
        self.exact += int(s.exact)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def exact_rate(self) -> float:
        return self.exact / self.n if self.n else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "n": self.n,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "exact": self.exact,
            "exact_rate": round(self.exact_rate, 4),
        }


EASY_MEDIUM = ("easy", "medium")


def summarise(scores: Sequence[Score]) -> dict[str, Any]:
    by_mode_kind: dict[str, dict[str, Totals]] = defaultdict(lambda: defaultdict(Totals))
    overall: dict[str, Totals] = defaultdict(Totals)
    easy_medium: dict[str, Totals] = defaultdict(Totals)
    unmapped: list[str] = []
    for s in scores:
        if not s.mapped and s.mode == STRUCTURED:
            unmapped.append(s.id)
            continue
        by_mode_kind[s.mode][s.kind].add(s)
        overall[s.mode].add(s)
        if s.difficulty in EASY_MEDIUM:
            easy_medium[s.mode].add(s)
    return {
        "overall": {m: t.as_dict() for m, t in overall.items()},
        "easy_medium": {m: t.as_dict() for m, t in easy_medium.items()},
        "by_kind": {
            m: {k: t.as_dict() for k, t in sorted(kinds.items())} for m, kinds in by_mode_kind.items()
        },
        "structured_unmapped": unmapped,
        "items": [{**asdict(s), "precision": s.precision, "recall": s.recall, "f1": s.f1} for s in scores],
    }


def render_table(summary: Mapping[str, Any]) -> str:
    lines: list[str] = []
    header = f"{'kind':<26}{'mode':<11}{'n':>4}{'P':>7}{'R':>7}{'F1':>7}{'exact':>8}"
    lines.append(header)
    lines.append("-" * len(header))
    kinds = sorted({k for m in summary["by_kind"].values() for k in m})
    for kind in kinds:
        for mode in (STRUCTURED, ASK):
            t = summary["by_kind"].get(mode, {}).get(kind)
            if t:
                lines.append(
                    f"{kind:<26}{mode:<11}{t['n']:>4}{t['precision']:>7.2f}{t['recall']:>7.2f}{t['f1']:>7.2f}"
                    f"{t['exact_rate']:>8.2f}"
                )
    lines.append("-" * len(header))
    for label, block in (("ALL (micro)", summary["overall"]), ("easy+medium", summary["easy_medium"])):
        for mode in (STRUCTURED, ASK):
            t = block.get(mode)
            if t:
                lines.append(
                    f"{label:<26}{mode:<11}{t['n']:>4}{t['precision']:>7.2f}{t['recall']:>7.2f}{t['f1']:>7.2f}"
                    f"{t['exact_rate']:>8.2f}"
                )
    if summary["structured_unmapped"]:
        lines.append(f"no structured endpoint for: {', '.join(summary['structured_unmapped'])}")
    return "\n".join(lines)


def render_items(scores: Sequence[Score]) -> str:
    lines = []
    for s in scores:
        if not s.mapped and s.mode == STRUCTURED:
            continue
        mark = "✓" if s.exact else "✗"
        detail = ""
        if not s.exact:
            detail = f"  missed={s.missed} wrong={s.wrong[:6]}" + (f" error={s.error}" if s.error else "")
        intent = f" [{s.intent}]" if s.intent else ""
        lines.append(f"{mark} {s.id} {s.mode:<10} F1={s.f1:.2f}{intent}{detail}")
    return "\n".join(lines)


def floors(summary: Mapping[str, Any], min_f1: float | None, min_exact: float | None) -> list[str]:
    """What falls below the floors: structured micro-F1 (all items) and /ask exact-set rate
    (easy+medium items); an empty list when the run passes."""
    out = []
    structured = summary["overall"].get("structured")
    ask = summary["easy_medium"].get("ask")
    if min_f1 is not None and (structured is None or structured["f1"] < min_f1):
        got = structured["f1"] if structured else None
        out.append(f"structured micro-F1 {got} < floor {min_f1}")
    if min_exact is not None and (ask is None or ask["exact_rate"] < min_exact):
        got = ask["exact_rate"] if ask else None
        out.append(f"/ask exact-set rate (easy+medium) {got} < floor {min_exact}")
    return out
