"""Cited-passage fallback: the sentences that best match a question, by BM25 over character bigrams.

Chinese has no spaces, and users' words rarely match the documents' segmentation, so the terms are the
character bigrams of the question's content words (question words, answer-type words and document
kind words removed). A sentence must share at least two content bigrams that are not part of an entity
name (so 明天济南会下雨吗 does not match every sentence naming 济南), and the entities the question
names add to a sentence's score. The index is built from :func:`graph.passages.sentences` once per
state of the graph's documents.
"""

from __future__ import annotations

import hashlib
import math
import re
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from neo4j import Driver

from api.ask.answer import Passage
from api.ask.parse import Parsed
from core.model import name_key
from graph import passages as gp
from graph import queries

# Words that say what is asked, not what about: removed from the query before taking bigrams.
FUNCTION_WORDS = re.compile(
    r"(有哪些|是哪些|哪几个|哪几类|哪几种|哪几项|哪几|哪些|哪个|哪项|哪种|哪类|哪里|哪儿|是什么|什么|多少|几个|几家|几项|"
    r"几种|怎么|怎样|如何|是否|有没有|能否|分别|其中|以及|还有|一下|请问|介绍|"
    r"由谁|谁来|谁|吗|呢|吧|啊|了|的|是|和|与|及|或|在|对|将|要|把|被|为|从|向|于|中|"
    r"行动计划|行动方案|实施方案|方案|规划|计划|文件|提出|提到|要求|包括|包含|涉及|"
    r"目标是|目标|达到|实现|力争|"
    r"部门|单位|机构|牵头|负责|配合|责任|任务|这项|这一|那项|这条|项目有)"
)
_PUNCT = re.compile(r"[\s，。？！、；：,.?!;:“”‘’\"'《》（）()【】\[\]—\-…·]+")
_K1, _B = 1.2, 0.75
TOP_N = 5


def _bigrams(text: str) -> list[str]:
    out: list[str] = []
    for part in _PUNCT.split(text):
        out.extend(part[i : i + 2] for i in range(len(part) - 1))
    return out


@dataclass
class _Indexed:  # a sentence as the index holds it
    row: dict[str, Any]
    tf: Counter[str]
    length: int
    entity_ids: frozenset[str]


class PassageIndex:
    def __init__(self, rows: Sequence[dict[str, Any]]) -> None:
        self.docs = [
            _Indexed(
                r,
                Counter(grams := _bigrams(name_key(str(r["text"])))),
                len(grams),
                frozenset(str(e["id"]) for e in r["entities"]),
            )
            for r in rows
        ]
        df: Counter[str] = Counter()
        for d in self.docs:
            df.update(d.tf.keys())
        n = max(len(self.docs), 1)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        self.avg = sum(d.length for d in self.docs) / n if self.docs else 1.0

    def search(
        self,
        content: Sequence[str],
        names: Sequence[str],
        entity_ids: frozenset[str],
        doc: str | None = None,
        limit: int = TOP_N,
    ) -> list[tuple[float, dict[str, Any]]]:
        """(score, sentence row), best first: sentences sharing ≥ 2 content bigrams."""
        terms = list(dict.fromkeys(content))
        name_terms = list(dict.fromkeys(t for t in names if t not in terms))
        scored: list[tuple[float, dict[str, Any]]] = []
        for d in self.docs:
            if doc is not None and d.row["doc"] != doc:
                continue
            hits = [t for t in terms if t in d.tf]
            if len(hits) < 2:
                continue
            norm = _K1 * (1 - _B + _B * d.length / self.avg)
            score = sum(self.idf.get(t, 0.0) * d.tf[t] * (_K1 + 1) / (d.tf[t] + norm) for t in hits)
            score += 0.5 * sum(self.idf.get(t, 0.0) for t in name_terms if t in d.tf)
            score += 2.0 * len(entity_ids & d.entity_ids)
            scored.append((score, d.row))
        scored.sort(key=lambda x: (-x[0], x[1]["doc"], x[1]["line"]))
        if not scored:
            return []
        best = scored[0][0]
        return [x for x in scored[:limit] if x[0] >= 0.5 * best]


class _Cache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamp: str | None = None
        self._index: PassageIndex | None = None

    def get(self, driver: Driver) -> PassageIndex:
        rows = queries.document_index(driver)
        stamp = hashlib.sha1(repr([(r["id"], r["facts_sha256"]) for r in rows]).encode()).hexdigest()
        with self._lock:
            if self._index is None or stamp != self._stamp:
                self._index = PassageIndex(gp.sentences(driver))
                self._stamp = stamp
            return self._index


CACHE = _Cache()


def query_terms(p: Parsed) -> tuple[list[str], list[str]]:
    """(content bigrams, entity-name bigrams) of the question: entity surfaces and document
    references are cut out of the content, function words removed."""
    key = p.key
    names: list[str] = []
    for hit in sorted(p.hits, key=lambda h: h.start, reverse=True):
        names.extend(_bigrams(hit.surface))
        key = key[: hit.start] + "，" + key[hit.end :]
    content = FUNCTION_WORDS.sub("，", key)
    content = re.sub(r"20\d\d年?", "，", content)
    return _bigrams(content), names


def find(driver: Driver, p: Parsed, *, doc: str | None = None, limit: int = TOP_N) -> list[Passage]:
    content, names = query_terms(p)
    if len(set(content)) < 2:
        return []
    ids = frozenset(e.id for h in p.hits for e in h.entries)
    found = CACHE.get(driver).search(content, names, ids, doc=doc or p.doc, limit=limit)
    return [
        Passage(
            doc=str(r["doc"]),
            title=r.get("title"),
            line=int(r["line"]),
            line_end=int(r["line_end"]),
            quote=str(r["quote"]),
            score=score,
            entities=[{k: str(e[k]) for k in ("id", "name", "kind")} for e in r["entities"]],
            targets=list(r["targets"]),
        )
        for score, r in found
    ]


def passage_text(passages: Sequence[Passage], lead: str = "") -> str:
    """The answer sentence over passages: says they are passages, not extracted facts."""
    cites = "；".join(f"{x.doc} 第{x.line}行" for x in passages)
    return (
        f"{lead}图谱中没有直接回答这个问题的抽取事实；以下是与问题最相关的{len(passages)}段原文"
        f"（原文段落，不是抽取出的事实，请以原文为准）：{cites}。"
    )
