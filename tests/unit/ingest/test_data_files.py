"""ingest/data/*.tsv through ingest.datafiles: every file read as declared, keys unique, references
resolved, and names that two different entries share reported (a new clash fails, with the names)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import pytest

from core.errors import ConfigError
from core.model import name_key
from ingest import datafiles as d
from tests import corpus

# Names two different entries share today, each with why it stays. Key: the shared name (name_key);
# value: the entries sharing it. Anything not listed here is a new clash.
KNOWN_ZONE_CLASHES = {
    # The 张江 zone (高新区) lists 张江科学城 as an alias, and 张江科学城 has its own row (科学城, in
    # 浦东新区); the earlier row wins, so the bare name resolves to the 张江 zone.
    "张江科学城": {"张江", "张江科学城"},
    # One corridor in two rows: its short name and its full name (whose alias is the short name).
    "G60科创走廊": {"G60科创走廊", "长三角G60科创走廊"},
}
# A county-level city and a county of the same base name under one prefecture (临夏市, 临夏县): the
# bare short form is ambiguous by nature, and resolves to neither.
KNOWN_SIBLING_REGION_CLASHES = {
    "临夏": {"622901", "622921"},
    "和田": {"653201", "653221"},
    "伊宁": {"654002", "654021"},
    "新竹": {"719002", "719004"},
    "嘉义": {"719003", "719010"},
}


def _clashes(entries: Iterable[tuple[str, Iterable[str]]]) -> dict[str, set[str]]:
    """name_key -> the entries (by id) whose forms fold to it, where more than one does."""
    owners: dict[str, set[str]] = defaultdict(set)
    for ident, forms in entries:
        for form in forms:
            if key := name_key(form):
                owners[key].add(ident)
    return {k: v for k, v in owners.items() if len(v) > 1}


# --- every file as declared ------------------------------------------------------------------------


def test_every_data_file_has_a_declared_table() -> None:
    files = {p.name for p in resources.files("ingest.data").iterdir() if p.name.endswith(".tsv")}
    assert files == {t.file for t in d.TABLES}


@pytest.mark.parametrize("table", d.TABLES, ids=lambda t: t.file)
def test_rows_have_the_declared_columns(table: d.Table) -> None:
    rows = d.read_table(table)  # refuses a bad header, a short or long row, a bad value
    assert rows
    assert all(tuple(r.cells) == table.names for r in rows)


def test_keys_are_unique() -> None:
    for name, keys in (
        ("regions", [r.code for r in d.regions()]),
        ("zones", [z.name for z in d.zones()]),
        ("chains", [c.name for c in d.chains()]),
        ("chain stopwords", d.chain_stopwords()),
        ("agency stems", [s.canonical for s in d.agency_stems()]),
        ("agencies", [a.canonical for a in d.agencies()]),
    ):
        assert len(keys) == len(set(keys)), name


# --- references ------------------------------------------------------------------------------------


def test_references_resolve() -> None:
    regions = d.regions()
    codes = {r.code for r in regions}
    assert [r.code for r in regions if r.parent is not None and r.parent not in codes] == []
    assert [r.code for r in regions if r.parent is None and r.level != "province"] == []
    zones = d.zones()
    assert [z.name for z in zones if z.parent is not None and z.parent not in codes] == []
    assert [z.name for z in zones if z.same_as is not None and z.same_as not in codes] == []
    assert [e.name for e in d.region_extra() if e.code is not None and e.code not in codes] == []
    chains = d.chains()
    names = {c.name for c in chains}
    assert [c.name for c in chains if c.parent is not None and c.parent not in names] == []
    agencies = d.agencies()
    canonical = {a.canonical for a in agencies}
    assert [a.canonical for a in agencies if a.region is not None and a.region not in codes] == []
    assert [a.canonical for a in agencies if a.successor is not None and a.successor not in canonical] == []


# --- names two entries share -----------------------------------------------------------------------


def test_no_chain_names_clash() -> None:
    assert _clashes((c.name, (c.name, *c.aliases)) for c in d.chains()) == {}


def test_zone_names_clash_only_as_documented() -> None:
    assert _clashes((z.name, (z.name, *z.aliases)) for z in d.zones()) == KNOWN_ZONE_CLASHES


def test_a_zone_named_like_a_region_is_that_region() -> None:
    """A zone printed like a division must be coterminous with it (浦东新区 = 310115)."""
    by_form: dict[str, set[str]] = defaultdict(set)
    for r in d.regions():
        for form in (r.name, *r.short):
            by_form[name_key(form)].add(r.code)
    odd = [
        (z.name, form)
        for z in d.zones()
        for form in (z.name, *z.aliases)
        if name_key(form) in by_form and z.same_as not in by_form[name_key(form)]
    ]
    assert odd == []


def test_region_names_clash_between_siblings_only_as_documented() -> None:
    """Divisions of one parent must not share a name or short form (elsewhere the context picks)."""
    by_parent: dict[str | None, list[d.RegionRow]] = defaultdict(list)
    for r in d.regions():
        by_parent[r.parent].append(r)
    found: dict[str, set[str]] = {}
    for siblings in by_parent.values():
        found |= _clashes((r.code, (r.name, *r.short)) for r in siblings)
    assert found == KNOWN_SIBLING_REGION_CLASHES


def test_no_chain_is_named_like_a_region() -> None:
    regions = {name_key(f) for r in d.regions() for f in (r.name, *r.short)}
    assert [f for c in d.chains() for f in (c.name, *c.aliases) if name_key(f) in regions] == []


def test_no_agency_names_clash() -> None:
    named = [(a.canonical, (a.canonical, a.full_name or a.canonical, *a.aliases)) for a in d.agencies()]
    assert _clashes(named) == {}
    stems = [
        (
            s.canonical,
            [f + suffix for f in (s.canonical, s.full, *s.variants) for suffix in s.suffixes or ("",)],
        )
        for s in d.agency_stems()
    ]
    assert _clashes(stems) == {}
    assert _clashes([*named, *stems]) == {}  # a named body is never written like a stem


# --- the loader refuses a bad row ------------------------------------------------------------------

_CHAINS_HEAD = "# a comment\nname\tparent\taliases\ttier\tflags\tnot_in\n氢能\t\t氢能产业\tchain\t\t\n"


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        (_CHAINS_HEAD + "储能\t\t\tchain\n", 4, "4 cells, expected 6"),
        (_CHAINS_HEAD + "\n储能\t\t\tchain\t\t\t\n", 5, "7 cells, expected 6"),
        (_CHAINS_HEAD + "储能\t\t\tnone\t\t\n", 4, "'none' is not one of"),
        (_CHAINS_HEAD + "\t\t\tchain\t\t\n", 4, "'name': empty, but required"),
        (_CHAINS_HEAD + "储能\t\t\tchain\ttitle|bad\t\n", 4, "'title' is not one of"),
        (_CHAINS_HEAD + "氢能\t\t\tchain\t\t\n", 4, "name '氢能' repeats line 3"),
        ("name\tparent\taliases\ttier\n", 1, "header name, parent, aliases, tier is not"),
    ],
)
def test_a_bad_row_is_refused_with_file_and_line(tmp_path: Path, text: str, line: int, says: str) -> None:
    path = tmp_path / "chains.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        d.chains(path)
    assert f"{path}, line {line}: " in err.value.message
    assert says in err.value.message
    assert err.value.hint is not None and "name, parent, aliases, tier, flags, not_in" in err.value.hint


def test_a_bad_code_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "zones.tsv"
    path.write_text("name\tkind\tparent\taliases\tsame_as\n某新区\t新区\t3702\t\t\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"line 2: column 'parent': '3702' is not of the form"):
        d.zones(path)


def test_a_good_file_reads_as_typed_rows(tmp_path: Path) -> None:
    path = tmp_path / "chains.tsv"
    path.write_text(
        _CHAINS_HEAD + "燃料电池\t氢能\t燃料电池汽车|-\tsegment\ttitle_only\t\n", encoding="utf-8"
    )
    assert d.chains(path) == [
        d.ChainRow("氢能", None, ("氢能产业",), "chain", False, (), 3),
        d.ChainRow("燃料电池", "氢能", ("燃料电池汽车",), "segment", True, (), 4),
    ]


# --- the reference map of chain segments ------------------------------------------------------------


def test_chain_segments_name_known_chains_and_parents() -> None:
    chains = {c.name for c in d.chains()}
    rows = d.chain_segments()
    assert len({r.chain for r in rows}) >= 15
    assert {r.chain for r in rows} <= chains  # every chain is a canonical name of chains.tsv
    pairs = [(r.chain, r.segment) for r in rows]
    assert len(pairs) == len(set(pairs))  # no segment twice in one chain
    for r in rows:
        assert r.parent is None or (r.chain, r.parent) in pairs, r
        assert r.source and r.stage in d.CHAIN_STAGES
    lines = (corpus.ROOT / "ingest" / "data" / "chain_segments.tsv").read_text("utf-8").splitlines()
    assert all(lines[r.line - 1] == r.text for r in rows)  # the row as written: the evidence quote
    hydrogen = {r.segment for r in rows if r.chain == "氢能"}
    assert {
        "制氢",
        "储运",
        "加注",
        "燃料电池",
        "电堆",
        "膜电极",
        "质子交换膜",
        "双极板",
        "催化剂",
    } <= hydrogen


def test_chain_segments_refuse_a_repeated_segment_or_unknown_parent(tmp_path: Path) -> None:
    head = "chain\tsegment\tparent\tstage\taliases\tsource\n"
    bad = tmp_path / "segments.tsv"
    bad.write_text(head + "氢能\t制氢\t\t上游\t\tx\n氢能\t制氢\t\t中游\t\tx\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"line 3.*repeats line 2"):
        d.chain_segments(bad)
    bad.write_text(head + "氢能\t电堆\t燃料电池\t中游\t\tx\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"line 2.*no earlier segment"):
        d.chain_segments(bad)
