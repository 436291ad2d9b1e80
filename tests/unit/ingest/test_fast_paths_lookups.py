"""Fast paths of the dictionary look-ups give what the plain definitions give.

Texts: the development documents (seeds and, where present, the Shanghai plans), a generated plan
(dense, templated) and random mixes of the fragments each rule reads (edge cases: fragments glued,
split, at the ends of the text).
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from typing import Any

from core.model import _FOLD, _SPACE, Label, Node, Rel, Relation, entity_id, name_key
from ingest import agencies, gazetteer, lexicon, nlp
from ingest.facts import _JOINED, FactsBuilder
from ingest.folding import Matcher, fold
from ingest.gazetteer import is_region_name
from ingest.reader import structure_text
from tests.unit.sources import on_sources


@cache
def _documents() -> tuple[str, ...]:
    from benchmarks import _corpus
    from benchmarks.bench_structure import dev_text

    return (dev_text(), _corpus.document("g", 5, 60_000).text, _corpus.document("g", 11, 30_000).text)


def _mixes(pool: list[str], n: int, seed: int) -> Iterator[str]:
    rnd = random.Random(seed)
    for _ in range(n):
        yield "".join(rnd.choice(pool) for _ in range(rnd.randint(1, 14)))


# --- agencies ------------------------------------------------------------------------------------


def _plain_prefix_before(text: str, s: int) -> int:
    start = s
    for lv in agencies.LEVELS:
        if text.startswith(lv, s - len(lv)) and s - len(lv) >= 0:
            start = s - len(lv)
            break
    for k in range(10, 1, -1):
        i = start - k
        if i < 0:
            continue
        head = text[i : start + (1 if start < s else 0)]
        if is_region_name(head):
            return i
    return start


def _plain_find_agencies(text: str, region: str | None) -> list[agencies.AgencyMatch]:
    """find_agencies as it was: every prefix looked up, overlaps tested against every body."""
    out: list[agencies.AgencyMatch] = []
    taken: list[tuple[int, int]] = []
    for s, e, (kind, _key) in agencies._data().matcher.find(text):
        if text.startswith("门", e):
            continue
        start = s if kind == "named" else _plain_prefix_before(text, s)
        if kind == "stem" and start == s and (e - s < 3 or text[s:e].endswith("政府")):
            continue
        ref = agencies.normalise_agency(text[start:e], region)
        if ref is not None:
            out.append(agencies.AgencyMatch(start, e, text[start:e], ref))
            taken.append((start, e))
    for m in agencies._task_force_names(text):
        s = m.start()
        lead = agencies._TF_LEAD.match(m.group())
        if lead:
            s += lead.end()
        if s > 0 and not agencies._BEFORE.match(text[s - 1]) and text[s - 1] not in "省市":
            continue
        if s > 0 and text[s - 1] in "省市":
            s -= 1
        ref = agencies.normalise_agency(text[s : m.end()], region)
        if ref is not None:
            out.append(agencies.AgencyMatch(s, m.end(), text[s : m.end()], ref))
    for m in agencies._government_names(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        for s in range(m.start(), m.end() - 4):
            ref = agencies.normalise_agency(text[s : m.end()], region)
            if ref is not None:
                out.append(agencies.AgencyMatch(s, m.end(), text[s : m.end()], ref))
                break
    out.sort(key=lambda a: a.start)
    return out


_AGENCY_POOL = [
    *"省市区县州旗，、。（）(）和及与由 各",
    "自治区",
    "国家",
    "青岛市",
    "黄岛区",
    "山东省",
    "浦东新区",
    "延边朝鲜族自治州",
    "发展改革委",
    "发改委",
    "工业和信息化局",
    "财政局",
    "人民政府",
    "政府",
    "区政府",
    "各区（市）政府",
    "“十强”产业专班",
    "工作专班",
    "部门",
    "牵头",
    "科技局",
]


def test_prefix_before_skips_only_where_no_region_name_can_end() -> None:
    texts = [*_documents(), *_mixes(_AGENCY_POOL, 3000, 5)]
    checked = 0
    for text in texts:
        for s, _e, _payload in agencies._data().matcher.find(text):
            assert agencies._prefix_before(text, s) == _plain_prefix_before(text, s), (text[:80], s)
            checked += 1
        for s in range(0, min(len(text), 40)):  # every offset near the start: the bounds of the text
            assert agencies._prefix_before(text, s) == _plain_prefix_before(text, s), (text[:80], s)
    assert checked > 5000


def test_find_agencies_is_the_plain_scan() -> None:
    found = 0
    for region in (None, "青岛市", "上海市"):
        for text in [*_documents(), *_mixes(_AGENCY_POOL, 1500, 9)]:
            got = agencies.find_agencies(text, region)
            assert got == _plain_find_agencies(text, region), text[:80]
            found += len(got)
    assert found > 3000


# --- chains in short texts -------------------------------------------------------------------------


def _plain_find(matcher: Matcher[Any], text: str) -> list[tuple[int, int, Any]]:
    """Matcher.find as defined: the cached fold, every match mapped through its offsets."""
    folded, idx = fold(text)
    return [
        (idx[s], idx[e - 1] + 1, matcher.payloads[p])
        for p, s, e in matcher._ac.find_matches_as_indexes(folded)
    ]


def _plain_find_chains(text: str) -> list[lexicon.ChainHit]:
    """lexicon.find_chains as it was: matches, context guards, then is_word on each short match's window."""
    hits = []
    for start, end, chain in _plain_find(gazetteer._chains().matcher, text):
        if chain.not_in and gazetteer._rejected(text, start, end, chain.not_in):
            continue
        if end - start <= 2:
            lo = max(0, start - 8)
            if not nlp.is_word(text[lo : end + 8], start - lo, end - lo):
                continue
        hits.append(lexicon.ChainHit(start, end, chain.name, text[start:end]))
    return hits


@cache
def _pass_slices() -> tuple[str, ...]:
    """Every text the extraction passes ask lexicon.find_chains about, on the development documents
    and the generated plans (recorded on the sources: compiled passes call it natively)."""
    got: tuple[str, ...] = on_sources(f"{__name__}:_record_pass_slices")
    return got


def _record_pass_slices() -> tuple[str, ...]:
    from ingest.extract import extract_facts

    asked: list[str] = []
    plain = lexicon.find_chains

    def record(text: str) -> list[lexicon.ChainHit]:
        asked.append(text)
        return plain(text)

    lexicon.find_chains = record
    try:
        for text in _documents():
            extract_facts(structure_text(text, "doc"))
    finally:
        lexicon.find_chains = plain
    return tuple(asked)


def _random_slices(n: int, seed: int) -> Iterator[str]:
    """Slices of the raw documents (whitespace, line breaks and full-width forms left in), cut anywhere."""
    rnd = random.Random(seed)
    docs = _documents()
    for _ in range(n):
        doc = rnd.choice(docs)
        a = rnd.randrange(len(doc))
        yield doc[a : a + rnd.choice((1, 2, 3, 5, 8, 12, 20, 40, 80, 200, 511, 512, 513, 900))]


_CHAIN_POOL = [
    *"储能源产业链，。、（） \n\u3000ＡＢ１２",
    "储能",
    "存储能力",
    "氢能",
    "新能源汽车",
    "集成电路",
    "人工智能",
    "生物医药",
    "光伏",
    "新材料",
    "\u2003",
    "ﬁ",
    "…",
]


def test_short_texts_are_matched_as_the_cached_fold_matches_them() -> None:
    matchers = [gazetteer._chains().matcher, gazetteer._regions().matcher, agencies._data().matcher]
    texts = [*_pass_slices()[:3000], *_random_slices(3000, 2), *_mixes(_CHAIN_POOL, 3000, 4)]
    for text in texts:
        for m in matchers:
            assert m.find(text) == _plain_find(m, text), text[:80]


def test_find_chains_is_the_plain_definition_on_every_slice_the_passes_make() -> None:
    slices = _pass_slices()
    assert len(slices) > 1000  # (fewer on a second extraction: some callers memoise across documents)
    hits = 0
    for text in [*slices, *_random_slices(4000, 7), *_mixes(_CHAIN_POOL, 4000, 8)]:
        got = lexicon.find_chains(text)
        assert got == _plain_find_chains(text), text[:80]
        hits += len(got)
    assert hits > 2000


def test_word_test_around_is_is_word_on_the_window() -> None:
    test = nlp.word_test_around(8)
    checked = 0
    for text in [*_documents(), *_mixes(_CHAIN_POOL, 2000, 6)]:
        for start, end, _chain in gazetteer.chain_spans(text):
            for s, e in ((start, end), (start, min(start + 2, end)), (max(end - 2, start), end)):
                lo = max(0, s - 8)
                assert test(text, s, e) == nlp.is_word(text[lo : e + 8], s - lo, e - lo), (
                    text[s - 9 : e + 9],
                    s,
                )
                checked += 1
    assert checked > 10000


# --- name_key ------------------------------------------------------------------------------------


def test_name_key_skips_only_what_cannot_change() -> None:
    """The printable test stands for a whitespace search, the fold-char search for the replacements."""
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    assert " " in spaces and "\u3000" in spaces and "\x1c" in spaces
    odd = ["\x00", "\u200b", "\ufeff", "\u00ad", "\U000e0001", "\ud7ff", "\U0001f600"]
    pool = [*spaces, *odd, *"中文产业链（）—－–＋，·ＡＢ１２ab", "\u0301", "\uf98e", "\u3224"]
    rnd = random.Random(13)
    samples = [*pool, *("".join(rnd.choice(pool) for _ in range(rnd.randint(1, 10))) for _ in range(20000))]
    samples += [s for text in _documents()[1:] for s in text.splitlines()[:400]]
    for s in samples:
        assert name_key(s) == _SPACE.sub("", unicodedata.normalize("NFKC", s).translate(_FOLD)), repr(s)


# --- FactsBuilder ----------------------------------------------------------------------------------


class _PlainFactsBuilder:
    """entity, _add and relate as they were: every call through _add, a Relation rebuilt per merge;
    the rest is the FactsBuilder's it wraps (a compiled class cannot be subclassed)."""

    def __init__(self, doc: Any) -> None:
        self.fb = FactsBuilder(doc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.fb, name)

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
        nid = entity_id(label, key or name)
        return self._add(Node(label, nid, name, aliases, props or {}), span)

    def _add(self, node: Node, span: tuple[int, int] | None) -> str:
        prev = self._nodes.get(node.id)
        if prev is None:
            self._nodes[node.id] = node
        elif not (set(node.aliases) <= set(prev.aliases) and node.props.keys() <= prev.props.keys()):
            aliases = tuple(dict.fromkeys(prev.aliases + node.aliases))
            self._nodes[node.id] = replace(prev, aliases=aliases, props={**node.props, **prev.props})
        if span is not None:
            self.mention(node.id, span)
        return node.id

    def relate(
        self, rtype: Rel, src: str, dst: str, *spans: tuple[int, int], props: dict[str, Any] | None = None
    ) -> None:
        if src == dst:
            return
        sentences = tuple(dict.fromkeys(sid for span in spans for sid in self.sentences_for(*span)))
        key = (rtype, src, dst)
        at = self._rels.get(key)
        if at is None:
            self._rels[key] = len(self.facts.relations)
            self._sources.add((rtype, src))
            self.facts.relations.append(Relation(rtype, src, dst, sentences, dict(props or {})))
            return
        prev = self.facts.relations[at]
        merged = dict(prev.props)
        for k, v in (props or {}).items():
            old = merged.get(k)
            if old is None:
                merged[k] = v
            elif k in _JOINED and v is not None and v != old:
                sep = _JOINED[k]
                merged[k] = old if str(v) in str(old).split(sep) else f"{old}{sep}{v}"
        self.facts.relations[at] = Relation(
            rtype, src, dst, tuple(dict.fromkeys(prev.sentences + sentences)), merged
        )


def _facts_of(fb: FactsBuilder | _PlainFactsBuilder) -> tuple[Any, ...]:
    f = fb.build()
    return (
        [(n.label, n.id, n.name, n.aliases, sorted(n.props.items(), key=repr)) for n in f.nodes],
        [(r.type, r.src, r.dst, r.sentences, sorted(r.props.items(), key=repr)) for r in f.relations],
        f.mentions,
    )


def test_facts_builder_records_what_the_plain_builder_records() -> None:
    doc = structure_text("第一句讲氢能。第二句讲储能和氢能。第三句讲上海。第四句。" * 8, "t")
    n = len(doc.text)
    rnd = random.Random(17)
    names = ["氢能", "储能", "上海", "上 海", "（一）光伏", "ＡＢ"]
    prop_pool: list[dict[str, Any]] = [
        {},
        {"role": "先导区"},
        {"role": "集聚区"},
        {"role": None},
        {"via": "专班"},
        {"designation": "基地", "source": "list"},
        {"source": None},
        {"x": 1},
    ]
    for _round in range(40):
        fast, plain = FactsBuilder(doc), _PlainFactsBuilder(doc)
        ids: list[str] = []
        for _ in range(300):
            a = rnd.randrange(n)
            span = (a, min(n, a + rnd.choice((1, 3, 12, 40))))
            if rnd.random() < 0.5 or len(ids) < 2:
                label = rnd.choice((Label.CHAIN, Label.REGION, Label.PROJECT))
                name = rnd.choice(names)
                kw: dict[str, Any] = {
                    "key": rnd.choice((None, None, "", name + "2")),  # "" keys by the name
                    "aliases": tuple(rnd.sample(names, rnd.randint(0, 2))),
                    "props": dict(rnd.choice(prop_pool)) or None,
                    "span": rnd.choice((None, span)),
                }
                got = fast.entity(label, name, **kw)
                assert got == plain.entity(label, name, **kw)
                ids.append(got)
            else:
                rtype = rnd.choice((Rel.LOCATED_IN, Rel.SUBCHAIN_OF))
                src, dst = rnd.choice(ids), rnd.choice(ids)
                spans = rnd.choice(((span,), (span, (0, 2)), ()))
                props = dict(rnd.choice(prop_pool)) or None
                fast.relate(rtype, src, dst, *spans, props=props)
                plain.relate(rtype, src, dst, *spans, props=dict(props) if props else None)
        assert _facts_of(fast) == _facts_of(plain)


def test_facts_builder_replays_an_extraction_as_the_plain_builder() -> None:
    doc = structure_text(_documents()[1], "g")
    calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = on_sources(f"{__name__}:_extraction_calls")
    assert len(calls) > 5000
    fast, plain = FactsBuilder(doc), _PlainFactsBuilder(doc)
    for m, a, k in calls:
        assert getattr(fast, m)(*a, **k) == getattr(plain, m)(*a, **k)
    assert _facts_of(fast) == _facts_of(plain)


def _extraction_calls() -> list[tuple[str, tuple[Any, ...], dict[str, Any]]]:
    """The FactsBuilder calls an extraction of a generated plan makes (patched on the sources:
    compiled passes call its methods natively)."""
    from ingest.extract import extract_facts

    doc = structure_text(_documents()[1], "g")
    calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []
    names = ("entity", "relate", "content_node", "mention")
    plain_methods = {m: getattr(FactsBuilder, m) for m in names}

    def recorder(m: str) -> Any:
        def call(self: FactsBuilder, *a: Any, **k: Any) -> Any:
            calls.append((m, a, {x: dict(v) if isinstance(v, dict) else v for x, v in k.items()}))
            return plain_methods[m](self, *a, **k)

        return call

    for m in names:
        setattr(FactsBuilder, m, recorder(m))
    try:
        extract_facts(doc)
    finally:
        for m in names:
            setattr(FactsBuilder, m, plain_methods[m])
    return calls
