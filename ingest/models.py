"""Typed models at the seam between normalise/structure and recognition.

Offsets (``start``/``end``) always index :attr:`StructuredDocument.text`, the normalised text.
:class:`LineMap` turns any such span back into the original file's line numbers and a verbatim
quote, which is what every fact cites.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, TypeVar

_T = TypeVar("_T")


def _dict_init(cls: type[_T]) -> type[_T]:
    """Give a frozen dataclass an ``__init__`` that fills the instance dict in one update.

    The generated one calls ``object.__setattr__`` once per field; a large plan builds tens of
    thousands of sentences, paragraphs and headings, and this builds each in about half the time.
    The instance is the same (same fields in the same order, still frozen and hashable) and the
    signature too. Only for classes whose fields have no defaults and that have no __post_init__.
    """
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    if hasattr(cls, "__post_init__") or any(
        f.default is not MISSING or f.default_factory is not MISSING
        for f in fields(cls)  # type: ignore[arg-type]
    ):
        raise TypeError(f"{cls.__name__}: fields with defaults or __post_init__ need the generated __init__")
    items = ", ".join(f"{n!r}: {n}" for n in names)
    namespace: dict[str, Any] = {}
    exec(f"def __init__(self, {', '.join(names)}):\n    self.__dict__.update({{{items}}})\n", namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__annotations__ = cls.__init__.__annotations__
    cls.__init__ = init  # type: ignore[method-assign]
    return cls


@dataclass(frozen=True)
class Quote:
    """Evidence: where a span of normalised text sits in the original file.

    ``text`` is verbatim: the original characters of each covered line, in order, with the line
    breaks (and the whitespace that only surrounded them) removed. For a span inside one line it
    is an exact substring of that line.
    """

    line: int  # 1-based physical line where the quote starts
    line_end: int  # 1-based physical line where it ends (== line for one-line quotes)
    text: str


@dataclass(frozen=True)
class LineMap:
    """Map from every normalised character to its (line, column) in the original file.

    ``lines[i]`` and ``cols[i]`` are the 1-based line and 0-based column of normalised char ``i``:
    any sequence of ints (normalise builds ``array("I")``, 4 bytes a char: a tuple of ints costs 8
    and more, for every char of the document, as long as the document lives).
    ``source_lines`` are the decoded original lines (without line terminators).
    """

    lines: Sequence[int]
    cols: Sequence[int]
    source_lines: tuple[str, ...]
    # Set by its builder when ``lines`` never decreases (then a span whose first and last chars
    # are on one line lies on that line); False promises nothing.
    ordered: bool = field(default=False, compare=False)

    def quote(self, start: int, end: int) -> Quote:
        """The verbatim original text behind normalised ``text[start:end]``."""
        if not 0 <= start < end <= len(self.lines):
            raise ValueError(f"span {start}:{end} outside the document (0:{len(self.lines)})")
        pieces: list[str] = []
        first_line = self.lines[start]
        i = start
        while i < end:
            line = self.lines[i]
            j = i
            while j + 1 < end and self.lines[j + 1] == line:
                j += 1
            src = self.source_lines[line - 1]
            pieces.append(src[self.cols[i] : self.cols[j] + 1])
            i = j + 1
        return Quote(line=first_line, line_end=self.lines[end - 1], text="".join(pieces))


@dataclass(frozen=True)
class Location:
    """Where a line of a PDF's or Word file's extracted text is in that file, for a reader: the
    page and the line on it (counted from the top, running headers included), or the paragraph
    (Word's own count: every paragraph of the body, empty ones and those in table cells included).
    """

    page: int | None = None
    page_line: int | None = None
    paragraph: int | None = None


@_dict_init
@dataclass(frozen=True)
class Heading:
    """A heading of any style. ``level`` 1 = 一、, 2 = （一）, 3 = 1., 4 = run-in head, 5 = （1）."""

    index: int
    level: int
    style: str  # e.g. "一、", "（一）", "(一)", "1.", "1．", "run-in", "（1）"
    number: str | None  # "一", "3", None for run-in heads
    title: str  # without numbering and trailing 。
    start: int  # span of the title in the normalised text
    end: int
    parent: int | None  # index of the enclosing heading
    run_in: bool  # body text continues in the same paragraph after the title


@_dict_init
@dataclass(frozen=True)
class Paragraph:
    index: int
    start: int
    end: int
    heading: int | None  # innermost enclosing heading (may be a run-in head of this paragraph)
    box: int | None  # index of the 专栏 box holding it, if any


@_dict_init
@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str  # normalised text of the sentence
    paragraph: int
    heading: int | None
    box: int | None


@_dict_init
@dataclass(frozen=True)
class BoxItem:
    text: str
    start: int
    end: int


@_dict_init
@dataclass(frozen=True)
class BoxLine:
    """``label：item、item、…等。`` inside a 专栏 box."""

    label: str
    label_start: int
    label_end: int
    items: tuple[BoxItem, ...]
    open_ended: bool  # the list ends with 等


@_dict_init
@dataclass(frozen=True)
class Box:
    index: int
    number: str | None  # "3" for 专栏 3
    title: str
    start: int
    end: int
    heading: int | None  # heading the box sits under
    lines: tuple[BoxLine, ...]


@_dict_init
@dataclass(frozen=True)
class Clause:
    """A responsibility clause such as （省科技厅牵头，省发展改革委、省工业和信息化厅配合）.

    Agency strings are as written (normalisation to canonical agencies happens in recognition).
    """

    start: int
    end: int
    text: str
    form: str  # "lead-support", "lead", "joint", "task-force", "labelled"
    leads: tuple[str, ...]
    supports: tuple[str, ...]
    responsible: tuple[str, ...]  # joint responsibility (按职责分工负责, X负责, 责任单位：…)
    open_ended: bool  # 等部门
    paragraph: int
    task_heading: int | None  # the heading of the task the clause closes


@dataclass(frozen=True)
class DocumentMeta:
    id: str  # file stem
    title: str | None = None
    issuer: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd when known
    level: str | None = None  # province | city | district
    region: str | None = None  # e.g. 山东省, 青岛市
    period: str | None = None  # plan horizon, e.g. 2021—2025
    subject: str | None = None  # what the plan is about, when the title does not say (truncated titles)
    sources: dict[str, str] = field(default_factory=dict)  # field -> "manifest" | "text"


@dataclass(frozen=True)
class Warning_:
    code: str  # short machine code, e.g. "toc-dropped", "clause-unattached"
    message: str
    line: int | None = None


@dataclass(frozen=True)
class StructuredDocument:
    meta: DocumentMeta
    text: str  # normalised text: one paragraph per line
    line_map: LineMap
    sha256: str  # of the original bytes
    headings: tuple[Heading, ...]
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    boxes: tuple[Box, ...]
    clauses: tuple[Clause, ...]
    warnings: tuple[Warning_, ...]
    source_format: str = "text"  # "text", "pdf", "docx" or "html": what the file was
    # Per line of the text the line map counts (index line - 1): where it is in a PDF or Word file.
    locations: tuple[Location | None, ...] = ()

    def location(self, line: int) -> Location | None:
        """Where line ``line`` (1-based, as in :class:`Quote`) sits in a PDF or Word file."""
        return self.locations[line - 1] if 0 < line <= len(self.locations) else None

    def quote(self, start: int, end: int) -> Quote:
        return self.line_map.quote(start, end)

    def heading_path(self, heading: int | None) -> list[Heading]:
        """Headings from the outermost down to ``heading``."""
        path: list[Heading] = []
        while heading is not None:
            h = self.headings[heading]
            path.append(h)
            heading = h.parent
        return path[::-1]
