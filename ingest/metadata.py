"""Document metadata: from a manifest when one is given, otherwise detected from the text.

Detection reads only the front matter and general patterns: a title line (or a title split over
two lines, or the 《…》 of a cover letter), the issuer line above the date, the date itself,
我市/全市 vs 我省/全省 for the level, and 十四五 or （2024—2027年） for the plan period.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from core.errors import InputError
from ingest.models import DocumentMeta

FIELDS = ("title", "issuer", "date", "level", "region", "period", "subject")
_UNKNOWN = {"unknown", "", "none", "null", "未知"}
_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_ISSUER = re.compile(
    r"^(?:中共)?[\u4e00-\u9fff“”]{2,30}(?:人民政府|办公厅|办公室|委员会|政府|厅|局|委|办|部)$"
)
_TITLE_WORDS = re.compile(r"(?:规划|方案|意见|通知|办法|计划|纲要|措施|决定|细则|指南|若干政策)")
_PERIOD_SUFFIX = re.compile(r"^[（(]\s*\d{4}\s*[—\-－–~至]\s*\d{4}\s*年?\s*[）)]$")
_PERIOD = re.compile(r"[（(]\s*(\d{4})\s*[—\-－–~至]\s*(\d{4})\s*年?\s*[）)]")
_COVER = re.compile(r"《([^》]{4,80})》(?:已经|现印发|现予印发|印发给)")
_FYP = re.compile(r"“?十([一二三四五六七八九])五”?")
_CN_DIGIT = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}
_CITY_REF = re.compile(r"《([\u4e00-\u9fff]{2,6}?市)")
_ADMIN = re.compile(r"^(?:中共)?([\u4e00-\u9fff]{2,8}?(?:自治区|省|市|自治州|区|县))")
_FRONT_PARAGRAPHS = 12
_MAX_TITLE = 80


def load_manifest(path: Path) -> dict[str, dict[str, Any]]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: cannot read manifest: {exc}", hint="a TOML table per file name") from exc
    return {k: v for k, v in data.items() if isinstance(v, dict)}


def manifest_meta(doc_id: str, entry: dict[str, Any]) -> DocumentMeta:
    values: dict[str, str | None] = {}
    for name in FIELDS:
        raw = entry.get(name)
        values[name] = None if raw is None or str(raw).strip().lower() in _UNKNOWN else str(raw).strip()
    sources = {k: "manifest" for k, v in values.items() if v is not None}
    return DocumentMeta(id=doc_id, sources=sources, **values)


def merge(primary: DocumentMeta, fallback: DocumentMeta) -> DocumentMeta:
    """Fill the fields ``primary`` lacks from ``fallback`` (keeping where each came from)."""
    updates: dict[str, str] = {}
    sources = dict(primary.sources)
    for name in FIELDS:
        if getattr(primary, name) is None and getattr(fallback, name) is not None:
            updates[name] = getattr(fallback, name)
            sources[name] = fallback.sources.get(name, "text")
    return replace(primary, sources=sources, **updates)


def detect(doc_id: str, text: str) -> DocumentMeta:
    """What the normalised ``text`` says of itself (title, issuer, date, level, region, period)."""
    # its first lines (of text.split("\n")) without splitting or copying the rest of a long text
    front = [p.strip() for p in text.split("\n", _FRONT_PARAGRAPHS)[:_FRONT_PARAGRAPHS]]
    full = text
    title = _title(front)
    issuer, date = _issuer_and_date(front)
    level, region = _level_region(issuer, full, title)
    period = _period(title, full)
    values = {"title": title, "issuer": issuer, "date": date, "level": level, "region": region,
              "period": period}  # fmt: skip
    sources = {k: "text" for k, v in values.items() if v is not None}
    return DocumentMeta(id=doc_id, sources=sources, **values)


def _title(front: list[str]) -> str | None:
    for i, p in enumerate(front):
        if _is_title_line(p):
            title = p
            nxt = front[i + 1] if i + 1 < len(front) else ""
            if _PERIOD_SUFFIX.match(nxt) or (nxt and _is_title_line(nxt) and not _TITLE_WORDS.search(p)):
                title += nxt  # a title split over two lines
            elif i and _is_title_fragment(front[i - 1]):
                title = front[i - 1] + title
            return title
    for p in front:
        m = _COVER.search(p)
        if m:
            return m.group(1)
    return None


def _is_title_line(p: str) -> bool:
    return (
        0 < len(p) <= _MAX_TITLE
        and not re.search(r"[。，：；]", p)
        and bool(_TITLE_WORDS.search(p) or _PERIOD_SUFFIX.search(p))
        and not _DATE.match(p)
    )


def _is_title_fragment(p: str) -> bool:
    return 0 < len(p) <= _MAX_TITLE and not re.search(r"[。，：；、]", p) and p.startswith("关于")


def _issuer_and_date(front: list[str]) -> tuple[str | None, str | None]:
    for i, p in enumerate(front):
        m = _DATE.match(p)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            issuer = front[i - 1] if i and _ISSUER.match(front[i - 1]) else None
            return issuer, f"{y:04d}-{mo:02d}-{d:02d}"
    return None, None


def _level_region(issuer: str | None, full: str, title: str | None) -> tuple[str | None, str | None]:
    for name in (issuer, title):
        m = _ADMIN.match(name or "")
        if m:
            region = m.group(1)
            if region.endswith(("省", "自治区")):
                return "province", region
            if region.endswith(("市", "自治州")):
                return "city", region
            return "district", region
    city = full.count("我市") + full.count("全市")
    province = full.count("我省") + full.count("全省")
    if city > province:
        ref = _CITY_REF.search(full)
        return "city", ref.group(1) if ref else None
    if province:
        return "province", None
    return None, None


def _period(title: str | None, full: str) -> str | None:
    for source in (title or "", full[:400]):
        m = _PERIOD.search(source)
        if m:
            return f"{m.group(1)}—{m.group(2)}"
    for source in (title or "", full[:2000]):
        m = _FYP.search(source)
        if m:
            n = 10 + _CN_DIGIT[m.group(1)]
            start = 1981 + 5 * (n - 6)  # the 6th five-year plan ran 1981—1985
            return f"{start}—{start + 4}"
    return None
