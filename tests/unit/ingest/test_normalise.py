"""Normalisation: rejoining, dropped lines, CRLF, full-width digits, the char→line map."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from ingest.normalise import _keep_content_lines, _width, display_width, normalise, split_lines


def test_split_lines_like_cat_n() -> None:
    assert split_lines("a\r\nb\n\nc") == ["a", "b", "", "c"]
    assert split_lines("a\nb\n") == ["a", "b"]
    assert split_lines("a\rb") == ["a", "b"]


def test_display_width() -> None:
    assert display_width("青岛 FCP") == 8


def test_display_width_is_east_asian_width_for_every_assigned_code_point() -> None:
    """The range-class scan agrees with the per-character definition (W and F count two)."""
    for cp in range(0x110000):
        c = chr(cp)
        if unicodedata.category(c) not in ("Cn", "Cs"):
            expected = 2 if unicodedata.east_asian_width(c) in "WF" else 1
            assert display_width(c) == expected, hex(cp)
    assert display_width("ＡＢ　（一）abc") == 2 * 6 + 3


def test_page_break_split_rejoined_but_title_lines_not() -> None:
    text = (
        "山东省发展和改革委员会\n\n2021年7月14日\n\n一、总体要求\n\n"
        "产业发展迈上新台阶。2020 年，全省战略性新兴产业增加值占比提高，集聚区达到 30 个，核电装机规\n\n"
        "模达到 1300 万千瓦以上。\n\n(二) 发展形势\n"
    )
    paras = normalise(text).text.split("\n")
    assert paras[:3] == ["山东省发展和改革委员会", "2021年7月14日", "一、总体要求"]
    assert paras[3].endswith("核电装机规模达到 1300 万千瓦以上。")
    assert paras[4] == "(二) 发展形势"


def test_hard_wrapped_with_blank_lines() -> None:
    lines = [
        "一、总体要求",
        "为深入贯彻落实省委、省政府关于“坚决淘汰落后动能，坚",
        "决改造提升传统动能，坚决培育壮大新动能”决策部署，确保",
        " 2022 年实现“五年取得突破”目标，制定本行动方案。",
        "（一）行业范围及目标。围绕国家发展改革委、国家统计局",
        "确定的六大高耗能行业，加快淘汰低效落后动能，推动省工",
        "业和信息化厅牵头。",
        "1.钢铁行业。到2022年，转移退出炼钢产能2141万吨、炼",
        "https://www.so.com/link?m=abc",
        "铁产能2238万吨，其中济南、青岛、淄博、烟台、潍坊、济",
        "宁等市全部退出落后产能，全省钢铁产业布局持续优化调整。",
    ]
    norm = normalise("\n\n".join(lines) + "\n")
    paras = norm.text.split("\n")
    assert norm.wrapped
    assert paras[0] == "一、总体要求"
    assert "坚决改造提升" in paras[1] and paras[1].endswith("制定本行动方案。")
    assert "省工业和信息化厅牵头" in paras[2]
    assert "炼铁产能2238万吨" in paras[3] and "济宁等市" in paras[3]
    assert [w.code for w in norm.warnings] == ["url-dropped"]


def test_toc_dropped() -> None:
    text = "目 录\n一、基础和形势.....\t1\n(一) 发展基础.....\t1\n5. 医养健康\t20\n\n一、基础和形势\n"
    norm = normalise(text)
    assert norm.text == "一、基础和形势"
    assert norm.line_map.lines[0] == 6
    assert norm.warnings[0].code == "toc-dropped"


def test_crlf_and_full_width_digits_and_indent() -> None:
    text = "　　到２０２５年，产值达到 ３００ 亿元。\r\n\r\n　　二、保障措施\r\n"
    norm = normalise(text)
    assert norm.text == "到2025年，产值达到 300 亿元。\n二、保障措施"
    assert norm.line_map.quote(1, 6).text == "２０２５年"
    assert norm.line_map.cols[0] == 2


def test_page_numbers_and_leading_spaces_dropped() -> None:
    norm = normalise(" 第一段内容。\n- 3 -\n 第二段内容。\n")
    assert norm.text == "第一段内容。\n第二段内容。"
    assert norm.line_map.lines[norm.text.index("第二")] == 3


def test_newline_maps_onto_previous_char() -> None:
    norm = normalise("甲乙。\n\n丙丁。\n")
    q = norm.line_map.quote(0, len(norm.text))
    assert (q.line, q.line_end, q.text) == (1, 3, "甲乙。丙丁。")


def test_regex_digit_and_space_are_isdecimal_and_isspace() -> None:
    """The cheap guards before the TOC regex (last char) and the heading patterns (first char) test
    ``str.isdecimal`` for ``\\d`` and rely on ``str.strip`` removing exactly ``\\s``: every code point."""
    digit, space = re.compile(r"\d"), re.compile(r"\s")
    for cp in range(0x110000):
        c = chr(cp)
        assert bool(digit.match(c)) == c.isdecimal(), hex(cp)
        assert bool(space.match(c)) == c.isspace() == (c.strip() == ""), hex(cp)


def _reference_width(s: str) -> int:
    return sum(
        2 if unicodedata.east_asian_width(c) in "WF" and unicodedata.category(c) != "Cn" else 1 for c in s
    )


@given(st.text(st.one_of(st.characters(), st.sampled_from("青岛（一）、。　ＡＢ 1a"))))
def test_display_width_of_mixed_runs_is_the_per_char_sum(s: str) -> None:
    assert display_width(s) == _reference_width(s)


def _reference_kept(source: list[str]) -> list[tuple[int, int, str, str, int]]:
    """The per-line definition the guarded version replaced (full-width digits, TOC, URL, page)."""
    kept = []
    for i, line in enumerate(source, start=1):
        raw = line.strip()
        if not raw:
            continue
        text = raw.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
        toc = re.search(r"(?:\.{2,}|…+|·{2,}|\t)\s*\d{1,4}\s*$", text) or re.sub(r"\s", "", text) in (
            "目录",
            "目次",
        )
        if (
            toc
            or re.match(r"^(?:https?://|www\.)\S*$", text, re.I)
            or re.match(r"^[-—–－]?\s*\d{1,3}\s*[-—–－]?$", text)
        ):
            continue
        col = len(line) - len(line.lstrip())
        kept.append((i, col, raw, text, _reference_width(line[:col])))
    return kept


@example(["HTTPs://a", "\u3000Www.x", " 目 录 ", "— 12 —", "发展……３", "12－", "w", "目次"])
@given(
    st.lists(st.text(st.sampled_from("目录次 \u3000\t.…·12３٣—－-发展。w:/htpsHW"), max_size=12), max_size=8)
)
def test_kept_lines_match_the_per_line_definition(source: list[str]) -> None:
    kept, _ = _keep_content_lines(source, fullwidth=bool(re.search("[０-９]", "".join(source))))
    assert [tuple(ln[:5]) for ln in kept] == _reference_kept(source)
    assert all(_width(ln) == ln.indent + _reference_width(ln.raw) for ln in kept)
