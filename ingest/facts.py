"""Accumulates the facts of one document: nodes, relations with their evidence, mentions.

Recognisers call :class:`FactsBuilder` with spans of the normalised text; the builder turns a span
into the id of the sentence that holds it, so every relation carries its evidence.
"""

from __future__ import annotations

import bisect
from dataclasses import replace
from typing import Any

from core.model import (
    SENTENCE_PREFIX,
    DocumentFacts,
    Label,
    Mention,
    Node,
    Rel,
    Relation,
    SentenceRecord,
    content_id,
    entity_id,
    sentence_ids,
)
from ingest.models import LineMap, Quote, StructuredDocument

# Properties whose values add up when one relationship is stated several times (with their separator).
_JOINED = {"role": "、", "designation": "；", "via": "、"}
# A joined value longer than this keeps its parts (FactsBuilder._joined_value) rather than being split
# at every merge: a designation a city states for hundreds of bases grows with the document.
_SPLIT_UP_TO = 512


# Mentions are sorted in buckets of this many leading characters of the sentence id: its prefix and
# two hex digits of its hash, so 256 buckets of even sizes.
_BUCKET_CHARS = len(SENTENCE_PREFIX) + 2
# FactsBuilder.relate: a relation with fewer sentences than this merges new ones by a scan of its
# tuple; one with more keeps them as a set (most relations are stated in one or two sentences: a set
# each would be ~200 B per relation kept to the end of a long document).
_SCAN_UP_TO = 8
_NEAR = 16  # FactsBuilder.sentences_for: how many sentences after the previous span's it bisects first


def _sorted_by_sentence(by_sentence: dict[str, dict[str, None]]) -> list[Mention]:
    """``[Mention(s, n) for s, n in sorted(pairs)]`` of the pairs (s, n) for n in by_sentence[s]:
    the sentence ids sorted, then each one's node ids (the pairs are distinct, so that is their order).

    The sentence ids are sorted in buckets: one sort of a large document's (~200 k at 7 M chars,
    hash-like keys) misses the CPU caches on nearly every comparison. Sorted buckets that fit in the
    cache, taken in key order, give the same order, because cutting strings to their first k
    characters keeps their order (a < b implies a[:k] <= b[:k]).
    """
    width = _BUCKET_CHARS
    buckets: dict[str, list[str]] = {}
    for sid in by_sentence:
        key = sid[:width]
        bucket = buckets.get(key)
        if bucket is None:
            buckets[key] = [sid]
        else:
            bucket.append(sid)
    out: list[Mention] = []
    for key in sorted(buckets):
        for sid in sorted(buckets[key]):
            nodes = by_sentence[sid]
            if len(nodes) == 1:
                for n in nodes:
                    out.append(Mention(sid, n))
            else:
                out += [Mention(sid, n) for n in sorted(nodes)]
    return out


def _quote(lm: LineMap, start: int, end: int) -> Quote:
    """:meth:`LineMap.quote` for a map whose line numbers never decrease: runs found by bisection."""
    lines = lm.lines
    if not 0 <= start < end <= len(lines):
        return lm.quote(start, end)
    first = lines[start]
    if lines[end - 1] == first:  # on one line (most sentences): one slice of it
        return Quote(
            line=first, line_end=first, text=lm.source_lines[first - 1][lm.cols[start] : lm.cols[end - 1] + 1]
        )
    pieces: list[str] = []
    i = start
    while i < end:
        line = lines[i]
        j = bisect.bisect_right(lines, line, i, end) - 1
        pieces.append(lm.source_lines[line - 1][lm.cols[i] : lm.cols[j] + 1])
        i = j + 1
    return Quote(line=lines[start], line_end=lines[end - 1], text="".join(pieces))


class FactsBuilder:
    def __init__(self, doc: StructuredDocument) -> None:
        self.doc = doc
        meta = doc.meta
        props: dict[str, Any] = {
            "title": meta.title,
            "issuer": meta.issuer,
            "date": meta.date,
            "level": meta.level,
            "region": meta.region,
            "period": meta.period,
            "subject": meta.subject,
            "sha256": doc.sha256,
            "chars": len(doc.text),
        }
        self.facts = DocumentFacts(document=Node(Label.DOCUMENT, meta.id, meta.title or meta.id, props=props))
        sentences = doc.sentences
        self._starts = [s.start for s in sentences]
        # sentences_for bisects the few sentences after the previous span's first (when that
        # provably finds what one of all does): a long document's bisections then stay in the caches
        self._ordered = all(map(int.__le__, self._starts, self._starts[1:]))
        self._near = 0  # bisect_right(self._starts, start of the previous span) when _ordered
        ids = sentence_ids(meta.id, [(s.start, s.end) for s in sentences])
        self._sentence_ids: dict[int, str] = {s.index: sid for s, sid in zip(sentences, ids, strict=True)}
        # (start, end, ids) of the sentence the last span fell in: passes go through the text in order
        self._last: tuple[int, int, tuple[str, ...]] = (0, 0, ())
        # Quotes: _quote where the span's line numbers never decrease (always, for normalised text),
        # and one slice of a line for a span on one line (most sentences), else LineMap.quote.
        lm, located, doc_id = doc.line_map, bool(doc.locations), meta.id
        lines, src, cols, n = lm.lines, lm.source_lines, lm.cols, len(lm.lines)
        records = self.facts.sentences
        add = records.append
        if lm.ordered:  # the same records, without testing each span's line numbers
            for s, sid in zip(sentences, ids, strict=True):
                start, end = s.start, s.end
                if 0 <= start < end <= n:
                    first = lines[start]
                    if lines[end - 1] == first:  # then every char between is on that line
                        quote, text = src[first - 1][cols[start] : cols[end - 1] + 1], s.text
                        if quote == text:  # most sentences: one string for both, not a copy per record
                            quote = text
                        add(SentenceRecord(sid, doc_id, first, first, start, end, text, quote))
                        continue
                    q = _quote(lm, start, end)
                else:
                    q = lm.quote(start, end)  # refused: outside the document
                add(SentenceRecord(sid, doc_id, q.line, q.line_end, start, end, s.text, q.text))
        else:  # line numbers may go down: test each span
            for s, sid in zip(sentences, ids, strict=True):
                start, end = s.start, s.end
                if 0 <= start < end <= n:
                    first = lines[start]
                    if lines[end - 1] == first and lines[start:end].count(first) == end - start:
                        quote = src[first - 1][cols[start] : cols[end - 1] + 1]
                        add(SentenceRecord(sid, doc_id, first, first, start, end, s.text, quote))
                        continue
                    span = lines[start:end]
                    q = _quote(lm, start, end) if list(span) == sorted(span) else lm.quote(start, end)
                else:
                    q = lm.quote(start, end)  # refused: outside the document
                add(SentenceRecord(sid, doc_id, q.line, q.line_end, start, end, s.text, q.text))
        if located:  # a PDF's page and line, a Word paragraph
            for k, record in enumerate(records):
                at = doc.location(record.line)
                if at is not None:
                    records[k] = replace(record, page=at.page, page_line=at.page_line, paragraph=at.paragraph)
        self._nodes: dict[str, Node] = {}
        # entity ids by label, then key: a str key (its hash kept by the str) rather than a
        # (label, key) tuple built and hashed per call and read back from a cold entry to compare
        self._ids: dict[Label, dict[str, str]] = {}
        # mentions: the node ids of each sentence id (dicts as ordered sets). Passes mention in text
        # order, so most go to the sentence of the previous one (_msid, _mnodes): a small dict in the
        # caches, not a (sentence, node) pair added to one table of the whole document's (~400 k at
        # 7 M chars, a cache miss per pair).
        self._mentions: dict[str, dict[str, None]] = {}
        self._msid: str | None = None
        self._mnodes: dict[str, None] = {}
        self._rels: dict[tuple[Rel, str, str], int] = {}
        # the sentences of each relation (by position) as a set, once it has _SCAN_UP_TO of them:
        # merging the evidence of a relation stated often then costs the new sentences, not all
        self._rel_sentences: dict[int, set[str]] = {}
        self._sources: set[tuple[Rel, str]] = set()  # (type, src) of every relation
        # the parts of each long joined prop (designation, role, via) of a relation: (value, its parts), so
        # that merging a designation stated k times does not split the growing string k times
        self._joined: dict[tuple[int, str], tuple[object, set[str]]] = {}

    # --- evidence -------------------------------------------------------------------------------

    def sentence_at(self, offset: int) -> str | None:
        """Id of the sentence that contains normalised offset ``offset``."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0:
            return None
        s = self.doc.sentences[i]
        return self._sentence_ids[s.index] if s.start <= offset < s.end else None

    @property
    def sentence_starts(self) -> list[int]:
        """``[s.start for s in doc.sentences]``, built once for every pass (do not mutate it)."""
        return self._starts

    def sentence_positions(self) -> dict[str | None, int]:
        """``{self.sentence_at(s.start): i for i, s in enumerate(doc.sentences)}``: where the
        sentences start in increasing order and none is empty (as structure_text makes them), the
        bisection of sentence_at finds each sentence itself, so its own id, without one."""
        sents, starts, ids = self.doc.sentences, self._starts, self._sentence_ids
        out: dict[str | None, int] = {}
        if all(map(int.__lt__, starts, starts[1:])):
            for i, s in enumerate(sents):
                if s.start >= s.end:
                    break  # an empty sentence: sentence_at finds none for it
                out[ids[s.index]] = i
            else:
                return out
        return {self.sentence_at(st): i for i, st in enumerate(starts)}

    def sentences_for(self, start: int, end: int) -> tuple[str, ...]:
        """Ids of every sentence overlapping ``[start, end)``."""
        last = self._last
        if last[0] <= start < last[1] and end <= last[1]:
            return last[2]  # inside the sentence of the previous span (the bisection finds no other)
        starts = self._starts
        near, n = self._near, len(starts)
        hi = near + _NEAR
        if self._ordered and (near == 0 or starts[near - 1] <= start) and (hi >= n or starts[hi] > start):
            near = bisect.bisect_right(starts, start, near, min(hi, n))
        else:
            near = bisect.bisect_right(starts, start)
        self._near = near
        i = max(near - 1, 0)
        first = self.doc.sentences[i] if self.doc.sentences else None
        if first is not None and first.start <= start and end <= first.end:
            ids = (self._sentence_ids[first.index],)  # the common case: inside one sentence
            self._last = (first.start, first.end, ids)
            return ids
        out: list[str] = []
        sentences = self.doc.sentences
        for k in range(i, len(sentences)):  # (not a slice: a copy of every later sentence per span)
            s = sentences[k]
            if s.start >= end:
                break
            if s.end > start:
                out.append(self._sentence_ids[s.index])
        return tuple(out)

    # --- nodes ----------------------------------------------------------------------------------

    def entity(
        self,
        label: Label,
        name: str,
        *,
        key: str | None = None,
        aliases: tuple[str, ...] = (),
        props: dict[str, Any] | None = None,
        span: tuple[int, int] | None = None,
    ) -> str:
        """Add (or extend) an entity; mention it from the sentence of ``span``. Returns its id."""
        k = key or name
        ids = self._ids.get(label)
        if ids is None:
            ids = self._ids[label] = {}
        nid = ids.get(k)
        if nid is None:
            nid = ids[k] = entity_id(label, k)
        prev = self._nodes.get(nid)
        if prev is not None and (not props or props.keys() <= prev.props.keys()):
            known = prev.aliases
            for a in aliases:
                if a not in known:
                    break
            else:  # known, nothing new to merge (what _add would conclude, without building a Node)
                if span is not None:
                    self.mention(nid, span)
                return nid
        elif prev is None:  # new (what _add does for it, inline)
            self._nodes[nid] = Node(label, nid, name, aliases, props or {})
            if span is not None:
                self.mention(nid, span)
            return nid
        return self._add(Node(label, nid, name, aliases, props or {}), span)

    def content_node(
        self, label: Label, name: str, *parts: object, props: dict[str, Any], span: tuple[int, int] | None
    ) -> str:
        nid = content_id(label, self.doc.meta.id, *parts)
        return self._add(Node(label, nid, name, (), {**props, "doc": self.doc.meta.id}), span)

    def _add(self, node: Node, span: tuple[int, int] | None) -> str:
        prev = self._nodes.get(node.id)
        if prev is None:
            self._nodes[node.id] = node
        elif not (set(node.aliases) <= set(prev.aliases) and node.props.keys() <= prev.props.keys()):
            aliases = tuple(dict.fromkeys(prev.aliases + node.aliases))
            # = replace(prev, aliases=…, props=…), without its walk over the fields
            self._nodes[node.id] = Node(prev.label, prev.id, prev.name, aliases, {**node.props, **prev.props})
        if span is not None:
            self.mention(node.id, span)
        return node.id

    def sentence_id(self, index: int) -> str:
        """Id of the document's sentence ``index`` (:attr:`Sentence.index`)."""
        return self._sentence_ids[index]

    def mention_pairs(self) -> dict[tuple[str, str], None]:
        """The (sentence id, node id) mentions so far, as keys (a copy)."""
        return {(sid, n): None for sid, nodes in self._mentions.items() for n in nodes}

    def add_mention(self, sid: str, node_id: str) -> None:
        """Sentence ``sid`` mentions ``node_id``: :meth:`mention` of a span inside that sentence (for
        loops that already know the sentence)."""
        if sid is not self._msid:  # (an equal id of another object finds the same entry below)
            nodes = self._mentions.get(sid)
            if nodes is None:
                nodes = self._mentions[sid] = {}
            self._msid, self._mnodes = sid, nodes
        self._mnodes[node_id] = None

    def mention(self, node_id: str, span: tuple[int, int]) -> None:
        start, end = span
        last = self._last  # sentences_for's first test inline: most spans follow the previous one
        ids = last[2] if last[0] <= start < last[1] and end <= last[1] else self.sentences_for(start, end)
        for sid in ids:
            self.add_mention(sid, node_id)

    def has(self, node_id: str) -> bool:
        return node_id in self._nodes

    # --- relations ------------------------------------------------------------------------------

    def relate(
        self,
        rtype: Rel,
        src: str,
        dst: str,
        *spans: tuple[int, int],
        props: dict[str, Any] | None = None,
    ) -> None:
        if src == dst:
            return
        if len(spans) == 1:  # distinct sentences already
            start, end = spans[0]
            last = self._last  # sentences_for's first test inline (see mention)
            if last[0] <= start < last[1] and end <= last[1]:
                sentences = last[2]
            else:
                sentences = self.sentences_for(start, end)
        else:
            sentences = tuple(dict.fromkeys(sid for span in spans for sid in self.sentences_for(*span)))
        key = (rtype, src, dst)
        at = self._rels.get(key)
        if at is None:
            self._rels[key] = len(self.facts.relations)
            self._sources.add((rtype, src))
            self.facts.relations.append(Relation(rtype, src, dst, sentences, dict(props or {})))
            return
        # One relationship per (type, ends) and document (that is how it is stored): merge the evidence
        # and keep every role/designation/via the text gives (济南 先导区 and 产业集聚区 for 人工智能).
        prev = self.facts.relations[at]
        known = self._rel_sentences.get(at)
        if known is not None:
            new = [sid for sid in sentences if sid not in known]  # (sentences are distinct)
            known.update(new)
        elif len(prev.sentences) < _SCAN_UP_TO:  # a few: a scan of the tuple, no set to keep
            new = [sid for sid in sentences if sid not in prev.sentences]
        else:
            known = self._rel_sentences[at] = set(prev.sentences)
            new = [sid for sid in sentences if sid not in known]
            known.update(new)
        merged = prev.props  # copied before the first change (the previous Relation is dropped)
        for k, v in (props or {}).items():
            old = merged.get(k)
            if old is None:
                pass
            elif k in _JOINED and v is not None and v != old:
                if len(joined := str(old)) <= _SPLIT_UP_TO:  # short: splitting it is cheapest
                    sep = _JOINED[k]
                    v = old if str(v) in joined.split(sep) else f"{old}{sep}{v}"
                else:
                    v = self._joined_value(at, k, old, v)
            else:
                continue
            if merged is prev.props:
                merged = dict(merged)
            merged[k] = v
        if not new and merged is prev.props:
            return  # stated again in the same sentences with nothing new
        # = tuple(dict.fromkeys(prev.sentences + sentences)): prev.sentences are distinct already
        self.facts.relations[at] = Relation(
            rtype, src, dst, prev.sentences + tuple(new) if new else prev.sentences, merged
        )

    def _joined_value(self, at: int, key: str, old: object, v: object) -> object:
        """``old if str(v) in str(old).split(sep) else f"{old}{sep}{v}"`` (``sep`` the key's), with
        the parts of ``old`` kept from the previous merge of this relation and key."""
        sep = _JOINED[key]
        got = self._joined.get((at, key))
        if got is None or got[0] is not old:  # first merge, or the value was not set here
            got = (old, set(str(old).split(sep)))
        parts = got[1]
        if str(v) in parts:
            self._joined[(at, key)] = got
            return old
        joined = f"{old}{sep}{v}"
        parts.update(str(v).split(sep))  # = joined.split(sep)
        self._joined[(at, key)] = (joined, parts)
        return joined

    def has_relation_from(self, rtype: Rel, src: str) -> bool:
        """Whether a relation of type ``rtype`` starts at ``src``."""
        return (rtype, src) in self._sources

    def warn(self, code: str, message: str) -> None:
        self.facts.warnings.append((code, message))

    def build(self) -> DocumentFacts:
        self.facts.nodes = list(self._nodes.values())
        self.facts.mentions = _sorted_by_sentence(self._mentions)
        for w in self.doc.warnings:
            self.facts.warnings.append((w.code, w.message))
        return self.facts
