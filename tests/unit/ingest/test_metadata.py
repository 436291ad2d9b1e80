"""Metadata from the manifest ("unknown" → None) and detected from the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.metadata import load_manifest, manifest_meta
from ingest.reader import read_document, structure_text
from tests import corpus

SEEDS = corpus.ROOT / "seeds"


def path_of(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


def test_manifest_unknown_is_none() -> None:
    entries = load_manifest(SEEDS / "manifest.toml")
    meta = manifest_meta("004", entries[path_of("004").name])
    assert meta.issuer is None and meta.date is None
    assert meta.title == "青岛市“十四五”战略性新兴产业发展规划"  # inferred, with its basis in the manifest
    assert (meta.level, meta.region, meta.period) == ("city", "青岛市", "2021—2025")
    assert meta.sources["region"] == "manifest"


def test_manifest_subject_for_a_truncated_title() -> None:
    meta = read_document(path_of("001"), SEEDS / "manifest.toml").meta
    assert meta.title == "实施方案（2024—2027年）"
    assert meta.subject == "标志性产业链科技创新" and meta.sources["subject"] == "manifest"


def test_manifest_wins_and_text_fills_gaps() -> None:
    doc = read_document(path_of("003"), SEEDS / "manifest.toml")
    assert doc.meta.date == "2024-12-04" and doc.meta.sources["date"] == "manifest"
    assert doc.meta.period == "2024—2027"


@pytest.mark.parametrize(
    ("prefix", "title", "issuer", "date", "level", "region", "period"),
    [
        ("000", "山东省“十四五”战略性新兴产业发展规划", "山东省发展和改革委员会", "2021-07-14", "province",
         "山东省", "2021—2025"),
        ("001", "实施方案（2024—2027年）", None, None, "province", None, "2024—2027"),
        ("002", "全省落实“三个坚决”行动方案（2021—2022 年）", None, None, "province", None, "2021—2022"),
        ("003", "关于科技创新引领未来产业布局培育发展新质生产力的实施方案", "山东省人民政府办公厅",
         "2024-12-04", "province", "山东省", None),
        ("004", None, None, None, "city", "青岛市", "2021—2025"),
    ],
)  # fmt: skip
def test_detected_from_text(
    prefix: str,
    title: str | None,
    issuer: str | None,
    date: str | None,
    level: str | None,
    region: str | None,
    period: str | None,
) -> None:
    meta = read_document(path_of(prefix)).meta
    assert (meta.title, meta.issuer, meta.date, meta.level, meta.region, meta.period) == (
        title, issuer, date, level, region, period,
    )  # fmt: skip
    assert set(meta.sources.values()) <= {"text"}


def test_cover_letter_title_and_file_not_in_manifest(tmp_path: Path) -> None:
    text = (
        "各区人民政府：\n《成都市促进低空经济发展若干措施》已经市政府同意，现印发给你们。\n"
        "成都市人民政府\n2024年5月6日\n"
    )
    meta = structure_text(text, "x").meta
    assert meta.title == "成都市促进低空经济发展若干措施"
    assert (meta.issuer, meta.date, meta.level, meta.region) == (
        "成都市人民政府",
        "2024-05-06",
        "city",
        "成都市",
    )
    other = tmp_path / "other.txt"
    other.write_text(text, encoding="utf-8")
    doc = read_document(other, SEEDS / "manifest.toml")
    assert doc.warnings[0].code == "manifest-missing"
