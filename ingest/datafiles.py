"""The dictionaries in ``ingest/data/*.tsv`` (see ``ingest/data/README.md``), read into typed rows.

Every file is UTF-8 and tab-separated; lines starting with ``#`` are comments and blank lines are
skipped; the first other line is the header, which must name exactly the columns declared here.
A row is refused, with a :class:`~core.errors.ConfigError` naming the file and the line, when it
has a different number of cells, leaves a required cell empty, holds a value its column does not
allow, or repeats the key of an earlier row: a damaged dictionary would otherwise change what is
recognised without a word. List cells are ``|``-separated; ``-`` or an empty cell is the empty list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from core.errors import ConfigError

_CODE = re.compile(r"\d{6}")  # an administrative division code (adcode)


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False  # the cell may not be empty
    pattern: re.Pattern[str] | None = None  # each value (each item of a list) must match it in full
    choices: tuple[str, ...] = ()  # when given, each value (each item of a list) is one of them
    listed: bool = False  # a |-separated list


@dataclass(frozen=True)
class Table:
    file: str
    columns: tuple[Column, ...]
    key: str | None = None  # the column no two rows may share
    header: bool = True  # False: the columns are only described in a comment (region_extra.tsv)
    optional_tail: int = 0  # how many last columns a row may leave out entirely

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


REGIONS = Table(
    "regions.tsv",
    (
        Column("code", required=True, pattern=_CODE),
        Column("name", required=True),
        Column("level", required=True, choices=("province", "city", "district", "county")),
        Column("parent", pattern=_CODE),
        Column("short", listed=True),
        Column("abbr", listed=True),
        Column("flags", listed=True, choices=("nomatch",)),
    ),
    key="code",
)
REGION_EXTRA = Table(
    "region_extra.tsv",
    (
        Column("kind", required=True, choices=("abbr", "alias", "stop")),
        Column("name", required=True),
        Column("code", pattern=_CODE),
        Column("note"),
    ),
    header=False,
    optional_tail=1,
)
ZONES = Table(
    "zones.tsv",
    (
        Column("name", required=True),
        Column("kind", required=True),
        Column("parent", pattern=_CODE),
        Column("aliases", listed=True),
        Column("same_as", pattern=_CODE),
    ),
    key="name",
)
CHAINS = Table(
    "chains.tsv",
    (
        Column("name", required=True),
        Column("parent"),
        Column("aliases", listed=True),
        Column("tier", required=True, choices=("sei", "top", "chain", "segment", "future", "tech")),
        Column("flags", listed=True, choices=("title_only",)),
        Column("not_in", listed=True),
    ),
    key="name",
)
CHAIN_STOPWORDS = Table("chain_stopwords.tsv", (Column("suffix", required=True),), key="suffix")
_AGENCY_KINDS = (
    "department",
    "party",
    "government",
    "association",
    "branch",
    "customs",
    "ministry",
    "office",
    "task_force",
    "collective",
)
AGENCY_STEMS = Table(
    "agency_stems.tsv",
    (
        Column("canonical", required=True),
        Column("full", required=True),
        Column("variants", listed=True),
        Column("suffixes", listed=True),
        Column("kind", required=True, choices=_AGENCY_KINDS),
    ),
    key="canonical",
)
AGENCIES = Table(
    "agencies.tsv",
    (
        Column("canonical", required=True),
        Column("full_name"),
        Column("aliases", listed=True),
        Column("kind", required=True, choices=_AGENCY_KINDS),
        Column("region", pattern=_CODE),
        Column("successor"),
    ),
    key="canonical",
)
# The reference map of chain segments (强链补链延链): a segment is unique per chain, not globally
# (整机 is a link of 机器人 and of 无人机), so the (chain, segment) pair is checked by the loader.
CHAIN_STAGES = ("上游", "中游", "下游", "配套")
CHAIN_SEGMENTS = Table(
    "chain_segments.tsv",
    (
        Column("chain", required=True),
        Column("segment", required=True),
        Column("parent"),
        Column("stage", required=True, choices=CHAIN_STAGES),
        Column("aliases", listed=True),
        Column("source", required=True),
    ),
)
TABLES = (REGIONS, REGION_EXTRA, ZONES, CHAINS, CHAIN_STOPWORDS, AGENCY_STEMS, AGENCIES, CHAIN_SEGMENTS)


# --- reading and checking ---------------------------------------------------------------------------


def split_list(cell: str) -> tuple[str, ...]:
    """The items of a ``|``-separated cell (``-`` and empty items are none)."""
    return tuple(x for x in (c.strip() for c in cell.split("|")) if x and x != "-")


@dataclass(frozen=True)
class Row:
    """One row of a data file: its cells by column name, and its line number."""

    cells: dict[str, str]
    line: int

    def text(self, column: str) -> str:
        return self.cells[column]

    def optional(self, column: str) -> str | None:
        return self.cells[column] or None

    def items(self, column: str) -> tuple[str, ...]:
        return split_list(self.cells[column])


def _refuse(where: str, line: int, problem: str, table: Table) -> ConfigError:
    return ConfigError(
        f"{where}, line {line}: {problem}",
        hint=f"fix the row: tab-separated columns {', '.join(table.names)}",
    )


def read_table(table: Table, path: Path | None = None) -> list[Row]:
    """The rows of ``table``'s file (or of ``path``, a file laid out like it), checked."""
    source: Traversable = path if path is not None else resources.files("ingest.data").joinpath(table.file)
    where = str(path) if path is not None else f"ingest/data/{table.file}"
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{where}: cannot read data file: {exc}", hint="reinstall policykg") from exc
    lines = _content_lines(text)
    if table.header:
        first = next(lines, None)
        if first is None:
            raise ConfigError(f"{where}: no header line", hint=f"columns: {', '.join(table.names)}")
        number, header = first
        got = tuple(h.strip() for h in header.split("\t"))
        if got != table.names:
            raise _refuse(where, number, f"header {', '.join(got)} is not {', '.join(table.names)}", table)
    names, width = table.names, len(table.columns)
    least = width - table.optional_tail
    rows: list[Row] = []
    seen: dict[str, int] = {}
    for number, content in lines:
        cells = [c.strip() for c in content.split("\t")]
        if not least <= len(cells) <= width:
            want = f"{least}-{width}" if table.optional_tail else str(width)
            raise _refuse(where, number, f"{len(cells)} cells, expected {want}", table)
        cells += [""] * (width - len(cells))
        for column, cell in zip(table.columns, cells, strict=True):
            problem = _check(column, cell)
            if problem:
                raise _refuse(where, number, f"column {column.name!r}: {problem}", table)
        row = Row(dict(zip(names, cells, strict=True)), number)
        if table.key is not None:
            key = row.text(table.key)
            if key in seen:
                raise _refuse(where, number, f"{table.key} {key!r} repeats line {seen[key]}", table)
            seen[key] = number
        rows.append(row)
    return rows


def _content_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of each line that is neither blank nor a comment."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            yield number, line


def _check(column: Column, cell: str) -> str | None:
    """What is wrong with ``cell`` in ``column``, or None."""
    if not cell:
        return "empty, but required" if column.required else None
    if column.pattern is None and not column.choices:
        return None
    values = split_list(cell) if column.listed else (cell,)
    for value in values:
        if column.pattern is not None and not column.pattern.fullmatch(value):
            return f"{value!r} is not of the form {column.pattern.pattern}"
        if column.choices and value not in column.choices:
            return f"{value!r} is not one of {', '.join(column.choices)}"
    return None


# --- typed rows -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    level: str  # province | city | district | county
    parent: str | None
    short: tuple[str, ...]  # short forms matched in text
    abbr: tuple[str, ...]  # 1-char abbreviations (not matched)
    nomatch: bool  # the full name is a common word: resolvable, not matched in text
    line: int


@dataclass(frozen=True)
class RegionExtraRow:
    kind: str  # abbr | alias | stop
    name: str
    code: str | None
    note: str
    line: int


@dataclass(frozen=True)
class ZoneRow:
    name: str
    kind: str
    parent: str | None  # code of the containing region; None when it spans several
    aliases: tuple[str, ...]
    same_as: str | None  # code of a coterminous division
    line: int


@dataclass(frozen=True)
class ChainRow:
    name: str
    parent: str | None
    aliases: tuple[str, ...]
    tier: str
    title_only: bool
    not_in: tuple[str, ...]  # contexts in which a match is no chain
    line: int


@dataclass(frozen=True)
class AgencyStemRow:
    canonical: str
    full: str
    variants: tuple[str, ...]
    suffixes: tuple[str, ...]  # 厅/局 as written after the stem; empty: none
    kind: str
    line: int


@dataclass(frozen=True)
class AgencyRow:
    canonical: str
    full_name: str | None
    aliases: tuple[str, ...]
    kind: str
    region: str | None
    successor: str | None  # canonical of the body that took over
    line: int


@dataclass(frozen=True)
class ChainSegmentRow:
    chain: str  # canonical chain name of chains.tsv
    segment: str
    parent: str | None  # a segment of the same chain this one is part of
    stage: str  # 上游 | 中游 | 下游 | 配套
    aliases: tuple[str, ...]
    source: str  # the framework this chain's map follows
    line: int
    text: str  # the row as written (the reference map's evidence quotes it verbatim)


def regions(path: Path | None = None) -> list[RegionRow]:
    return [
        RegionRow(
            r.text("code"),
            r.text("name"),
            r.text("level"),
            r.optional("parent"),
            r.items("short"),
            r.items("abbr"),
            "nomatch" in r.items("flags"),
            r.line,
        )
        for r in read_table(REGIONS, path)
    ]


def region_extra(path: Path | None = None) -> list[RegionExtraRow]:
    return [
        RegionExtraRow(r.text("kind"), r.text("name"), r.optional("code"), r.text("note"), r.line)
        for r in read_table(REGION_EXTRA, path)
    ]


def zones(path: Path | None = None) -> list[ZoneRow]:
    return [
        ZoneRow(
            r.text("name"),
            r.text("kind"),
            r.optional("parent"),
            r.items("aliases"),
            r.optional("same_as"),
            r.line,
        )
        for r in read_table(ZONES, path)
    ]


def chains(path: Path | None = None) -> list[ChainRow]:
    return [
        ChainRow(
            r.text("name"),
            r.optional("parent"),
            r.items("aliases"),
            r.text("tier"),
            "title_only" in r.items("flags"),
            r.items("not_in"),
            r.line,
        )
        for r in read_table(CHAINS, path)
    ]


def chain_stopwords(path: Path | None = None) -> list[str]:
    return [r.text("suffix") for r in read_table(CHAIN_STOPWORDS, path)]


def agency_stems(path: Path | None = None) -> list[AgencyStemRow]:
    return [
        AgencyStemRow(
            r.text("canonical"),
            r.text("full"),
            r.items("variants"),
            r.items("suffixes"),
            r.text("kind"),
            r.line,
        )
        for r in read_table(AGENCY_STEMS, path)
    ]


def agencies(path: Path | None = None) -> list[AgencyRow]:
    return [
        AgencyRow(
            r.text("canonical"),
            r.optional("full_name"),
            r.items("aliases"),
            r.text("kind"),
            r.optional("region"),
            r.optional("successor"),
            r.line,
        )
        for r in read_table(AGENCIES, path)
    ]


def chain_segments(path: Path | None = None) -> list[ChainSegmentRow]:
    """The reference map's rows; a segment repeated within its chain, or a parent that is no
    earlier segment of the same chain, is refused with the file and line."""
    where = str(path) if path is not None else f"ingest/data/{CHAIN_SEGMENTS.file}"
    lines = _raw_lines(CHAIN_SEGMENTS, path)
    out: list[ChainSegmentRow] = []
    seen: dict[tuple[str, str], int] = {}
    for r in read_table(CHAIN_SEGMENTS, path):
        chain, segment, parent = r.text("chain"), r.text("segment"), r.optional("parent")
        if (chain, segment) in seen:
            raise _refuse(
                where,
                r.line,
                f"segment {segment!r} of {chain!r} repeats line {seen[chain, segment]}",
                CHAIN_SEGMENTS,
            )
        if parent is not None and (chain, parent) not in seen:
            raise _refuse(
                where, r.line, f"parent {parent!r} is no earlier segment of {chain!r}", CHAIN_SEGMENTS
            )
        seen[chain, segment] = r.line
        row = ChainSegmentRow(
            chain,
            segment,
            parent,
            r.text("stage"),
            r.items("aliases"),
            r.text("source"),
            r.line,
            lines[r.line - 1],
        )
        out.append(row)
    return out


def _raw_lines(table: Table, path: Path | None) -> list[str]:
    """The file's lines as written (read_table has already refused an unreadable file)."""
    source: Traversable = path if path is not None else resources.files("ingest.data").joinpath(table.file)
    return source.read_text(encoding="utf-8").splitlines()
