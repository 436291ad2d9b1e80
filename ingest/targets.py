"""Quantitative targets in one sentence: metric, value, unit, qualifier, year.

Values keep the text's own unit, magnitude included (5 万台套 → value 5, unit 万台套; 1.1 万亿元 →
1.1, 万亿元). Ranges (3-5, 2—3) give ``value`` = low and ``value_max`` = high. Years come from a
year phrase earlier in the sentence (到2025年, 2024年年底前, 到“十四五”末) or from the caller's
context year (the section lead or the plan period). Baselines (2020 年，…突破 30%), thresholds
(过 3000 亿元的集群) and specifications (CH2000, T700, 6MW, 12 英寸, 5G, 年产 2 万台) are not targets.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from core.model import _dict_init

_CN_DIGIT = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_MULT = {"十": 10, "百": 100, "千": 1000}
_CN = "零〇一二两三四五六七八九十百千"
_NUM = rf"\d+(?:\.\d+)?|[{_CN}]+(?:点[零〇一二三四五六七八九]+)?"
_UNITS = (
    "个百分点|百分点|个工作日|工作日|%|％|吉瓦时|兆瓦时|千瓦时|吉瓦|兆瓦|千瓦|万标箱|标箱|立方米|平方公里|平方米|公里|吨标煤|吨|台套|台|套|辆|家|个|项|件|名|人次|人"
    "|座|处|条|亩|艘|架次|架|颗|发|种|款|例|所|户|倍|元|美元|周|小时|分钟|批次"
)
_VALUE = re.compile(
    rf"(?<![A-Za-z\d.\-/])(?P<num>{_NUM})(?:\s*(?P<dash>[-—–－~～至])\s*(?P<num2>{_NUM}))?"
    rf"\s*(?P<mag>万亿|千亿|百亿|亿|千万|百万|万)?\s*(?P<unit>{_UNITS})(?:/(?P<per>[\u4e00-\u9fff]{{1,3}}))?"
    r"\s*(?P<suf>以上|左右|以内|以下|上下)?"
)
# What every _VALUE match holds: the last character of a number, then (magnitude and) a unit. No
# look-behind and a character class first, so a scan is ~4x faster than _VALUE's: a guard.
_VALUE_TAIL = re.compile(rf"[\d{_CN}]\s*(?:万亿|千亿|百亿|亿|千万|百万|万)?\s*(?:{_UNITS})")
VALUE_TAIL = _VALUE_TAIL  # (no anchor or look-around: a whole text can be scanned for it at once)


def may_state_value(sentence: str) -> bool:
    """False when ``sentence`` has no number with a unit (then :func:`find_targets` finds nothing)."""
    tail = _VALUE_TAIL.search(sentence)
    return tail is not None and _VALUE.search(sentence, _value_scan_start(sentence, tail.start())) is not None


# What a _VALUE match holds before its tail: the number, a range (3-5, 二至三) and blanks.
_NUMBER_CHARS = frozenset(f".{_CN}点-—–－~～至")


def _value_scan_start(text: str, first_tail: int) -> int:
    """Where a scan for _VALUE may start: no match starts before the characters of numbers and ranges
    that end at the first _VALUE_TAIL match (every _VALUE match holds one). Its look-behind still
    reads the text before."""
    i = first_tail
    while i > 0:
        ch = text[i - 1]
        if not (ch in _NUMBER_CHARS or ch.isdecimal() or ch.isspace()):  # (\d is any decimal digit)
            break
        i -= 1
    return i


_PRE_QUAL_WORDS = (
    "突破|超过|超|过|达到|达|力争|争取|不少于|不低于|不超过|控制在|稳定在"
    "|提高到|提高至|提升到|提升至|增长到|增至|新增|新建|实现"
)
_PRE_QUAL = re.compile(rf"({_PRE_QUAL_WORDS})\s*$")
_YEAR = re.compile(
    r"(?P<to>力争到|力争至|到|至|截至)?\s*(?P<y>20\d\d)\s*年(?P<end>年底前|底前|年底|底|末|前)?"
    r"|(?P<to2>到|至)?\s*[“\"]?(?P<fyp>十[一二三四五六七八九]五)[”\"]?(?P<end2>末|期末|期间|时期|以来)?"
)
# What every _YEAR (and _SPAN_YEARS) match holds as printed: 20xx before 年, or a plan 十X五. Its
# scan starts at a 2 or a 十; _YEAR's optional leads make it try each position in full.
_YEAR_ANCHOR = re.compile(r"20\d\d\s*年|十[一二三四五六七八九]五")
_FYP_END = {"十一五": 2010, "十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030, "十六五": 2035}
_CLAUSE = re.compile(r"[，,；;。：:！？]")
_LEAD_VERBS = re.compile(
    r"^(?:每年|每两年|新培育|引进培育|引进|引育|培育|建成|建设|形成|打造|实施|新布局|布局|争创|创建|推动|取得|实现|新建|支持|认定|遴选"
    r"|选树|力争|争取|累计|再|新|达到|突破|超过|完成|开展|推广|推进|部署|发展|壮大|储备|谋划)+"
)
_TRAIL_VERB = re.compile(
    r"(?:新培育|引进培育|引进|引育|培育|建成|建设|形成|打造|实施|新布局|布局|争创|创建|取得|新建|认定|遴选|选树|培养"
    r"|部署|储备|谋划|累计|制定|研制|开发|获批|推出|发布|孵化|招引|集聚|引育|形成年产|构建|建立|推动|搭建|组建)$"
)
_SCOPE = re.compile(r"^(?:全省|全市|全区|全县|我省|我市|本市|全国)")
_PAST = re.compile(r"已经|已|累计|“十三五”|十三五")
_PERIODIC = re.compile(r"每年|每两年|每三年|每季度|每月|逐年")
_RATE = re.compile(r"年均|增速|增长率|年增长")
_DISTRIBUTIVE = re.compile(r"分别(?:达到|为|突破|超过|达|增长)?\s*$")
_LIST_SEP = re.compile(r"^[\s和、及与以]*$")
_SPAN_YEARS = re.compile(r"(20\d\d)\s*[-—–－至]\s*(20\d\d)\s*年")
_THRESHOLD_BEFORE = re.compile(r"(过|超过|超)\s*$")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SPEC_BEFORE = re.compile(r"(年产|第|编号|型号)\s*$")
# 年产 after a verb of reaching a capacity is a goal (形成年产50发…的能力), not a specification.
_CAPACITY_GOAL = re.compile(r"(?:形成|具备|达到|实现|建成)年产\s*$")
_EDGE_PUNCT = re.compile(r"^[\s，,；;：:、和及与并]+|[\s，,；;：:、]+$")
_QIZHONG = re.compile(r"^其中")
_FENBIE = re.compile(r"(分别)$")
_TRAIL_PUNCT = re.compile(r"[，,\s]+$")
_PARTS_SEP = re.compile(r"[和、及与]")
_TOTAL_TAIL = re.compile(r"(数量|规模|总量|产值|收入)$")
_VS_PAST_PLAN = re.compile(r"(?:较|比)[“\"]?十[一二三四五六七八九]五[”\"]?末?(?:增长|提高|翻)")

# The patterns above that only look at the ends of a short string, as string operations (several per
# value otherwise). ``\s`` is ``str.isspace`` (every such character is below U+3001), so a pattern
# ``(?:a|b)\s*$`` matches where ``s.rstrip()`` ends with a or b, and its leftmost match is the longest.
_WS = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
_PRE_QUAL_LONGEST = tuple(sorted(_PRE_QUAL_WORDS.split("|"), key=len, reverse=True))
_PRE_QUAL_SET = frozenset(_PRE_QUAL_LONGEST)
_PRE_QUAL_LENGTHS = tuple(sorted({len(w) for w in _PRE_QUAL_LONGEST}, reverse=True))
_TRAIL_VERB_WORDS = tuple(_TRAIL_VERB.pattern[3:-2].split("|"))
_SCOPE_WORDS = ("全省", "全市", "全区", "全县", "我省", "我市", "本市", "全国")  # = _SCOPE
_CAPACITY_GOAL_WORDS = ("形成年产", "具备年产", "达到年产", "实现年产", "建成年产")  # = _CAPACITY_GOAL
_SPEC_BEFORE_WORDS = ("年产", "第", "编号", "型号")  # = _SPEC_BEFORE
_EDGE_LEAD = _WS + "，,；;：:、和及与并"  # = _EDGE_PUNCT (its trailing set is part of its leading one)
_EDGE_TRAIL = _WS + "，,；;：:、"
_TRAIL_PUNCT_CHARS = _WS + "，,"  # = _TRAIL_PUNCT


def _pre_qual(s: str) -> str | None:
    """``_PRE_QUAL.search(s).group(1)``: the qualifier ``s`` ends with, if any (the longest: two
    words of one length cannot both end it, so one look-up per length, longest first)."""
    s = s.rstrip()
    if not s.endswith(_PRE_QUAL_LONGEST):
        return None
    for n in _PRE_QUAL_LENGTHS:
        if s[-n:] in _PRE_QUAL_SET:
            return s[-n:]
    return None  # (unreachable)


def _drop_scope(s: str) -> str:
    """``_SCOPE.sub("", s)``."""
    return s[2:] if s.startswith(_SCOPE_WORDS) else s


@_dict_init
@dataclass(frozen=True)
class Target:
    start: int  # clause span in the sentence (metric through value)
    end: int
    metric: str
    value: float
    value_max: float | None
    value_text: str  # the number as written (二百, 1.1, 3-5)
    unit: str  # the text's unit with its magnitude: 万台套, 亿元, %
    qualifier: str | None  # 以上/左右/突破/力争…达到 …
    year: int | None
    year_inherited: bool = False  # year taken from the caller's context, not this sentence
    periodic: bool = False  # 每年 …
    rate: bool = False  # 年均增长 / 增速
    baseline: bool = False  # a past value (2020 年，…突破 30%), not a target
    distributive: bool = False  # one of 分别达到 A 和 B
    sub_target: bool = False  # introduced by 其中
    product: str | None = None  # a capacity goal's product (形成年产50发商业火箭 → 商业火箭)


def cn_number(s: str) -> float:
    """Chinese or Arabic numeral to float: 二百 → 200, 一千三百 → 1300, 十五 → 15, 1.1 → 1.1."""
    if s[0].isdigit():
        return float(s)
    if "点" in s:
        whole, frac = s.split("点", 1)
        return cn_number(whole or "零") + float("0." + "".join(str(_CN_DIGIT[c]) for c in frac))
    total, digit = 0, 0
    for ch in s:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        else:
            total += (digit or 1) * _CN_MULT[ch]
            digit = 0
    return float(total + digit)


def _year_window(text: str, first: int, last_end: int) -> tuple[int, int]:
    """Where every _YEAR match of ``text`` lies, given the first and last of its anchors: a lead
    (到/至/截至/力争到, at most 3 characters), blanks and a quote before the first; a suffix (年底前,
    ”期末: at most 3 characters) after the last. Blanks or leads never hold an anchor's characters, so a
    match for a later anchor starts after the first one."""
    start = first
    if start > 0 and text[start - 1] in '“"':
        start -= 1
    while start > 0 and text[start - 1].isspace():
        start -= 1
    return max(0, start - 3), last_end + 3


@lru_cache(maxsize=8)  # the same sentence is asked for by find_targets and states_past in turn
def _year_phrases(text: str) -> tuple[tuple[int, int, bool], ...]:
    """(position, year, is_goal) for each year phrase; is_goal = 到/前/末 (not a bare past year)."""
    if "五" not in text and ("年" not in text or "20" not in text):
        return ()  # every year phrase has a plan (十四五) or 20xx and 年 (2025年)
    anchors = [a.span() for a in _YEAR_ANCHOR.finditer(text)]
    if not anchors:
        return ()  # (then neither _YEAR nor _SPAN_YEARS matches; their scans are slow)
    out = []
    for m in _YEAR.finditer(text, *_year_window(text, anchors[0][0], anchors[-1][1])):
        if m["y"]:
            nxt = text[m.end() : m.end() + 1]
            if nxt in "-—–－" and nxt:  # 2021—2022 年: a period, the end year counts
                continue
            goal = bool(m["to"] or (m["end"] and m["end"] != "底"))
            out.append((m.start(), int(m["y"]), goal))
        elif m["fyp"] in _FYP_END:
            goal = bool(m["to2"] or m["end2"] in ("末", "期末"))
            if m["fyp"] == "十三五" and m["end2"] in ("期间", "以来", "时期"):
                goal = False
            out.append((m.start(), _FYP_END[m["fyp"]], goal))
    # a period 2021—2022 年 names its end year as the horizon
    for m in _SPAN_YEARS.finditer(text):
        out.append((m.start(), int(m[2]), True))
    return tuple(sorted(out))


def period_end(period: str | None) -> int | None:
    """Last year of a plan period: 2021—2022 → 2022, “十四五” → 2025."""
    if not period:
        return None
    years = [int(y) for y in re.findall(r"20\d\d", period)]
    if years:
        return max(years)
    m = re.search(r"十[一二三四五六七八九]五", period)
    return _FYP_END.get(m.group()) if m else None


def lead_year(text: str, plan_end: int | None = None) -> int | None:
    """The goal year a section lead sets for the block below it (到“十四五”末 → 2025)."""
    goals = [y for _, y, goal in _year_phrases(text) if goal]
    return goals[0] if goals else None


def _is_threshold(text: str, m: re.Match[str], counts_before: bool, counts_after: bool = False) -> bool:
    before = text[max(0, m.start() - 3) : m.start()]
    after = text[m.end() : m.end() + 1]
    # (_THRESHOLD_BEFORE: 过, 超过 or 超 before the value)
    if before.rstrip().endswith(("过", "超")) and (after == "的" or counts_before or counts_after):
        return True  # 规模过 3000 亿元的集群; 1家销售收入超 5000 亿元; 年产值超100亿元、…的企业2家
    money = m["unit"] in ("元", "美元")
    return money and m["suf"] == "以上" and "\u4e00" <= after <= "\u9fff" and after != "的"  # (_HAN)


def _spec(text: str, m: re.Match[str]) -> bool:
    at = m.start()
    after = text[m.end() : m.end() + 1]
    if after in ("级", "号", "型", "寸"):
        return True
    if text[max(0, at - 3) : at].rstrip().endswith(_SPEC_BEFORE_WORDS) and not text[
        max(0, at - 5) : at
    ].rstrip().endswith(_CAPACITY_GOAL_WORDS):
        return True
    cn = not m["num"][0].isdigit()
    return cn and len(m["num"]) < 2 and not m["mag"]  # 一个, 三家: too weak as a target


def _clean_metric(s: str) -> str:
    if "年" in s or "五" in s:  # (every year phrase has one of them)
        s = _YEAR.sub("", s)
    s = s.lstrip(_EDGE_LEAD).rstrip(_EDGE_TRAIL)  # _EDGE_PUNCT
    s = _drop_scope(s)
    if s.startswith("其中"):  # _QIZHONG
        s = s[2:]
    qual = _pre_qual(s)  # _PRE_QUAL.sub: the qualifier and the blanks after it
    if qual is not None:
        s = s[: len(s.rstrip()) - len(qual)]
    s = s.strip()
    if s.endswith("分别"):  # _FENBIE (s has no final line break)
        s = s[:-2]
    return s.rstrip(_TRAIL_PUNCT_CHARS)  # _TRAIL_PUNCT


def find_targets(
    sentence: str, context_year: int | None = None, plan_start: int | None = None
) -> list[Target]:
    """Every quantitative target in ``sentence`` (offsets index ``sentence``).

    A bare year (no 到/末/前) before ``plan_start`` (the first year of the plan period) or well
    before ``context_year`` states a past value: a baseline.
    """
    years = _year_phrases(sentence)
    clauses = [0] + [m.end() for m in _CLAUSE.finditer(sentence)] + [len(sentence) + 1]
    out: list[Target] = []
    tail = _VALUE_TAIL.search(sentence)
    start = _value_scan_start(sentence, tail.start()) if tail else len(sentence)
    matches = [m for m in _VALUE.finditer(sentence, start) if not _spec(sentence, m)]
    consumed = 0
    capacity_clause = -1  # start of the clause whose 形成年产… governs its 、-joined values
    pending_parts: list[str] = []
    for idx, m in enumerate(matches):
        k = bisect.bisect_right(clauses, m.start())  # (clauses are in order)
        cstart, cend = clauses[k - 1], clauses[k] - 1  # last clause start <= m.start(), next one - 1
        counts_before = any(
            p.end() <= m.start() and p.start() >= cstart and p["unit"] in ("家", "个") for p in matches[:idx]
        )
        # a count (家/个) later in the clause, after a 、-joined qualifier: 超100亿元、…的龙头企业2家
        counts_after = sentence[m.end() : m.end() + 1] == "、" and any(
            p.start() > m.end() and p.start() < cend and p["unit"] in ("家", "个") for p in matches[idx + 1 :]
        )
        if _is_threshold(sentence, m, counts_before, counts_after):
            continue  # part of the next target's metric (规模过 3000 亿元的集群 2 个)
        pre_start = max(cstart, consumed)
        pre = sentence[pre_start : m.start()]
        # value before noun (建成 450 万千瓦左右的储能设施): the metric follows the value
        nxt = matches[idx + 1].start() if idx + 1 < len(matches) else len(sentence)
        post_end = min(cend, nxt)
        post = sentence[m.end() : post_end]
        cut = post.find("、")
        if cut >= 0 and len(post) - cut > 2:
            cut = -1  # 、 inside the noun (5款侵入式、半侵入式…产品): only a 、 before the next value cuts
        cleaned = _clean_metric(pre)
        lead = _LEAD_VERBS.sub("", _drop_scope(cleaned))
        if cleaned.endswith(_TRAIL_VERB_WORDS):  # _TRAIL_VERB (cleaned has no final line break)
            lead = ""  # …领域建设 2—3 家省实验室: the noun follows the value
        metric_start, metric_end = pre_start, m.end()
        distributive = bool(pending_parts)
        if pending_parts:
            metric = pending_parts.pop(0)
        elif len(lead) < 2 and post.strip(" 的"):
            body = post[:cut] if cut >= 0 else post
            metric = body.strip().lstrip("的").strip()
            metric_end = m.end() + len(body)
            consumed = metric_end
        else:
            metric = cleaned
            if _DISTRIBUTIVE.search(pre):
                parts = [p for p in _PARTS_SEP.split(metric) if p]
                tail = _TOTAL_TAIL.search(parts[-1]) if parts else None
                if tail:
                    parts = [p if p.endswith(tail.group()) else p + tail.group() for p in parts]
                if len(parts) > 1:
                    metric, pending_parts = parts[0], parts[1:]
                    distributive = True
            metric_start = pre_start + (len(pre) - len(pre.lstrip("，,；;、 ")))
        while metric_start < m.start() and sentence[metric_start] in "，,；;、 ":
            metric_start += 1
        if not pending_parts:
            consumed = max(consumed, metric_end)
        # year: the latest year phrase before the value in this sentence
        before = [(y, goal, pos) for pos, y, goal in years if pos < m.start()]
        year: int | None = None
        inherited = baseline = False
        if before:
            year, goal, pos = before[-1]
            baseline = not goal and (
                (context_year is not None and year < context_year - 1)
                or (plan_start is not None and year < plan_start)
                or bool(_PAST.search(sentence[pos : m.start()]))
            )
        elif context_year is not None:
            year, inherited = context_year, True
        quals = []
        pq = _pre_qual(sentence[max(cstart, m.start() - 6) : m.start()])
        if "力争" in sentence[cstart : m.start()] or "争取" in sentence[cstart : m.start()]:
            quals.append("力争")
        if pq and pq not in quals:
            quals.append(pq)
        if m["suf"]:
            quals.append(m["suf"])
        clause_txt = sentence[cstart : m.start()]
        unit = (
            (m["mag"] or "")
            + ("%" if m["unit"] == "％" else m["unit"])
            + (f"/{m['per']}" if m["per"] else "")
        )
        product = None
        if sentence[max(cstart, m.start() - 5) : m.start()].rstrip().endswith(_CAPACITY_GOAL_WORDS):
            capacity_clause = cstart
        if capacity_clause == cstart:
            product = metric.split("的")[0] if 2 <= len(metric.split("的")[0]) <= 10 else None
            metric = f"年产{product}" if product else metric
        out.append(
            Target(
                product=product,
                start=metric_start,
                end=metric_end,
                metric=metric,
                value=cn_number(m["num"]),
                value_max=cn_number(m["num2"]) if m["num2"] else None,
                value_text=m["num"] + (f"-{m['num2']}" if m["num2"] else ""),
                unit=unit,
                qualifier="…".join(quals) or None,
                year=year,
                year_inherited=inherited,
                periodic=bool(_PERIODIC.search(clause_txt)),
                rate=bool(_RATE.search(clause_txt)) and m["unit"] in ("%", "％"),
                baseline=baseline,
                distributive=distributive,
                sub_target=sentence[cstart:].lstrip().startswith("其中"),
            )
        )
    return out


def states_past(sentence: str, plan_start: int | None) -> bool:
    """The sentence reports the past: a bare year (or five-year plan) before the plan period and no goal
    year (2020年技术合同成交额…; 较“十二五”末增长近4倍)."""
    if plan_start is None or ("五" not in sentence and "年" not in sentence):
        return False  # (no year phrase, and _VS_PAST_PLAN names a plan: 十X五)
    phrases = _year_phrases(sentence)
    if any(goal and y >= plan_start for _, y, goal in phrases):
        return False
    if any(not goal and y < plan_start for _, y, goal in phrases):
        return True
    return bool(_VS_PAST_PLAN.search(sentence)) and all(y < plan_start for _, y, _ in phrases)
