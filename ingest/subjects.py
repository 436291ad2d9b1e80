"""What a plan is about, and industries the taxonomy does not know (an open vocabulary).

A plan's title names its subject industries in a few fixed shapes: ``[region]促进X发展打造Y产业高地
行动计划``, ``[region]X产业高质量发展三年行动计划``, ``[region]X未来产业培育行动方案``,
``[region]加快X创新赋能产业发展行动方案``. Stripping the region, the period, the genre word and the
verbs and fillers of planning language leaves the noun chunks X, Y. Goal sentences name further
industries as ``X产业`` before a measure (``X产业规模达…``). Everything here is pure text work; the
extractor decides which chunks become chains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.model import name_key

_BOOK_TITLE = re.compile(r"《([^《》]{4,80})》")
_PERIOD = re.compile(r"[（(]?\s*20\d\d\s*[—\-–－~至]\s*20\d\d\s*年?\s*[）)]?")
_GENRE = re.compile(
    r"(?:(?:[一二三四五]|\d)年)?(?:专项)?(?:行动计划|行动方案|实施方案|工作方案|实施意见|若干措施|若干政策|"
    r"指导意见|规划|方案|计划|意见|措施|政策)(?:的通知)?$"
)
_NOTICE_HEAD = re.compile(r"^.*?关于印发")
_PLAN_NAME = re.compile(r"[“\"]?十[一二三四五六七八九]五[”\"]?(?:时期|期间)?")  # “十四五”: the period
# Verbs and fillers of planning language that separate the subject's noun chunks.
_SPLIT = re.compile(
    r"促进|加快|推动|推进|支持|打造|培育|建设|构建|发展|创新|赋能|高质量|全链条|全产业链|做强|做优|做大|壮大|集聚|"
    r"提升|引领|布局|关于|进一步|加强|深化|实施|落实|和|与|及|的"
)
# A chunk that ends so is a place or an organisation, not an industry (…创新区, …科技园, …新城).
_PLACE_END = re.compile(r"(?:区|园|城|带|港|谷|岛|湾|镇|街道|基地|中心|走廊|政府|办公厅|委员会)$")
_SCOPE_WORD = re.compile(r"^(?:全|我|本)(?:省|市|区|县|国)")
# Umbrella terms of policy language: they name a portfolio, not one industry.
_UMBRELLA = re.compile(
    r"^(?:战略性新兴|新兴|未来|先进制造|现代|标志性|重点|优势|特色|传统|主导|支柱|新质生产力|生产力|"
    r"数字化转型|实体经济|制造业|服务业|工业|经济|科技)?(?:产业|产业链|产业集群|产业体系|业)?$"
)
# Not an industry's name: counted groups (五大…, 三个…), open lists (…等), verbs, size classes, quotes.
_NOT_INDUSTRY = re.compile(
    r"^[一二三四五六七八九十两\d]+[大个类项]|等|^(?:规上|规模以上)|[“”\"]|"
    r"加速|加快|壮大|推动|推进|提升|发展|培育|实现|形成|带动|高新技术|"
    r"(?:空间|区域|格局|布局|体系|机制|环境)$"  # a plan about space or institutions, not an industry
)
_TRAILERS = re.compile(
    r"(?:战略性新兴产业集群|战略性新兴产业|未来产业|新兴产业|产业链|产业集群|产业高地|产业|集群|高地|行业|领域)$"
)
_MEASURE = re.compile(r"(?:规模|产值|营业收入|营收|收入|增加值|总产值|营业额)")
_OPEN_CHAIN = re.compile(
    r"(?P<name>[\u4e00-\u9fffA-Za-z0-9“”]{2,14}?(?:产业|工业))(?=(?:总)?(?:规模|产值|营业收入|营收|收入|增加值)|占)"
)
_CHUNK_LEAD = re.compile(r"^(?:推动|实现|力争|全市|全省|本市|我市|其中|打造|形成|带动|使|促使|上海|全区)+")


@dataclass(frozen=True)
class Phrase:
    """A noun chunk naming an industry: ``text`` as printed, ``core`` without 产业/产业链/高地."""

    text: str
    core: str


def plan_title(title: str) -> str:
    """The plan's own title inside a notice (关于印发《X》的通知 → X), without period and genre."""
    s = name_key(title)
    book = _BOOK_TITLE.search(s)
    if book:
        s = book.group(1)
    s = _NOTICE_HEAD.sub("", s)
    s = _PERIOD.sub("", s)
    s = _PLAN_NAME.sub("", s)
    for _ in range(2):
        s = _GENRE.sub("", s)
    return s


def subject_phrases(title: str, region_prefixes: tuple[str, ...] = ()) -> list[Phrase]:
    """Industries a title names, in title order: 上海市促进商业航天发展打造空间信息产业高地行动计划
    → 商业航天, 空间信息产业; a title about a place or a portfolio (…创新区建设方案, 战略性新兴产业
    发展规划) names none. ``region_prefixes``: region names the title may open with."""
    s = plan_title(title)
    for p in sorted(region_prefixes, key=len, reverse=True):
        if p and s.startswith(p):
            s = s[len(p) :]
            break
    out: list[Phrase] = []
    for chunk in _SPLIT.split(s):
        if re.fullmatch(r"[“\"「].*[”\"」]", chunk):
            continue  # a quoted slogan (“三个坚决”), not an industry
        chunk = chunk.strip('“”"「」 ')
        phrase = _phrase(chunk)
        if phrase and phrase.core not in {p.core for p in out}:
            out.append(phrase)
    return out


def _phrase(chunk: str) -> Phrase | None:
    if not 2 <= len(chunk) <= 16 or _PLACE_END.search(chunk) or _UMBRELLA.match(chunk):
        return None
    if _SCOPE_WORD.match(chunk):
        return None
    core = chunk
    for _ in range(2):
        stripped = _TRAILERS.sub("", core)
        if len(stripped) >= 2:
            core = stripped
    if len(core) < 2 or _UMBRELLA.match(core) or _NOT_INDUSTRY.search(core):
        return None
    return Phrase(chunk, core)


def measured_industries(sentence: str) -> list[tuple[int, int, Phrase]]:
    """``X产业`` chunks a sentence measures (北斗时空信息产业规模达1000亿元 → 北斗时空信息产业),
    with offsets of the chunk in ``sentence``."""
    out = []
    for m in _OPEN_CHAIN.finditer(sentence):
        raw = m["name"]
        lead = _CHUNK_LEAD.match(raw)
        start = m.start() + (lead.end() if lead else 0)
        text = sentence[start : m.end()]
        phrase = _phrase(text)
        if phrase is not None and not _MEASURE.search(phrase.core):
            out.append((start, m.end(), phrase))
    return out
