"""Test inputs in the formats policy offices receive: the seeds printed to PDF (ReportLab with a
CJK font, or headless Chromium with Noto CJK), written as Word files (python-docx) and as a
government web page. Each is made from the seed's normalised paragraphs, as a real PDF or Word
file of the plan would hold them."""

from __future__ import annotations

import html
import io
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from core.model import DocumentFacts, Label, name_key

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def paragraphs(path: Path) -> list[str]:
    from ingest.reader import read_document

    return read_document(path).text.split("\n")


def _escape(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # ReportLab's STSong-Light (UniGB-UCS2-H) has no U+00B7: print the middle dot in Helvetica.
    return text.replace("·", '<font name="Helvetica">·</font>')


def reportlab_pdf(
    paras: Iterable[str], *, header: str | None = None, page_numbers: bool = False, font_size: int = 12
) -> bytes:
    """A4 pages, 2-character first-line indents, wrapped the way Chinese is (any character may end a
    line); optionally a running header and ``— N —`` page numbers."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle(
        "body",
        fontName="STSong-Light",
        fontSize=font_size,
        leading=font_size * 1.5,
        firstLineIndent=font_size * 2,
        wordWrap="CJK",
    )

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("STSong-Light", 9)
        if header:
            canvas.drawCentredString(A4[0] / 2, A4[1] - 40, header)
        if page_numbers:
            canvas.drawCentredString(A4[0] / 2, 30, f"— {doc.page} —")
        canvas.restoreState()

    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(
        [Paragraph(_escape(p), style) for p in paras if p.strip()],
        onFirstPage=decorate,
        onLaterPages=decorate,
    )
    return out.getvalue()


def scanned_pdf(pages: int = 2) -> bytes:
    """Pages that are only pictures (what a scanner makes): no text layer at all."""
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (200, 280), color=255)
    for x in range(20, 180):
        for y in range(40, 44):
            image.putpixel((x, y), 0)  # a "line of text", as pixels
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    for _ in range(pages):
        c.drawImage(ImageReader(image), 50, 100, width=500, height=700)
        c.showPage()
    c.save()
    return out.getvalue()


def chromium_pdf(paras: Iterable[str], folder: Path) -> bytes:
    """The paragraphs as a web page in Noto Sans CJK SC, printed to PDF by headless Chromium (its
    text layer names many glyphs by radical code points: ⾼ for 高)."""
    assert CHROMIUM is not None
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paras if p.strip())
    page = folder / "print.html"
    page.write_text(
        '<html><head><meta charset="utf-8"><style>body{font-family:"Noto Sans CJK SC"}'
        f"p{{text-indent:2em}}</style></head><body>{body}</body></html>",
        encoding="utf-8",
    )
    target = folder / "print.pdf"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={target}", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )  # fmt: skip
    return target.read_bytes()


GOV_PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>{title}_政策文件_青岛市人民政府</title>
<script>var _hmt = _hmt || []; document.write("统计代码");</script><style>.nav{{color:red}}</style></head>
<body>
<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/hdjl">互动交流</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zcwj">政策文件</a></div>
<div class="article"><h1 class="title">{title}</h1>
<div class="TRS_Editor">
{body}
</div></div>
<div class="share">分享到：微信 微博</div>
<div class="footer"><p>主办单位：青岛市人民政府办公厅　网站标识码：3702000001　鲁ICP备05039187号</p>
<p>联系我们 | 网站地图</p></div><script src="/js/foot.js"></script>
</body></html>
"""


def gov_page(paras: list[str], charset: str = "utf-8") -> bytes:
    """The plan as a government site serves it: menus, breadcrumbs, scripts and a footer around it."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paras[1:] if p.strip())
    page = GOV_PAGE.format(charset=charset, title=html.escape(paras[0]), body=body)
    return page.encode(charset)


def word_file(paras: Iterable[str]) -> bytes:
    import docx

    document = docx.Document()
    for p in paras:
        if p.strip():
            document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def fact_keys(facts: DocumentFacts) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    """Nodes and relations of ``facts`` by what they are, not by the offsets some ids hash: tasks
    and targets by their whitespace-free text, everything else by id."""
    keyed = {Label.TASK, Label.TARGET}

    def key(node_id: str, label: Label, name: str) -> str:
        return f"{label}:{name_key(name)}" if label in keyed else node_id

    names = {n.id: key(n.id, n.label, n.name) for n in facts.nodes}
    nodes = {(str(n.label), names[n.id]) for n in facts.nodes}
    rels = {(str(r.type), names.get(r.src, r.src), names.get(r.dst, r.dst)) for r in facts.relations}
    return nodes, rels
