"""Designations in running text: places a sentence names with a role word (产业集群, 示范区, 基地 …)
for a chain, and the nesting of the chains so designated under their section's chain."""

from __future__ import annotations

import itertools
import re

from core.model import Rel
from ingest import gazetteer, lexicon
from ingest.extract.context import Context
from ingest.extract.lookups import (
    city_level,
    clauses,
    find_chains,
    has_parent_chain,
    heading_chain,
    regions_in,
)
from ingest.extract.nodes import chain_node, designate
from ingest.extract.words import ACTION, LEVEL_WORD, ROLE_RE
from ingest.lexicon import RegionHit
from ingest.models import Sentence

_SEP_END = re.compile(r"[、和及与]$")
_SEP_OR_COMMA_END = re.compile(r"[、和及与，]$")
_GROUP_GAP = re.compile(r"市?(?:[、和及与—\-–]|以及)?")
_CHAIN_HEAD = re.compile(
    r"^(?:市)?(?:等)?(?:城市|地区|地)?(?:的)?"
    r"(?:布局|建设|打造|培育|发展|形成|成为|为)?"
    r"(?:全国|国内|国际|全球|世界|国家级|省级|国家|重要|领先|知名|一流|高端|先进|一批|两大|的|具有.*?的)*"
)
_CHAIN_TAIL = re.compile(r"(?:等.*|产业|行业)$")
_NOT_CHAIN = re.compile(
    r"[、，,和及与“”\"《》（）()·]|项目|实验室|大学|研究院|集团|公司|园|(?<!产业)区(?!块)|中心|港|基地|集群|城"
)


# A designation phrase that names no chain (国家数字家庭应用示范产业基地, 低时延数据中心核心区):
# it belongs to the chain of its section, when it reads like a title rather than an organisation.
# Named parks (…产业园) are places of their own, not a role the section's chain gives a city.
_NOT_TITLE = re.compile(r"[、，,；;“”\"《》（）()]|项目|实验室|大学|研究院|集团|公司|企业|园|金融中心")
_PARK_ROLES = ("产业园", "产业园区")


def extract_designations(ctx: Context) -> None:
    """`<city>、<city>…等 <chain> <role>` and `<city><chain>、<city><chain>…<role>` → DESIGNATED_FOR.

    Box lines list projects, not designations, and are skipped. Each role word closes a segment;
    inside it, runs of regions joined by list separators form groups, and the text between a group
    and the next one (or the role) names the group's chain.
    """
    doc = ctx.doc
    for sent in doc.sentences:
        if sent.box is not None or not ROLE_RE.search(sent.text):
            continue  # (a role word never spans a clause break)
        for clause_start, clause in clauses(sent.text):
            if not ROLE_RE.search(clause):
                continue
            base = sent.start + clause_start
            hits = city_level(regions_in(ctx, clause, base))
            if not hits:
                continue
            seg_start = 0
            for role_m in ROLE_RE.finditer(clause):
                seg_hits = [h for h in hits if seg_start <= h.start - base and h.end - base <= role_m.start()]
                if seg_hits and base + role_m.start() not in ctx.claimed:
                    _designate_segment(ctx, sent, clause, base, seg_hits, role_m)
                seg_start = role_m.end()


def _designate_segment(
    ctx: Context,
    sent: Sentence,
    clause: str,
    base: int,
    hits: list[RegionHit],
    role_m: re.Match[str],
) -> None:
    sent_start, sent_end = sent.start, sent.end
    groups: list[list[RegionHit]] = [[hits[0]]]
    for prev, nxt in itertools.pairwise(hits):
        gap = clause[prev.end - base : nxt.start - base]
        if _GROUP_GAP.fullmatch(gap):
            groups[-1].append(nxt)
        else:
            groups.append([nxt])
    role = role_m.group(0)
    span = (sent_start, sent_end)
    # "A甲、B乙、C丙产业集群": every group is followed by its chain and a list separator
    listed = len(groups) > 1 and all(
        _SEP_END.search(clause[g[-1].end - base : groups[i + 1][0].start - base])
        for i, g in enumerate(groups[:-1])
    )
    for i, group in enumerate(groups):
        text_end = groups[i + 1][0].start - base if i + 1 < len(groups) else role_m.start()
        raw = clause[group[-1].end - base : text_end]
        raw = _SEP_OR_COMMA_END.sub("", raw)
        level = m.group(1) if (m := LEVEL_WORD.search(raw)) else None
        text = _CHAIN_TAIL.sub("", _CHAIN_HEAD.sub("", raw))
        text = _CHAIN_TAIL.sub("", text)
        section = None if role in _PARK_ROLES else heading_chain(ctx, sent.heading)
        if not 2 <= len(text) <= 14 or _NOT_CHAIN.search(text):
            if section is None or len(text) > 20 or _NOT_TITLE.search(text) or ACTION.search(text):
                continue
            cid = section  # 在青岛建设国内直升机研发制造及应用示范基地 in the 航空航天 section
        elif chain_hits := find_chains(ctx, text):
            cid = chain_node(ctx, chain_hits[-1].canonical, None, chain_hits[-1].surface)
        elif listed and len(text) <= 10 and not ACTION.search(text) and all(h.code for h in group):
            cid = chain_node(ctx, lexicon.chain_key(text), None, text)
        elif section is not None and not ACTION.search(text) and not _NOT_TITLE.search(text):
            cid = section  # 济南、青岛国家数字家庭应用示范产业基地 in the 新一代信息技术 section
        else:
            continue
        designation = "".join(h.surface for h in group[-1:]) + raw + role
        if len(group) > 1:
            designation = clause[group[0].start - base : role_m.end()]
        designate(ctx, group, cid, span, role=role, designation=designation[-60:], level=level)


def nest_designated_chains(ctx: Context) -> None:
    """A chain designated in a sentence under a chain heading (培育济南、青岛检验检测…集聚区 under
    新兴生产性服务业) is that heading's sub-chain when this document gives it no parent and the
    taxonomy puts it under the heading's chain or one of that chain's ancestors (or does not know it).

    Runs after every pass that designates places (layout, designations, brands, zones, pilots).
    """
    fb = ctx.fb
    sentence_ids = fb.sentence_positions()
    for r in list(fb.facts.relations):
        if r.type is not Rel.DESIGNATED_FOR or not r.sentences or has_parent_chain(ctx, r.dst):
            continue
        idx = sentence_ids.get(r.sentences[0])
        if idx is None:
            continue
        sent = ctx.doc.sentences[idx]
        head = heading_chain(ctx, sent.heading)
        if head is None or head == r.dst:
            continue
        name, head_name = ctx.chain_names.get(r.dst), ctx.chain_names.get(head)
        if name is None or head_name is None:
            continue
        entry = gazetteer.chain(name)
        if entry is not None:
            if not entry.parent or entry.tier in ("sei", "top"):
                continue
            allowed = {entry.parent} | {c.name for c in gazetteer.chain_ancestors(entry.parent)}
            head_line = {head_name} | {c.name for c in gazetteer.chain_ancestors(head_name)}
            if not (allowed & head_line) or name in head_line:
                continue
        fb.relate(Rel.SUBCHAIN_OF, r.dst, head, (sent.start, sent.end))
