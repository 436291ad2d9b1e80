"""PDF, Word and web-page inputs give the facts their text gives; radicals read as ideographs;
evidence cites a PDF's page and line, a Word file's paragraph; unreadable formats are refused."""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

import pytest

from core.errors import InputError
from core.model import DocumentFacts
from ingest.formats import read_source, sniff
from ingest.formats.radicals import count_radicals, fold_radicals
from ingest.pipeline import facts_from_file
from ingest.reader import read_document, structure_text
from tests import formatgen as gen

SEED_IDS = ("000", "001", "002", "003", "004")
_WS = re.compile(r"\s")


@cache
def text_facts(prefix: str) -> DocumentFacts:
    return facts_from_file(gen.seed(prefix))


def as_file(tmp_path: Path, prefix: str, suffix: str, raw: bytes) -> Path:
    """``raw`` saved under the seed's stem, beside a manifest that gives it the seed's metadata."""
    stem = gen.seed(prefix).stem
    manifest = (gen.SEEDS / "manifest.toml").read_text(encoding="utf-8")
    (tmp_path / "manifest.toml").write_text(
        manifest.replace(f'["{stem}.txt"]', f'["{stem}{suffix}"]'), encoding="utf-8"
    )
    path = tmp_path / (stem + suffix)
    path.write_bytes(raw)
    return path


def assert_same_facts(facts: DocumentFacts, prefix: str) -> None:
    nodes, rels = gen.fact_keys(facts)
    want_nodes, want_rels = gen.fact_keys(text_facts(prefix))
    assert nodes == want_nodes, (sorted(want_nodes - nodes)[:5], sorted(nodes - want_nodes)[:5])
    assert rels == want_rels, (sorted(want_rels - rels)[:5], sorted(rels - want_rels)[:5])


# --- radicals ---------------------------------------------------------------------------------------


def test_radicals_fold_one_for_one() -> None:
    raw = "推动⾼质量发展，“⼗四五”时期，⻘岛市新能源汽⻋，⼾籍，㬵州湾"
    folded = fold_radicals(raw)
    assert folded == "推动高质量发展，“十四五”时期，青岛市新能源汽车，户籍，胶州湾"
    assert len(folded) == len(raw) and count_radicals(raw) == 6
    assert fold_radicals("，。：；（）") == "，。：；（）"  # full-width punctuation is not NFKC-folded


def test_count_radicals_counts_exactly_the_folded_code_points() -> None:
    from ingest.formats.radicals import RADICALS

    every = "".join(chr(cp) for cp in RADICALS)
    neighbours = "".join(chr(cp + 1) for cp in RADICALS if cp + 1 not in RADICALS)
    assert count_radicals(every + neighbours + "青岛氢能") == len(RADICALS)
    assert count_radicals(neighbours) == 0


def test_a_text_file_with_radicals_is_read_folded() -> None:
    raw = "⻘岛市氢能产业发展规划\n一、重点任务\n支持⻘岛打造氢能产业基地，建设⻘岛示例氢能产业园项⽬。\n"
    doc = structure_text(raw.encode(), "r")
    assert "青岛示例氢能产业园项目" in doc.text and "⻘" not in doc.text
    assert any(w.code == "radicals-folded" for w in doc.warnings)


# --- PDF ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", SEED_IDS)
def test_pdf_of_a_seed_gives_the_facts_of_its_text(tmp_path: Path, prefix: str) -> None:
    pdf = gen.reportlab_pdf(gen.paragraphs(gen.seed(prefix)))
    facts = facts_from_file(as_file(tmp_path, prefix, ".pdf", pdf))
    assert_same_facts(facts, prefix)


def test_pdf_evidence_cites_page_and_line(tmp_path: Path) -> None:
    from pdfminer.high_level import extract_text

    pdf = gen.reportlab_pdf(gen.paragraphs(gen.seed("004")))
    facts = facts_from_file(as_file(tmp_path, "004", ".pdf", pdf))
    pages = {s.page for s in facts.sentences}
    assert None not in pages and len(pages) > 10 and all(s.paragraph is None for s in facts.sentences)
    page_texts: dict[int, list[str]] = {}
    for s in facts.sentences[::25]:
        assert s.page is not None and s.page_line is not None
        if s.page not in page_texts:
            text = extract_text(io.BytesIO(pdf), page_numbers=[s.page - 1])
            page_texts[s.page] = [_WS.sub("", line) for line in text.split("\n") if line.strip()]
        lines = page_texts[s.page]
        # The quote starts on that printed line of that page (the line counted from the top).
        line, after = lines[s.page_line - 1], "".join(lines[s.page_line : s.page_line + 2])
        at = (line + after).find(_WS.sub("", s.quote)[:8])
        assert 0 <= at < len(line), (s.page, s.page_line, s.quote[:20])


def test_running_headers_and_page_numbers_are_not_text(tmp_path: Path) -> None:
    pdf = gen.reportlab_pdf(
        gen.paragraphs(gen.seed("003")), header="山东省制造业强省建设文件汇编", page_numbers=True
    )
    facts = facts_from_file(as_file(tmp_path, "003", ".pdf", pdf))
    assert_same_facts(facts, "003")
    assert not any("文件汇编" in s.text or "—" in s.quote[:2] for s in facts.sentences)


@pytest.mark.browser
@pytest.mark.skipif(gen.CHROMIUM is None, reason="needs headless Chromium")
def test_chromium_printed_pdf_radicals_and_all(tmp_path: Path) -> None:
    """Printed by Chromium in Noto Sans CJK SC, seed 004's text layer names ~2,200 glyphs by radical
    code points (⾼ ⻘ ⻋ …) and 胶 by 㬵; read, it gives the facts of the text."""
    from pdfminer.high_level import extract_text

    pdf = gen.chromium_pdf(gen.paragraphs(gen.seed("004")), tmp_path)
    assert count_radicals(extract_text(io.BytesIO(pdf))) > 2000
    facts = facts_from_file(as_file(tmp_path, "004", ".pdf", pdf))
    assert_same_facts(facts, "004")
    assert not any(count_radicals(s.quote) for s in facts.sentences)
    assert any(code == "radicals-folded" for code, _ in facts.warnings)


def test_a_scan_is_refused_with_ocr_advice(tmp_path: Path) -> None:
    path = tmp_path / "扫描件 规划.pdf"
    path.write_bytes(gen.scanned_pdf())
    with pytest.raises(InputError) as err:
        read_document(path)
    message = str(err.value)
    assert "扫描件 规划.pdf" in message and "no text layer" in message and "OCR" in message


def test_a_damaged_pdf_is_refused(tmp_path: Path) -> None:
    pdf = gen.reportlab_pdf(["一、总体要求"])
    path = tmp_path / "cut.pdf"
    path.write_bytes(pdf[:200])
    with pytest.raises(InputError, match=r"cut\.pdf: not a readable PDF"):
        read_document(path)


def test_a_pdf_named_txt_is_read_as_pdf(tmp_path: Path) -> None:
    pdf = gen.reportlab_pdf(gen.paragraphs(gen.seed("001")))
    facts = facts_from_file(as_file(tmp_path, "001", ".txt", pdf))
    assert_same_facts(facts, "001")


# --- Word --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", SEED_IDS)
def test_word_file_of_a_seed_gives_the_facts_of_its_text(tmp_path: Path, prefix: str) -> None:
    raw = gen.word_file(gen.paragraphs(gen.seed(prefix)))
    assert_same_facts(facts_from_file(as_file(tmp_path, prefix, ".docx", raw)), prefix)


def test_word_evidence_cites_the_paragraph(tmp_path: Path) -> None:
    import docx

    raw = gen.word_file(["", *gen.paragraphs(gen.seed("003"))])  # an empty first paragraph counts
    facts = facts_from_file(as_file(tmp_path, "003", ".docx", raw))
    paragraphs = [p.text for p in docx.Document(io.BytesIO(raw)).paragraphs]
    assert facts.sentences and all(s.page is None for s in facts.sentences)
    for s in facts.sentences:
        assert s.paragraph is not None and s.quote in paragraphs[s.paragraph - 1]


def numbered_word_file(paras: list[str]) -> bytes:
    """The plan with its 一、 and （一） headings numbered by Word (list numbering), not typed."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, text in enumerate(("%1、", "（%2）"))
    )
    numbering.insert(
        0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{levels}</w:abstractNum>')
    )
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for para in paras:
        level = (
            0
            if re.match(r"^[一二三四五六七八九十]+、", para)
            else 1
            if re.match(r"^（[一二三四五六七八九十]+）", para)
            else None
        )
        if level is None:
            document.add_paragraph(para)
            continue
        p = document.add_paragraph(
            re.sub(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", "", para)
        )
        p._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_list_numbering_is_written_out(tmp_path: Path) -> None:
    paras = gen.paragraphs(gen.seed("004"))
    raw = numbered_word_file(paras)
    doc = read_document(as_file(tmp_path, "004", ".docx", raw))
    want = read_document(gen.seed("004"))
    assert [(h.level, h.number, h.title) for h in doc.headings] == [
        (h.level, h.number, h.title) for h in want.headings
    ]
    assert_same_facts(facts_from_file(tmp_path / (gen.seed("004").stem + ".docx")), "004")


def test_word_tables_and_boxes() -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("青岛市氢能产业重点项目")
    box = document.add_table(rows=1, cols=1)  # a 专栏 box drawn as a one-cell table
    box.cell(0, 0).text = "专栏1 重点项目"
    box.cell(0, 0).add_paragraph("氢能：青岛示例氢能装备项目、青岛示例加氢站项目。")
    grid = document.add_table(rows=2, cols=3)
    for r, row in enumerate((("序号", "项目名称", "建设地点"), ("1", "青岛示例燃料电池项目", "黄岛区"))):
        for c, value in enumerate(row):
            grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    source = read_source(out.getvalue(), "t.docx")
    lines = source.text.split("\n")
    assert lines[:5] == [
        "青岛市氢能产业重点项目",
        "专栏1 重点项目",
        "氢能：青岛示例氢能装备项目、青岛示例加氢站项目。",
        "序号\u3000项目名称\u3000建设地点",
        "1\u3000青岛示例燃料电池项目\u3000黄岛区",
    ]
    # Word counts every paragraph: the title 1, the box's 2 and 3, the grid's cells 4–6 and 7–9.
    assert [loc.paragraph for loc in source.locations] == [1, 2, 3, 4, 7]
    doc = structure_text(out.getvalue(), "t", name="t.docx")
    assert [(ln.label, [i.text for i in ln.items]) for b in doc.boxes for ln in b.lines] == [
        ("氢能", ["青岛示例氢能装备项目", "青岛示例加氢站项目"])
    ]


# --- web pages ---------------------------------------------------------------------------------------

PLAN = [
    "青岛市氢能产业发展规划",
    "一、总体要求",
    "（一）发展目标。到2025年，青岛市氢能产业规模突破200亿元。",
    "二、重点任务",
    "1.氢能。支持青岛打造氢能产业基地，建设青岛示例氢能产业园项目（市发展改革委牵头，市工业和信息化局配合）。",
]
TABLE = (
    "<table><tr><td>序号</td><td>项目名称</td><td>建设地点</td></tr>"
    "<tr><td>1</td><td>青岛示例氢能装备项目</td><td>黄岛区</td></tr></table>"
)


@pytest.mark.parametrize("charset", ["utf-8", "gbk"])
def test_web_page_main_text_only(tmp_path: Path, charset: str) -> None:
    path = tmp_path / "青岛 氢能规划.html"
    path.write_bytes(
        gen.gov_page(PLAN, charset).replace(b"</div></div>", TABLE.encode(charset) + b"</div></div>")
    )
    doc = read_document(path)
    assert doc.meta.title == "青岛市氢能产业发展规划" and doc.text.startswith("青岛市氢能产业发展规划\n")
    for junk in ("首页", "当前位置", "统计代码", "分享到", "主办单位", "ICP", "网站地图", "<", "color"):
        assert junk not in doc.text, junk
    assert "序号\u3000项目名称\u3000建设地点" in doc.text
    facts = facts_from_file(path)
    names = {n.name for n in facts.nodes}
    assert {"氢能", "青岛市", "市发展改革委", "市工业和信息化局"} <= names and facts.doc_id == "青岛 氢能规划"


@pytest.mark.parametrize("prefix", ["000", "002", "004"])
def test_web_page_of_a_seed_gives_the_facts_of_its_text(tmp_path: Path, prefix: str) -> None:
    raw = gen.gov_page(gen.paragraphs(gen.seed(prefix)))
    assert_same_facts(facts_from_file(as_file(tmp_path, prefix, ".html", raw)), prefix)


def test_html_saved_as_txt_is_read_as_a_page(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(gen.gov_page(PLAN))
    doc = read_document(path)
    assert "<p>" not in doc.text and doc.meta.title == "青岛市氢能产业发展规划"


# --- formats refused ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "legacy Word"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "an image (PNG)"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "an image (JPEG)"),
    ],
)
def test_unreadable_formats_are_named(raw: bytes, says: str) -> None:
    with pytest.raises(InputError, match=re.escape(says)) as err:
        sniff(raw, "规划 终稿.doc")
    assert "规划 终稿.doc" in str(err.value) and err.value.hint


def test_a_spreadsheet_is_not_a_word_file() -> None:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(InputError, match=r"a spreadsheet \(\.xlsx\)"):
        sniff(out.getvalue(), "projects.xlsx")


def test_glyph_gaps_between_chinese_characters_are_removed() -> None:
    pdf = gen.reportlab_pdf(["“ 十四五 ”时期，推动 高质量 发展，建设 5G 基站 2000 个。"])
    assert read_source(pdf, "gaps.pdf").text.strip() == "“十四五”时期，推动高质量发展，建设 5G 基站 2000 个。"


def test_an_encrypted_pdf_is_refused() -> None:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, encrypt=pdfencrypt.StandardEncryption("secret", canPrint=1))
    c.drawString(72, 720, "plan")
    c.save()
    with pytest.raises(InputError, match=r"locked\.pdf: the PDF is encrypted") as err:
        read_source(out.getvalue(), "locked.pdf")
    assert "unprotected copy" in (err.value.hint or "")
