"""Scoring: each gold item through its structured endpoint and through POST /api/v1/ask.

An answer's items become candidates (:mod:`evaluation.candidates`), matched one to one against
``expected`` (:mod:`evaluation.matching`); candidates that match ``acceptable_extra`` (or repeat
something already found) are neither right nor wrong. Per item: precision, recall, F1 and exact set
(all expected found, nothing wrong added).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from evaluation.candidates import Candidate, candidates
from evaluation.client import Client
from evaluation.endpoints import structured
from evaluation.gold import corpus_of, in_corpus
from evaluation.matching import Resolver, matcher_for
from evaluation.normalise import UNKNOWN

STRUCTURED = "structured"
ASK = "ask"
ASK_URL = "/api/v1/ask"


@dataclass
class Score:
    id: str
    kind: str
    difficulty: str
    mode: str
    mapped: bool
    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: bool = False
    predicted: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    intent: str | None = None
    error: str | None = None

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if self.fn == 0 else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_items(
    gold: Mapping[str, Any], mode: str, items: Sequence[Mapping[str, Any]] | None, resolver: Resolver
) -> Score:
    kind = str(gold["kind"])
    expected = [str(e) for e in gold["expected"]]
    extra = [str(e) for e in gold.get("acceptable_extra") or []]
    s = Score(str(gold["id"]), kind, str(gold.get("difficulty", "")), mode, mapped=items is not None)
    items = list(items or [])
    cands = candidates(kind, expected, items)
    if not cands and expected == [UNKNOWN]:  # reported nothing = does not know
        cands = [Candidate(text=UNKNOWN, unknown=True)]
    match = matcher_for(kind, expected, items, resolver)
    remaining = list(expected)
    for c in cands:
        hit = next((e for e in remaining if match(e, c)), None)
        if hit is not None:
            remaining.remove(hit)
            s.tp += 1
        elif any(match(e, c) for e in extra) or any(match(e, c) for e in expected):
            continue  # acceptable extra, or a duplicate of something already found
        else:
            s.fp += 1
            s.wrong.append(c.text)
    s.fn = len(remaining)
    s.missed = remaining
    s.predicted = [c.text for c in cands]
    s.exact = s.fn == 0 and s.fp == 0
    return s


def evaluate(
    client: Client, gold: Iterable[Mapping[str, Any]], modes: Sequence[str] = (STRUCTURED, ASK)
) -> list[Score]:
    resolver = Resolver(client)
    scores: list[Score] = []
    gold = list(gold)
    corpus = corpus_of(gold)
    for g in gold:
        params = dict(g.get("params") or {})
        expected = [str(e) for e in g["expected"]]
        if STRUCTURED in modes:
            question = str(g.get("question_zh") or "")
            got = structured(client, str(g["kind"]), params, expected, question, corpus)
            if got is None:
                scores.append(
                    Score(str(g["id"]), str(g["kind"]), str(g.get("difficulty", "")), STRUCTURED, False)
                )
            else:
                s = score_items(g, STRUCTURED, got[0], resolver)
                s.error = got[1]
                scores.append(s)
        if ASK in modes:
            r = client.post(ASK_URL, json={"question": g["question_zh"]})
            if r.status_code != 200:
                s = score_items(g, ASK, [], resolver)
                s.error = f"{r.status_code}: {r.json().get('detail')}"
            else:
                body = r.json()
                s = score_items(g, ASK, in_corpus(body["items"], corpus), resolver)
                s.intent = body["intent"]
            scores.append(s)
    return scores
