"""The typed answer of /ask and what every handler shares: the item dump, the scope words, and
one "items → sentence, or 没有…" helper (:func:`say`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from api.ask.parse import Parsed

EXAMPLES = (
    "青岛有哪些服务于氢能产业链的项目？",
    "哪些城市被打造为全国重要的碳纤维产业基地？",
    "省规划中“新能源新材料”包括哪些细分领域？",
    "氢能产业有哪些量化目标？",
    "“强化关键核心技术攻坚”措施由谁牵头？",
    "哪些文件提到“东方氢岛”？",
    "青岛的氢能产业链缺哪些环节？",
    "氢能产业链需要重点突破哪些关键材料？",
    "介绍一下省发展改革委",
)


@dataclass(frozen=True)
class Passage:
    """A sentence that matches the question: cited, with what the graph extracted from it."""

    doc: str
    title: str | None
    line: int
    line_end: int
    quote: str
    score: float
    entities: list[dict[str, str]] = field(default_factory=list)  # {id, name, kind} it mentions
    targets: list[dict[str, Any]] = field(default_factory=list)  # targets stated in it

    def as_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "title": self.title,
            "line": self.line,
            "line_end": self.line_end,
            "quote": self.quote,
            "score": round(self.score, 3),
            "entities": self.entities,
            "targets": self.targets,
        }


@dataclass
class Answer:
    """One /ask answer: the intent (answer type), what was understood (params), the items of the
    matching endpoint, one Chinese sentence, the Cypher that ran, and cited passages (fallback)."""

    intent: str
    params: dict[str, Any]
    items: list[dict[str, Any]]
    answer: str
    cypher: str
    passages: list[Passage] = field(default_factory=list)

    def as_response(self, question: str) -> dict[str, Any]:
        return {
            "question": question,
            "intent": self.intent,
            "params": self.params,
            "items": self.items,
            "answer": self.answer,
            "cypher": self.cypher,
            "passages": [x.as_dict() for x in self.passages],
        }


def say(items: Sequence[Any], found: str, none: str, *, limit: int = 12) -> str:
    """The answer sentence: ``found`` with ``{n}`` (how many) and ``{names}`` (the first ``limit``
    names) filled in when there are items, else ``none`` (a 没有… sentence)."""
    if not items:
        return none
    return found.format(n=len(items), names=name_list(items, limit))


def dump(rows: Sequence[BaseModel]) -> list[dict[str, Any]]:
    """The rows of :mod:`graph.rows` as the JSON objects the endpoints serve."""
    return [r.model_dump() for r in rows]


def name_list(items: Sequence[Any], limit: int = 12) -> str:
    names = [str(i["name"] if isinstance(i, dict) else i) for i in items]
    text = "、".join(names[:limit])
    return text + (f"等{len(names)}项" if len(names) > limit else "")


def clean(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if v not in (None, "", [])}


def scope(params: dict[str, Any]) -> str:
    parts = []
    if params.get("doc"):
        parts.append(f"文件{params['doc']}中")
    if params.get("city") or params.get("region"):
        parts.append(str(params.get("city") or params.get("region")))
    if params.get("chain"):
        parts.append(f"{params['chain']}领域")
    if params.get("year"):
        parts.append(f"到{params['year']}年")
    return "".join(parts)


def need(intent: str, what: str, p: Parsed) -> Answer:
    extra = f"（“{p.unresolved_doc}”没有唯一对应的文件）" if p.unresolved_doc and not p.doc else ""
    return Answer(
        intent,
        {},
        [],
        f"没有在问题中识别出{what}{extra}，无法回答。可以这样问：" + "；".join(EXAMPLES[:3]),
        "",
    )


def unknown_answer(p: Parsed) -> Answer:
    return Answer("unknown", {}, [], "暂时无法回答这个问题。可以这样问：" + "；".join(EXAMPLES), "")
