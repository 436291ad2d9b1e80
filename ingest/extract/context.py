"""What every extraction pass works on: one document, its facts so far, and the look-ups they share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ingest import lexicon
from ingest.facts import FactsBuilder
from ingest.lexicon import RegionHit
from ingest.models import StructuredDocument


@dataclass
class Context:
    """One document being read. A pass reads ``doc`` and the facts so far and records new facts
    through ``fb``; the other fields are what passes tell later passes, and memos of look-ups."""

    doc: StructuredDocument
    fb: FactsBuilder
    scope: RegionHit | None  # the document's own region (province or city)
    index: lexicon.TextIndex  # dictionary matches over the whole text, by offset
    chain_of_heading: dict[int, str] = field(default_factory=dict)  # heading index -> chain id
    chain_names: dict[str, str] = field(default_factory=dict)  # chain id -> canonical name (name_chain)
    chain_names_changes: int = 0  # how often chain_names changed: memos of it compare this
    placed: set[str] = field(default_factory=set)  # regions whose PART_OF ancestry is recorded
    # (raw, listed) -> normalised
    agency_hits: dict[tuple[str, bool], lexicon.AgencyHit | None] = field(default_factory=dict)
    in_review: dict[int, bool] = field(default_factory=dict)  # heading index -> lookups.in_review
    chains_in: dict[str, list[lexicon.ChainHit]] = field(default_factory=dict)  # text -> chains in it
    subjects: list[str] = field(default_factory=list)  # chains the document is about (its title's)
    # industries the taxonomy lacks, named by this document: written form -> chain id
    open_chains: dict[str, str] = field(default_factory=dict)
    claimed: set[int] = field(default_factory=set)  # offsets a layout rule designated (extract.layout)
    goals: list[int] | None = None  # headings titled as goals (lookups.in_goals), found once
    # (window start, string) -> occurrences in that window of the text (lookups.text_count)
    text_counts: dict[tuple[int, str], int] = field(default_factory=dict)
    # Node ids of calls of ingest.extract.nodes already made (region, chain, agency): a node never
    # loses an alias or a property, so a repeated call only adds the mention (see FactsBuilder.entity).
    known: dict[tuple[object, ...], str] = field(default_factory=dict)

    def name_chain(self, cid: str, name: str) -> None:
        """``chain_names[cid] = name``, counted in ``chain_names_changes`` when it changes anything
        (the only writer of chain_names: boxes memoises look-ups of it by that count)."""
        names = self.chain_names
        if names.get(cid) != name:
            names[cid] = name
            self.chain_names_changes += 1

    @classmethod
    def for_document(cls, doc: StructuredDocument) -> Context:
        """A fresh context: no facts yet, the document's region resolved, its text indexed."""
        fb = FactsBuilder(doc)
        scope = lexicon.region_by_name(doc.meta.region) if doc.meta.region else None
        return cls(doc, fb, scope, lexicon.TextIndex(doc.text, scope, doc.meta.region))


# An extraction pass: reads the document and the facts so far, records new facts through ctx.fb.
Pass = Callable[[Context], None]
