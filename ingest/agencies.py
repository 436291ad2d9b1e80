"""Agency names: normalise any written form to a canonical short form, and find agencies in text.

Government departments follow a grammar, not a list: ``[region][level] + stem [+ 厅|局]`` where the
level is 省/市/区/县/自治区/州 and the stem has a full, a short and variant forms
(发展和改革委员会 ↔ 发展改革委 ↔ 发改委). Stems are data (``agency_stems.tsv``); named bodies
outside the grammar and successor links are in ``agencies.tsv``. Task forces (…专班) and district
governments (X区人民政府) are recognised by pattern.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

from core.model import dict_init, name_key
from ingest import datafiles
from ingest.gazetteer import (
    Matcher,
    Region,
    is_region_name,
    region,
    region_name_ends,
    regions_named,
    resolve_region,
)

LEVELS = ("自治区", "国家", "省", "市", "区", "县", "州", "旗")
_LEVEL_ENDS = frozenset(lv[-1] for lv in LEVELS)
_LEVEL_OF = {"province": "省", "city": "市", "district": "区"}


@dataclass(frozen=True)
class AgencyRef:
    canonical: str  # customary short form with its level prefix: 省发展改革委, 市工业和信息化局
    full_name: str  # official form, with the region's name when known: 山东省发展和改革委员会
    aliases: tuple[str, ...]  # other forms of the same body (省发改委, 省发展和改革委员会 …)
    kind: str  # department | party | government | association | branch | customs | ministry | office
    # | task_force | collective
    region: str | None = None  # adcode of the body's region when known
    successor: str | None = None  # canonical of the body that took over its functions
    raw: str = ""


@dict_init  # one per agency named in a document
@dataclass(frozen=True)
class AgencyMatch:
    start: int
    end: int
    surface: str
    ref: AgencyRef


@dataclass(frozen=True)
class _Stem:
    canonical: str
    full: str
    forms: tuple[str, ...]  # every written form of the stem, without suffix
    suffix: str  # "" or the 厅/局 that was written
    kind: str


class _Data:
    def __init__(self) -> None:
        self.stems: dict[str, _Stem] = {}  # written stem form (+ suffix) -> stem
        for s in datafiles.agency_stems():
            forms = tuple(dict.fromkeys((s.canonical, s.full, *s.variants)))
            for suf in s.suffixes or ("",):
                stem = _Stem(s.canonical, s.full, forms, suf, s.kind)
                for f in forms:
                    self.stems.setdefault(name_key(f + suf), stem)
        self.named: dict[str, AgencyRef] = {}
        for a in datafiles.agencies():
            ref = AgencyRef(a.canonical, a.full_name or a.canonical, a.aliases, a.kind, a.region, a.successor)
            for f in (ref.canonical, ref.full_name, *ref.aliases):
                self.named.setdefault(name_key(f), ref)
        entries: list[tuple[str, tuple[str, str]]] = [(k, ("named", k)) for k in self.named]
        entries += [(k, ("stem", k)) for k in self.stems]
        self.matcher: Matcher[tuple[str, str]] = Matcher(entries)


@cache
def _data() -> _Data:
    return _Data()


def _level_for(reg: Region, level: str | None) -> str:
    if level in {"省", "自治区"} or reg.level == "province":
        if reg.name.endswith("市"):  # 直辖市
            return "市"
        return "自治区" if reg.name.endswith("自治区") else "省"
    if reg.level in ("district", "county"):
        return reg.name[-1] if reg.name[-1] in "区县市旗" else "县"
    return _LEVEL_OF.get(reg.level, level or "")


def _region_for_level(context: str | None, level: str) -> Region | None:
    """The context region, or its ancestor, at the administrative level the prefix names."""
    if not context:
        return None
    reg = region(context) if context.isdigit() else resolve_region(context)
    if reg is None:
        return None
    chain = [reg, *(r for c in reg.parents if (r := region(c)))]
    want = {"省": "province", "自治区": "province", "市": "city", "州": "city"}.get(level)
    for r in chain:
        if level == "市" and r.level == "county" and r.name.endswith("市"):
            return r  # county-level city: its own 市发改局
        if level == "市" and r.level == "province" and r.name.endswith("市"):
            return r  # 直辖市
        if want and r.level == want:
            return r
        if level in ("区", "县", "旗") and r.level in ("district", "county"):
            return r
    return None


def _split_prefix(s: str) -> tuple[Region | None, str | None, str]:
    """(region written in the name, level token, rest): 苏州市发展和改革委员会 → (苏州市, 市, 发展…)."""
    for k in range(min(len(s) - 2, 12), 1, -1):
        head = s[:k]
        cands = regions_named(head)
        if len(cands) >= 1 and name_key(s[k:]) in _data().stems:
            reg = cands[0] if len(cands) == 1 else None
            return reg, head[-1] if head[-1] in "省市区县旗州" else None, s[k:]
    for lv in LEVELS:
        if s.startswith(lv) and len(s) > len(lv):
            return None, lv, s[len(lv) :]
    return None, None, s


def _stem_ref(
    stem: _Stem, reg: Region | None, level: str | None, raw: str, written: bool = False
) -> AgencyRef:
    lv = _level_for(reg, level) if reg else (level or "")
    canonical = f"{lv}{stem.canonical}{stem.suffix}"
    if written and reg and stem.kind == "government":
        canonical = f"{reg.name}{stem.canonical}"  # 黄岛区政府: a district's government is named by it
    where = reg.name if reg else lv
    aliases = tuple(dict.fromkeys(f"{lv}{f}{stem.suffix}" for f in stem.forms if f != stem.canonical))
    return AgencyRef(
        canonical,
        f"{where}{stem.full}{stem.suffix}",
        aliases,
        stem.kind,
        reg.code if reg else None,
        None,
        raw,
    )


_TASK_FORCE = re.compile(r"^(?:省|市|区|县)?(?P<name>.{2,20}专班)$")
_GOVERNMENT = re.compile(r"^(?P<region>.{2,10}?(?:区|县|市|旗))(?:人民)?政府$")
_COLLECTIVE = re.compile(r"^各(?:区|县|市|区[(]市[)]|县[(]市、区[)]|县[(]市[)]|市[(]区[)])(?:人民)?政府$")
_SILVER = re.compile(r"^(?P<r>.{2,4})银保监局$")
_QUOTE = str.maketrans({'"': "“"})


def normalise_agency(raw: str, context_region: str | None = None) -> AgencyRef | None:
    """Canonical reference for a written agency name, or None when ``raw`` names no agency.

    ``context_region`` (code or name of the document's region) supplies the region of prefix-only
    forms: ``normalise_agency("市发改委", "苏州")`` → 市发展改革委 of 320500 (苏州市发展和改革委员会).
    """
    s = name_key(raw).removeprefix("中共").removeprefix("中华人民共和国")
    data = _data()
    if s in data.named:
        return data.named[s]
    m = _SILVER.match(s)
    if m:
        succ = f"金融监管总局{m['r']}监管局"
        return AgencyRef(s, s, (), "branch", None, succ, raw)
    if s.endswith("专班"):
        tm = _TASK_FORCE.match(s)
        if tm:
            name = _pair_quotes(tm["name"])
            return AgencyRef(name, name, (), "task_force", None, None, raw)
    if _COLLECTIVE.match(s):
        return AgencyRef(s.replace("人民政府", "政府"), s, (), "collective", None, None, raw)
    reg, level, rest = _split_prefix(s)
    stem = data.stems.get(rest)
    if stem is not None:
        written = reg is not None
        if reg is None and level:
            reg = _region_for_level(context_region, level)
        return _stem_ref(stem, reg, level, raw, written)
    gm = _GOVERNMENT.match(s)
    if gm:
        greg = resolve_region(gm["region"], context_region)
        if greg is not None:
            return AgencyRef(
                f"{gm['region']}政府", f"{greg.name}人民政府", (), "government", greg.code, None, raw
            )
    return None


# What the name of a public body ends with, when no stem or named entry knows it: the generic
# nouns of Chinese administration (…委/局/办/厅, …管委会, …中心, …办公室, …分中心, …海关, …分行).
_BODY_END = re.compile(
    r"(?:委员会|管委会|管理委员会|管理局|办公室|办事处|领导小组|分中心|中心|委|局|办|厅|署|部|院|所|海关|分行|"
    r"支行|银行|集团|公司|联合会|协会|总队|支队|法院|检察院|街道)$"
)
# Words that never occur inside a body's name: a clause fragment, not a name.
_NOT_A_NAME = re.compile(r"[，,。；;：:！？、\s]|(?:加快|推动|支持|鼓励|实施|开展|提升|完善|加强)")
_COLLECTIVE_BODY = re.compile(
    r"^(?:各|相关|有关)[\u4e00-\u9fff（）()]{0,5}?(?:区|县|市|乡镇|街道|部门|单位)(?:人民)?(?:政府)?$"
)


def listed_body(raw: str, context_region: str | None = None) -> AgencyRef | None:
    """A body named in a responsibility list that neither stems nor named entries know.

    Lists of who answers for a task name bodies of every kind (申康医院发展中心, 上海金融监管局, a
    national regulator's regional 分中心, 临港新片区管委会, a district by its name, 相关区). Their
    position in the list makes them agencies; the name is kept as printed and keyed by the region
    it names (or the document's region), so the same body merges across documents.
    """
    known = normalise_agency(raw, context_region)
    if known is not None:
        return known
    s = name_key(raw).removeprefix("中共")
    if not 2 <= len(s) <= 40 or _NOT_A_NAME.search(s):
        return None
    if _COLLECTIVE_BODY.match(s):
        return AgencyRef(s, s, (), "collective", None, None, raw)
    whole = resolve_region(s, context_region) if is_region_name(s) else None
    if whole is not None:  # a district or city listed as a body: its government
        return AgencyRef(s, f"{whole.name}人民政府", (f"{s}政府",), "government", whole.code, None, raw)
    if not _BODY_END.search(s) or len(s) < 3:
        return None
    reg, level, _rest = _split_prefix(s)
    if reg is None and level:
        reg = _region_for_level(context_region, level)
    if reg is None:
        reg = _named_region_prefix(s, context_region)
    return AgencyRef(s, s, (), "body", reg.code if reg else None, None, raw)


def _named_region_prefix(s: str, context_region: str | None) -> Region | None:
    """The region a name starts with (上海海关 → 上海市), longest first; None when it starts with none."""
    for k in range(min(len(s) - 2, 10), 1, -1):
        reg = resolve_region(s[:k], context_region)
        if reg is not None:
            return reg
    return None


def _pair_quotes(s: str) -> str:
    """Straight quotes to curly pairs: "十强"产业专班 → “十强”产业专班."""
    out, open_ = [], True
    for ch in s:
        if ch in '"“”':
            out.append("“" if open_ else "”")
            open_ = not open_
        else:
            out.append(ch)
    return "".join(out)


# --- free text --------------------------------------------------------------------------------------

_BEFORE = re.compile(r"[（(，,、；;。：:\s“”]|^")
_TF_TEXT = re.compile(r"(?:[“\"][^”\"]{1,12}[”\"]|[\u4e00-\u9fff+\d]){2,16}?专班")
_TF_LEAD = re.compile(r"^(?:由|请|会同|和|及|与|并|各)")
_GOV_TEXT = re.compile(
    r"各区（市）(?:人民)?政府|各区\(市\)(?:人民)?政府|[\u4e00-\u9fff]{2,8}?(?:区|县)(?:人民)?政府"
)


def _prefix_before(text: str, s: int) -> int:
    """Start of the [region][level] prefix that ends at ``s`` (== s when there is none)."""
    start = s
    if s > 0 and text[s - 1] in _LEVEL_ENDS:  # (a level token ends with one of them)
        for lv in LEVELS:
            if text.startswith(lv, s - len(lv)) and s - len(lv) >= 0:
                start = s - len(lv)
                break
    # every head below ends with the same two chars: when no region name ends so, none matches
    end = start + 1 if start < s else start
    if end < 2 or text[end - 2 : end] not in region_name_ends():
        return start
    for k in range(10, 1, -1):
        i = start - k
        if i < 0:
            continue
        head = text[i : start + (1 if start < s else 0)]
        if is_region_name(head):
            return i
    return start


def _task_force_names(text: str) -> Iterator[re.Match[str]]:
    """``_TF_TEXT.finditer(text)``, searched only just before each 专班 (a name is < 64 chars)."""
    last = 0
    p = text.find("专班")
    while p != -1:
        m = _TF_TEXT.search(text, max(last, p - 64), p + 2)
        if m is not None:
            yield m
            last = m.end()
        p = text.find("专班", max(p + 2, last))


# Longest _GOV_TEXT match: 8 name chars + 区/县 + 人民 + 政府; its 政府 starts at most 11 chars in.
_GOV_MAX, _GOV_REACH = 13, 11


def _government_names(text: str) -> Iterator[re.Match[str]]:
    """``_GOV_TEXT.finditer(text)``, searched only around each 政府.

    Every match ends with 政府, so the next match after ``pos`` starts at most ``_GOV_REACH``
    chars before the first 政府 at or after ``pos``. A search cut off ``_GOV_MAX`` chars after that
    政府 gives the whole-text result for every match starting up to it (no match is longer), so
    a match found there is the one ``finditer`` yields; none there means none starts before the
    next 政府.
    """
    pos = 0
    p = text.find("政府")
    while p != -1:
        m = _GOV_TEXT.search(text, max(pos, p - _GOV_REACH), p + 2 + _GOV_MAX)
        if m is not None and m.start() <= p + 2:
            yield m
            pos = m.end()
            p = text.find("政府", pos)
        else:
            pos = max(pos, p + 3)
            p = text.find("政府", p + 1)


def find_agencies(text: str, context_region: str | None = None) -> list[AgencyMatch]:
    """Agencies named in ``text`` with character offsets, normalised (省…厅/委/局/办, 专班, X区政府)."""
    out: list[AgencyMatch] = []
    taken: list[tuple[int, int]] = []
    memo: dict[str, AgencyRef | None] = {}  # a document names the same bodies again and again

    def normalise(raw: str) -> AgencyRef | None:
        if raw not in memo:
            memo[raw] = normalise_agency(raw, context_region)
        return memo[raw]

    for s, e, (kind, _key) in _data().matcher.find(text):
        if text.startswith("门", e):  # 工信部门, 发改部门: a sector, not a body
            continue
        start = s if kind == "named" else _prefix_before(text, s)
        if kind == "stem" and start == s and (e - s < 3 or text[s:e].endswith("政府")):
            continue  # bare generic stem (政府, 财政…) without a level prefix
        ref = normalise(text[start:e])
        if ref is not None:
            out.append(AgencyMatch(start, e, text[start:e], ref))
            taken.append((start, e))
    for m in _task_force_names(text):
        s = m.start()
        lead = _TF_LEAD.match(m.group())
        if lead:
            s += lead.end()
        if s > 0 and not _BEFORE.match(text[s - 1]) and text[s - 1] not in "省市":
            continue
        if s > 0 and text[s - 1] in "省市":
            s -= 1
        ref = normalise(text[s : m.end()])
        if ref is not None:
            out.append(AgencyMatch(s, m.end(), text[s : m.end()], ref))
    # whether a government name overlaps a body found above: the greatest end among the bodies
    # starting before its end (bodies by start, with the running maximum of their ends)
    taken.sort()
    starts = [a for a, _ in taken]
    reach = list(accumulate((b for _, b in taken), max))
    for m in _government_names(text):
        k = bisect_left(starts, m.end())
        if k and reach[k - 1] > m.start():
            continue
        for s in range(m.start(), m.end() - 4):  # the regex may start early (支持黄岛区政府)
            ref = normalise(text[s : m.end()])
            if ref is not None:
                out.append(AgencyMatch(s, m.end(), text[s : m.end()], ref))
                break
    out.sort(key=lambda a: a.start)
    return out


def known_names() -> list[str]:
    """Written forms worth keeping whole when segmenting: named bodies and 省/市 + department stems."""
    data = _data()
    names = set(data.named)
    for key, stem in data.stems.items():
        if stem.kind == "department":
            names.update((f"省{key}", f"市{key}"))
    return sorted(names)
