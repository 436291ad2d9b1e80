"""A Word file (.docx) as text: one line per paragraph, each line citing its paragraph number.

python-docx opens the package; the body is walked in document order, content controls included:

* paragraphs, with the label of Word's automatic list numbering (一、 （一） 1.) written out, because
  headings numbered by Word carry no number in their text and the structure rules need one;
* tables: a row is one line, its cells apart by an ideographic space; a one-column table (a 专栏
  box drawn as a table) gives one line per paragraph;
* text boxes (a 专栏 box drawn as a shape), after the paragraph that anchors them.

The paragraph number is Word's own count of the body's paragraphs (empty ones and those in table
cells included), so ``paragraph 37`` is ``ActiveDocument.Paragraphs(37)``; a table row cites its
first cell's paragraph, a text box its anchor's.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from core.errors import InputError
from ingest.formats.source import SourceText
from ingest.models import Location

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": _W, "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}
_CELL_GAP = "\u3000"
_DIGITS = "〇一二三四五六七八九"


def _q(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def read_docx(raw: bytes, name: str) -> SourceText:
    """The text of the .docx ``raw`` (file ``name``), or :class:`InputError`."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise InputError(
            f"{name}: not a readable Word file ({type(exc).__name__}: {exc})",
            hint="open it in Word or LibreOffice and save it again as .docx, or export a PDF",
        ) from None
    walker = _Walker(_Numbering(document))
    walker.block(document.element.body)
    if not any(line.strip() for line in walker.lines):
        raise InputError(
            f"{name}: the Word file has no text",
            hint="check that this is the plan itself (not an empty template or a scan pasted as images)",
        )
    return SourceText("\n".join(walker.lines) + "\n", "docx", tuple(walker.locations))


@dataclass
class _Walker:
    numbering: _Numbering
    lines: list[str] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    paragraphs: int = 0  # Word's paragraph count so far

    def emit(self, text: str, paragraph: int) -> None:
        text = text.replace("\n", "").replace("\u000b", "").strip()
        if text:
            self.lines.append(text)
            self.locations.append(Location(paragraph=paragraph))

    def block(self, element: Any) -> None:
        for child in element:
            if child.tag == _q("p"):
                number, text = self.paragraph(child)
                self.emit(text, number)
                for box in _text_boxes(child):
                    for p in box.iterchildren(_q("p")):
                        self.emit(_text(p), number)
            elif child.tag == _q("tbl"):
                self.table(child)
            elif child.tag == _q("sdt"):
                content = child.find(_q("sdtContent"))
                if content is not None:
                    self.block(content)

    def paragraph(self, p: Any) -> tuple[int, str]:
        self.paragraphs += 1
        return self.paragraphs, self.numbering.label(p) + _text(p)

    def table(self, tbl: Any) -> None:
        for tr in tbl.iterchildren(_q("tr")):
            cells = [tc for tc in tr.iterchildren(_q("tc"))]
            if len(cells) == 1 or sum(1 for tc in cells if _cell_text(tc)) <= 1:
                for tc in cells:  # a box drawn as a table: its paragraphs are lines
                    for p in tc.iter(_q("p")):
                        number, text = self.paragraph(p)
                        self.emit(text, number)
                continue
            first = self.paragraphs + 1
            texts = []
            for tc in cells:
                parts = [self.paragraph(p)[1] for p in tc.iter(_q("p"))]
                texts.append("".join(t.strip() for t in parts))
            self.emit(_CELL_GAP.join(t for t in texts if t), first)


def _text(p: Any) -> str:
    from docx.text.paragraph import Paragraph

    return str(Paragraph(p, None).text)  # type: ignore[arg-type]  # text needs no parent


def _cell_text(tc: Any) -> str:
    return "".join(_text(p) for p in tc.iter(_q("p"))).strip()


def _text_boxes(p: Any) -> Iterator[Any]:
    """The text boxes anchored in paragraph ``p`` (the DrawingML choice, not its VML fallback)."""
    for box in p.iterfind(".//w:txbxContent", _NS):
        if not any(a.tag == f"{{{_NS['mc']}}}Fallback" for a in box.iterancestors()):
            yield box


class _Numbering:
    """Word's automatic list numbering: the label (一、 （二） 3.) each numbered paragraph shows."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # numId -> ilvl -> (start, fmt, text)
        self.counters: dict[str, list[int]] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstract = {a.get(_q("abstractNumId")): _levels(a) for a in root.iterchildren(_q("abstractNum"))}
        for num in root.iterchildren(_q("num")):
            ref = num.find(_q("abstractNumId"))
            levels = dict(abstract.get(ref.get(_q("val")) if ref is not None else None, {}))
            for override in num.iterchildren(_q("lvlOverride")):
                ilvl = int(override.get(_q("ilvl"), "0"))
                start = override.find(_q("startOverride"))
                if start is not None and ilvl in levels:
                    _, fmt, text = levels[ilvl]
                    levels[ilvl] = (int(start.get(_q("val"), "1")), fmt, text)
            self.levels[str(num.get(_q("numId")))] = levels
        for style in document.styles.element.iterchildren(_q("style")):
            num_pr = style.find(f"{_q('pPr')}/{_q('numPr')}")
            if num_pr is not None:
                self.style_num[str(style.get(_q("styleId")))] = _num_pr(num_pr)

    def label(self, p: Any) -> str:
        num_id, ilvl = self._num_pr(p)
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else levels[ilvl][0]
        for deeper in range(ilvl + 1, len(counters)):
            counters[deeper] = 0
        _, fmt, text = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""
        for level in range(ilvl, -1, -1):
            value = counters[level] or (levels[level][0] if level in levels else 1)
            level_fmt = levels[level][1] if level in levels else "decimal"
            text = text.replace(f"%{level + 1}", _format(value, level_fmt))
        return text

    def _num_pr(self, p: Any) -> tuple[str, int]:
        ppr = p.find(_q("pPr"))
        num_pr = ppr.find(_q("numPr")) if ppr is not None else None
        if num_pr is not None:
            return _num_pr(num_pr)
        style = ppr.find(_q("pStyle")) if ppr is not None else None
        if style is not None:
            return self.style_num.get(str(style.get(_q("val"))), ("", 0))
        return "", 0


def _num_pr(num_pr: Any) -> tuple[str, int]:
    num_id = num_pr.find(_q("numId"))
    ilvl = num_pr.find(_q("ilvl"))
    return (
        str(num_id.get(_q("val"))) if num_id is not None else "",
        int(ilvl.get(_q("val"), "0")) if ilvl is not None else 0,
    )


def _levels(abstract: Any) -> dict[int, tuple[int, str, str]]:
    out: dict[int, tuple[int, str, str]] = {}
    for lvl in abstract.iterchildren(_q("lvl")):
        start = lvl.find(_q("start"))
        fmt = lvl.find(_q("numFmt"))
        text = lvl.find(_q("lvlText"))
        out[int(lvl.get(_q("ilvl"), "0"))] = (
            int(start.get(_q("val"), "1")) if start is not None else 1,
            fmt.get(_q("val"), "decimal") if fmt is not None else "decimal",
            text.get(_q("val"), "") if text is not None else "",
        )
    return out


def _format(value: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
               "ideographTraditional", "japaneseCounting", "taiwaneseCounting"):  # fmt: skip
        return _chinese(value)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_DIGITS[int(d)] for d in str(value))
    if fmt == "decimalFullWidth":
        return str(value).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= value <= 20:
        return chr(0x2460 + value - 1)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(value)


def _chinese(value: int) -> str:
    """一 … 十, 十一 … 十九, 二十, 二十一 … 九十九 (list labels never go higher)."""
    if not 0 < value < 100:
        return str(value)
    tens, ones = divmod(value, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip


def _roman(value: int) -> str:
    out = ""
    for number, letters in _ROMAN:
        while value >= number:
            out += letters
            value -= number
    return out
