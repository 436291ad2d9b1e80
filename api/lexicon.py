"""The question parser's dictionary: every name and alias in the graph, and the documents.

Built from the graph itself (``graph.queries.lexicon``: Region, Chain, Agency, Project … with their
aliases) plus the taxonomy's chain aliases (``ingest/data/chains.tsv`` via :mod:`ingest.datafiles`)
for chains the graph holds, and matched leftmost-longest with Aho-Corasick over the question's
``name_key`` (so whitespace and bracket width do not matter). Rebuilt when the set of documents
changes.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass

import ahocorasick_rs
from neo4j import Driver

from core.model import Label, name_key
from graph import asking, queries
from ingest import datafiles

# Minimum key length per label: two characters name a city or a chain (青岛, 氢能); shorter
# project-like names would fire inside unrelated words.
_MIN_LEN = {Label.REGION: 2, Label.CHAIN: 2, Label.AGENCY: 3}
_DEFAULT_MIN_LEN = 4
_REGION_SUFFIX = re.compile(r"(省|市|自治区|自治州|地区|盟|县|区)$")
_LEXICON_LABELS = (
    Label.REGION,
    Label.CHAIN,
    Label.AGENCY,
    Label.PROJECT,
    Label.BASE,
    Label.ENTERPRISE,
    Label.PLATFORM,
)


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    label: Label
    level: str | None = None


@dataclass(frozen=True)
class Hit:
    start: int  # offsets in the question's name_key
    end: int
    surface: str
    entries: tuple[Entry, ...]

    def first(self, *labels: Label) -> Entry | None:
        for label in labels:
            for e in self.entries:
                if e.label is label:
                    return e
        return None


@dataclass(frozen=True)
class DocInfo:
    id: str
    title: str
    level: str | None
    region: str | None
    subject: str = ""  # what a truncated title leaves out (实施方案 → 标志性产业链科技创新)

    @property
    def label(self) -> str:
        """Title and subject together: the words a question may use for the document."""
        return f"{self.subject}{self.title}" if self.subject else self.title


def _taxonomy_aliases() -> dict[str, list[str]]:
    """name_key of a canonical chain name -> its aliases, from the taxonomy's data file."""
    return {name_key(c.name): list(c.aliases) for c in datafiles.chains()}


class Lexicon:
    def __init__(
        self, entries: dict[str, list[Entry]], docs: list[DocInfo], roles: tuple[str, ...] = ()
    ) -> None:
        self.entries = entries
        self.docs = docs
        self.roles = roles  # designation roles the graph holds (东翼, 专业产业基地 …), longest first
        self._keys = list(entries)
        self._ac = ahocorasick_rs.AhoCorasick(self._keys, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)

    def region_cities(self) -> list[Entry]:
        """The graph's cities and provinces (for suggestions), by name."""
        seen = {e.id: e for es in self.entries.values() for e in es if e.label is Label.REGION}
        return sorted((e for e in seen.values() if e.level in ("city", "province")), key=lambda e: e.name)

    def find(self, key_text: str) -> list[Hit]:
        return [
            Hit(start, end, self._keys[i], tuple(self.entries[self._keys[i]]))
            for i, start, end in self._ac.find_matches_as_indexes(key_text)
        ]

    @classmethod
    def build(cls, driver: Driver, docs: list[DocInfo]) -> Lexicon:
        entries: dict[str, list[Entry]] = {}
        taxonomy = _taxonomy_aliases()

        def add(key: str, entry: Entry) -> None:
            if len(key) < _MIN_LEN.get(entry.label, _DEFAULT_MIN_LEN):
                return
            bucket = entries.setdefault(key, [])
            if entry not in bucket:
                bucket.append(entry)

        for row in queries.lexicon(driver, _LEXICON_LABELS):
            label = Label(row["kind"])
            entry = Entry(str(row["id"]), str(row["name"]), label, row.get("level"))
            names = [str(row["name"]), *(str(a) for a in row["aliases"])]
            if label is Label.CHAIN:
                names += taxonomy.get(name_key(str(row["name"])), [])
            for surface in names:
                key = name_key(surface)
                add(key, entry)
                if label is Label.REGION:
                    short = _REGION_SUFFIX.sub("", key)
                    if len(short) >= 2 and short != key:
                        add(short, entry)
        if not entries:  # Aho-Corasick needs one pattern; this one cannot occur in a name_key
            entries["\x00"] = []
        return cls(entries, docs, tuple(asking.designation_roles(driver)))


class LexiconCache:
    """One lexicon per state of the graph's documents (ids and hashes)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamp: str | None = None
        self._lexicon: Lexicon | None = None

    def get(self, driver: Driver) -> Lexicon:
        rows = queries.document_index(driver)
        stamp = hashlib.sha1(repr([(r["id"], r["facts_sha256"]) for r in rows]).encode()).hexdigest()
        with self._lock:
            if self._lexicon is None or stamp != self._stamp:
                docs = [
                    DocInfo(
                        str(r["id"]),
                        str(r["title"] or ""),
                        r["level"],
                        r["region"],
                        str(r.get("subject") or ""),
                    )
                    for r in rows
                ]
                self._lexicon = Lexicon.build(driver, docs)
                self._stamp = stamp
            return self._lexicon


CACHE = LexiconCache()
