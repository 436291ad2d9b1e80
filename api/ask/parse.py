"""Question parsing: every constraint the question names, found by dictionary and pattern, never by
matching a whole template.

Recognised: entities by dictionary matching (:mod:`api.lexicon`: regions incl. districts and places,
chains with aliases, agencies, projects …), document references (《…》, 省规划, 青岛规划, “三个坚决”方案 →
the one document whose title, level or region fits), years (到2025年), quoted terms and task titles
(nested quotes ‘…’ normalised), comparators (超过/不少于/以内 …) and the answer type asked for
(:func:`answer_type`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from api.lexicon import DocInfo, Hit, Lexicon
from core.model import Label, name_key

# Chain names too generic to be the subject of a question (the whole of a plan, not one chain).
_GENERIC_CHAINS = frozenset(
    name_key(x) for x in ("战略性新兴产业", "新兴产业", "产业", "产业链", "产业集群", "传统产业", "重点产业")
)
_QUOTES = re.compile(r"[“\"「『]([^”\"」』]{1,60})[”\"」』]")
_BOOK = re.compile(r"《([^》]{1,60})》")
YEAR = re.compile(r"(?:到|至|截至)?\s*(20\d\d)\s*年")
_PAREN = re.compile(r"[（(]([^（）()《》]{2,30})[）)]")
_DOC_KIND = re.compile(r"(规划|方案|意见|通知|计划|纲要)")
# Characters that end a phrase when reading backwards from 规划/方案.
PHRASE_STOP = set("，。？！、；：,.?!;:的在中对由和与及了是各《》（）() ")


@dataclass
class Parsed:
    question: str
    key: str  # name_key of the question
    hits: list[Hit]
    doc: str | None = None
    doc_spans: list[tuple[int, int]] = field(default_factory=list)  # in the raw question
    year: int | None = None
    quoted: list[str] = field(default_factory=list)
    unresolved_doc: str | None = None  # a document reference that matched no (or several) documents
    lex: Lexicon | None = None

    def has(self, *words: str) -> bool:
        return any(w in self.question for w in words)

    def free_quoted(self) -> list[str]:
        """Quoted terms outside document references (省“十四五”规划 quotes a title, not a term)."""
        inside = [self.question[a:b] for a, b in self.doc_spans]
        return [q for q in self.quoted if not any(q in t for t in inside)]

    def entities(self, label: Label) -> list[tuple[Hit, str]]:
        """(hit, canonical name) for each hit that can be ``label``, in order, distinct names."""
        seen: set[str] = set()
        out: list[tuple[Hit, str]] = []
        for hit in self.hits:
            entry = hit.first(label)
            if entry and entry.id not in seen:
                if label is Label.CHAIN and name_key(entry.name) in _GENERIC_CHAINS:
                    continue
                seen.add(entry.id)
                out.append((hit, entry.name))
        return out

    def first(self, label: Label) -> str | None:
        found = self.entities(label)
        return found[0][1] if found else None

    def chain(self) -> str | None:
        """The most specific chain named: the longest surface wins over a shorter one."""
        found = self.entities(Label.CHAIN)
        if not found:
            return None
        return max(found, key=lambda x: (x[0].end - x[0].start, -x[0].start))[1]


# --------------------------------------------------------------------------------------------------
# Recognition


def _doc_candidates(lex: Lexicon, phrase: str, kind: str | None) -> list[DocInfo]:
    """Documents a reference like 省 / 青岛 / 三个坚决 / 未来产业 (before 规划/方案) denotes."""
    key = name_key(phrase).strip('“”"')
    if not key:
        return []
    province_words = ("省", "全省", "省级")
    if key in province_words or key.endswith("省"):
        docs = [d for d in lex.docs if d.level == "province"]
        if kind:
            docs = [d for d in docs if kind in d.label] or docs
        return docs
    for hit in lex.find(key):
        region = hit.first(Label.REGION)
        if region and hit.start == 0 and hit.end == len(key):
            return [
                d for d in lex.docs if d.region and name_key(d.region) in (name_key(region.name), hit.surface)
            ]
    core = key[1:] if key.startswith("省") else key
    docs = [d for d in lex.docs if core and core in name_key(d.label)]
    if docs:
        return docs
    # A quoted part of the phrase (省“十四五”战新规划 → “十四五”), within the region's documents.
    quoted = [name_key(q) for q in _QUOTES.findall(phrase)]
    pool = [d for d in lex.docs if d.level == "province"] if key.startswith("省") else lex.docs
    return [d for d in pool if quoted and all(q in name_key(d.label) for q in quoted)]


def _bigrams(text: str) -> set[str]:
    key = name_key(text)
    return {key[i : i + 2] for i in range(len(key) - 1)}


def _closest_docs(question: str, docs: list[DocInfo]) -> list[DocInfo]:
    """Of several documents a reference fits, the one whose title and subject share the most of the
    question's words (科技创新方案 … 标志性产业链 → the 标志性产业链科技创新 plan); all on a tie."""
    if len(docs) < 2:
        return docs
    words = _bigrams(question)
    scores = [len(words & _bigrams(d.label)) for d in docs]
    best = max(scores)
    return [d for d, sc in zip(docs, scores, strict=True) if sc == best]


def _find_document(lex: Lexicon, question: str) -> tuple[str | None, list[tuple[int, int]], str | None]:
    spans: list[tuple[int, int]] = []
    tried: list[str] = []
    for mt in _BOOK.finditer(question):
        docs = [d for d in lex.docs if name_key(mt.group(1)) in name_key(d.label)]
        tried.append(mt.group(0))
        if len(docs) == 1:
            end = mt.end()
            kind = _DOC_KIND.match(question, end)
            return docs[0].id, [(mt.start(), kind.end() if kind else end)], None
    for mt in _PAREN.finditer(question):
        # 新一代信息技术产业（三个坚决）: a bracketed reference naming exactly one document's title
        ref = name_key(_DOC_KIND.sub("", mt.group(1)))
        docs = [d for d in lex.docs if len(ref) >= 2 and ref in name_key(d.label)]
        if len(docs) == 1:
            return docs[0].id, [(mt.start(), mt.end())], None
    for mt in _DOC_KIND.finditer(question):
        start = mt.start()
        i = start
        depth = 0
        while i > 0:
            ch = question[i - 1]
            if ch == "”":
                depth += 1
            elif ch == "“":
                depth -= 1
            elif depth == 0 and ch in PHRASE_STOP:
                break
            i -= 1
        phrase = question[i:start]
        if not phrase:
            continue
        tried.append(phrase + mt.group(1))
        docs = _closest_docs(question, _doc_candidates(lex, phrase, mt.group(1)))
        if len(docs) == 1:
            spans.append((i, mt.end()))
            return docs[0].id, spans, None
    return None, spans, (tried[0] if tried else None)


def parse(lex: Lexicon, question: str) -> Parsed:
    doc, spans, unresolved = _find_document(lex, question)
    # Entities are matched outside document references, so 《三个坚决》 or 青岛规划 do not
    # also count as a chain or a city filter.
    masked = list(question)
    for a, b in spans:
        for i in range(a, b):
            masked[i] = "，"
    key = name_key("".join(masked))
    year_m = YEAR.search(question)
    return Parsed(
        question=question,
        key=key,
        hits=lex.find(key),
        doc=doc,
        doc_spans=spans,
        year=int(year_m.group(1)) if year_m else None,
        quoted=[q.strip() for q in _QUOTES.findall(question) if len(q.strip()) >= 2],
        unresolved_doc=unresolved,
        lex=lex,
    )


# --------------------------------------------------------------------------------------------------
# Answer types: what the question asks for, whatever else it names.

_ROLE_WORDS = ("牵头", "配合", "负责", "责任单位", "责任部门", "统筹", "主管", "协同")
_WHO_WORDS = ("谁", "部门", "单位", "机构", "专班")
_AGENCY_ASKS = ("哪些部门", "哪个部门", "哪些单位", "哪个单位", "哪个机构", "哪些机构", "哪个专班")


def asks_agencies(p: Parsed) -> bool:
    """哪些部门牵头 / 牵头部门是哪些 / 责任单位是 / 谁负责 / 涉及哪些部门: agencies are the answer."""
    return (p.has(*_ROLE_WORDS) and p.has(*_WHO_WORDS)) or p.has(*_AGENCY_ASKS)
