"""The graph's domain model: node labels, relationship types and the typed facts ingest hands over.

``ingest`` produces one :class:`DocumentFacts` per document; ``graph.load`` maps it to parameter
rows. Ids are deterministic (codes, normalised names, content hashes) so re-ingesting the same text
produces the same graph.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import MISSING, dataclass, field, fields
from enum import StrEnum
from functools import cache
from typing import Any, TypeVar


class Label(StrEnum):
    DOCUMENT = "Document"
    SENTENCE = "Sentence"
    CHAIN = "Chain"
    REGION = "Region"
    PROJECT = "Project"
    AGENCY = "Agency"
    TASK = "Task"
    TARGET = "Target"
    ENTERPRISE = "Enterprise"
    PLATFORM = "Platform"
    BASE = "Base"
    TECHNOLOGY = "Technology"  # a technology, material, component or product a chain must master


# The level of the reference map's pseudo-document (chain segments from ingest/data), never a plan.
REFERENCE_LEVEL = "reference"

ENTITY_LABELS: tuple[Label, ...] = tuple(x for x in Label if x not in (Label.DOCUMENT, Label.SENTENCE))


# "chain:" for Label.CHAIN: the prefix of every id (built once; ids are made per mention)
_ID_PREFIX = {label: f"{label.value.lower()}:" for label in Label}
SENTENCE_PREFIX = _ID_PREFIX[Label.SENTENCE]  # "sentence:", then a hash (sentence_id)


class Rel(StrEnum):
    SUBCHAIN_OF = "SUBCHAIN_OF"  # (Chain)->(Chain) {doc}
    SERVES = "SERVES"  # (Project)->(Chain)
    LOCATED_IN = "LOCATED_IN"  # (Project|Enterprise|Base|Platform)->(Region)
    PART_OF = "PART_OF"  # (Region)->(Region)
    DESIGNATED_FOR = "DESIGNATED_FOR"  # (Region)->(Chain) {role}
    IN_CHAIN = "IN_CHAIN"  # (Base|Enterprise|Platform)->(Chain)
    LEADS = "LEADS"  # (Agency)->(Task)
    SUPPORTS = "SUPPORTS"  # (Agency)->(Task)
    RESPONSIBLE_FOR = "RESPONSIBLE_FOR"  # (Agency)->(Task): joint responsibility, no lead
    CONCERNS = "CONCERNS"  # (Task)->(Chain)
    MEASURES = "MEASURES"  # (Target)->(Chain)
    SCOPED_TO = "SCOPED_TO"  # (Target)->(Region)
    NEEDS = "NEEDS"  # (Chain)->(Technology) {kind}: 重点突破X、Y等关键材料
    # (Chain)->(Chain) {facet, source}: 围绕A、B等环节 — a segment a plan lists, not a hierarchy level
    HAS_SEGMENT = "HAS_SEGMENT"
    # (Chain)->(Chain) {stage, source, aliases}: a link of the reference map of chain segments
    # (ingest/data/chain_segments.tsv), to the chain or the parent segment; never a plan's hierarchy
    SEGMENT_OF = "SEGMENT_OF"
    MENTIONS = "MENTIONS"  # (Sentence)->(entity)
    IN = "IN"  # (Sentence)->(Document)


_SPACE = re.compile(r"\s+")
_FOLD = str.maketrans({"（": "(", "）": ")", "—": "-", "－": "-", "–": "-", "＋": "+", "，": ",", "·": "·"})
# _FOLD as replacements (no output is a key, so doing them one after the other is the same mapping)
_FOLD_PAIRS = tuple((chr(k), v) for k, v in _FOLD.items() if isinstance(v, str) and chr(k) != v)
_FOLD_ANY = re.compile("[" + "".join(re.escape(a) for a, _ in _FOLD_PAIRS) + "]")


# Full-width ASCII forms and the ideographic space, each with its compatibility decomposition.
_WIDE = {chr(c): unicodedata.normalize("NFKD", chr(c)) for c in (*range(0xFF01, 0xFF5F), 0x3000)}
_WIDE_RE = re.compile("[\uff01-\uff5e\u3000]")


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, faster on Chinese text.

    Full-width punctuation makes most Chinese text fail NFKC's quick check, and full normalisation
    of a whole document is slow. Replacing each full-width form by its decomposition first does not
    change the result (NFKC composes the full decomposition, which this leaves as it is), and the
    rest then usually passes the quick check.
    """
    if unicodedata.is_normalized("NFKC", text):
        return text
    if len(text) < 256:
        m = _WIDE_RE.search(text)
        while m is not None:  # each replacement is one char for one, so earlier text stays clean
            text = text.replace(m.group(), _WIDE[m.group()])
            m = _WIDE_RE.search(text, m.start() + 1)
        if unicodedata.is_normalized("NFKC", text):
            return text
        found = set(text)
    else:  # a long text: one scan for every BMP character that NFKC changes on its own
        found = set(_unstable().findall(text))
    # Other compatibility characters (an em space U+2003 in a whole document): the same replacement
    # by the decomposition, per distinct character that fails the check on its own.
    for ch in found:
        if not unicodedata.is_normalized("NFKC", ch):
            text = text.replace(ch, unicodedata.normalize("NFKD", ch))
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


@cache
def _unstable() -> re.Pattern[str]:
    """A class of the BMP characters that NFKC changes on their own (built once, ≈ 20 ms)."""
    ranges: list[str] = []
    start = -1
    for c in range(0x10001):
        bad = c < 0x10000 and not (0xD800 <= c < 0xE000) and not unicodedata.is_normalized("NFKC", chr(c))
        if bad and start < 0:
            start = c
        elif not bad and start >= 0:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(c - 1))}")
            start = -1
    return re.compile(f"[{''.join(ranges)}]")


def name_key(name: str) -> str:
    """The matching key of a name: NFKC, no whitespace, unified brackets and dashes.

    Used for ids and for whitespace-insensitive look-up (苏州某某 FCP 氢能源设备项目 ==
    苏州某某FCP氢能源设备项目).
    """
    s = name if unicodedata.is_normalized("NFKC", name) else nfkc(name)  # (nfkc's first test)
    if _FOLD_ANY.search(s) is not None:  # (most names have none of them)
        for a, b in _FOLD_PAIRS:  # ``str.translate`` with a dict is slower, even on short names
            if a in s:
                s = s.replace(a, b)
    # Whitespace is never printable but for the space: a printable name without one has none.
    if s.isprintable() and " " not in s:
        return s
    return _SPACE.sub("", s)


def entity_id(label: Label, key: str) -> str:
    """Deterministic id for an entity of ``label`` identified by ``key`` (a code or a name)."""
    return _ID_PREFIX[label] + name_key(key)


def content_id(label: Label, *parts: object) -> str:
    """Deterministic id for a node identified by its content (tasks, targets, sentences)."""
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]
    return _ID_PREFIX[label] + digest


def sentence_id(doc_id: str, start: int, end: int) -> str:
    """``content_id(Label.SENTENCE, doc_id, start, end)`` without the generic packing (one per sentence)."""
    return SENTENCE_PREFIX + hashlib.sha1(f"{doc_id}\x1f{start}\x1f{end}".encode()).hexdigest()[:16]


def sentence_ids(doc_id: str, spans: Iterable[tuple[int, int]]) -> list[str]:
    """``[sentence_id(doc_id, start, end) for start, end in spans]``, in one loop (every sentence
    of a document)."""
    prefix = SENTENCE_PREFIX
    out: list[str] = []
    add = out.append
    # A copy of a hash that has read the doc id costs less than a new hash object (about half of
    # each id's time); b"%d" % n == f"{n}".encode() for an int.
    copy = hashlib.sha1(doc_id.encode() + b"\x1f").copy
    for s, e in spans:
        h = copy()
        h.update(b"%d\x1f%d" % (s, e))
        add(prefix + h.hexdigest()[:16])
    return out


_T = TypeVar("_T")
_FACTORY = object()  # marks an argument left to its field's default factory


def dict_init(cls: type[_T]) -> type[_T]:
    """Give a frozen dataclass an ``__init__`` that fills the instance dict directly.

    The generated one calls ``object.__setattr__`` once per field; extraction builds tens of
    thousands of facts, and this builds each in about half the time. Same signature, defaults (a
    factory called per instance), fields in the same order; still frozen, equal and hashed alike.
    """
    params, body, namespace = [], [], {"_FACTORY": _FACTORY}
    for f in fields(cls):  # type: ignore[arg-type]
        if f.default is not MISSING:
            namespace[f"_d_{f.name}"] = f.default
            params.append(f"{f.name}=_d_{f.name}")
        elif f.default_factory is not MISSING:
            namespace[f"_f_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_FACTORY")
            body.append(f"    if {f.name} is _FACTORY:\n        {f.name} = _f_{f.name}()\n")
        else:
            params.append(f.name)
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: a __post_init__ needs the generated __init__")
    # One store per field into the instance dict, in field order: the dict keeps sharing its keys
    # with the class's other instances (a split table, ~130 B less per instance). update() of an
    # empty dict from a literal would give each instance its own copy of the key table.
    stores = "".join(f"    _dict_[{f.name!r}] = {f.name}\n" for f in fields(cls))  # type: ignore[arg-type]
    src = f"def __init__(self, {', '.join(params)}):\n{''.join(body)}    _dict_ = self.__dict__\n{stores}"
    exec(src, namespace)
    init: Any = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__annotations__ = cls.__init__.__annotations__
    cls.__init__ = init  # type: ignore[method-assign]
    return cls


_dict_init = dict_init  # the name this module's fact classes use


@_dict_init
@dataclass(frozen=True)
class Node:
    label: Label
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    props: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@_dict_init
@dataclass(frozen=True)
class SentenceRecord:
    """Evidence anchor. ``quote`` is verbatim text of lines ``line``..``line_end`` of ``doc``."""

    id: str
    doc: str
    line: int
    line_end: int
    start: int
    end: int
    text: str  # normalised sentence text
    quote: str  # verbatim original text
    # Where a PDF or Word file has the quote (``line`` is then a line of its extracted text).
    page: int | None = None  # PDF page, 1-based
    page_line: int | None = None  # line on that page, from the top
    paragraph: int | None = None  # Word paragraph number (ActiveDocument.Paragraphs(n))


@_dict_init
@dataclass(frozen=True)
class Relation:
    type: Rel
    src: str  # node id
    dst: str  # node id
    sentences: tuple[str, ...]  # ids of the sentences that state it
    props: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@_dict_init
@dataclass(frozen=True)
class Mention:
    sentence: str
    node: str


@dataclass
class DocumentFacts:
    """Everything one document contributes to the graph."""

    document: Node  # label Document; props: title, issuer, date, level, region, sha256
    sentences: list[SentenceRecord] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (code, message)

    @property
    def doc_id(self) -> str:
        return self.document.id
