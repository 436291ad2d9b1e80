"""Rules 4-6 of :mod:`ingest.extract.layout`: roles by 为 (`以A、B为核心，C、D为两翼`), layout role
words in a place's clause (`推动A打造X先行区`) and where a designation is built (`在A、B建设X<role>`),
with the chain each designation is for (:func:`designation_chain`).
"""

from __future__ import annotations

import re

from core.model import Rel
from ingest.extract.context import Context
from ingest.extract.layout.common import (
    BUILD,
    LAYOUT_ROLE,
    LAYOUT_ROLES,
    claim,
    designate_place,
    designation_of,
    plan_subject,
    statement_chain,
    statement_parts,
)
from ingest.extract.layout.places import place_at, short_place
from ingest.extract.lookups import clauses, find_chains, heading_chain, regions_in
from ingest.extract.nodes import chain_node
from ingest.extract.open_vocabulary import open_chain
from ingest.extract.words import ROLES
from ingest.lexicon import RegionHit
from ingest.models import Sentence
from ingest.subjects import Phrase

# `以A、B为核心，C为两翼` / `A、B为先行区`: the places before 为 get the role after it (rule 4).
_AS_ROLE = re.compile(
    r"(?P<list>[^，。；：为]{2,60}?)(?:为|作为)(?P<n>[一二三四五六七八九十两0-9]+个?)?"
    r"(?P<mid>[^，。；、为]{0,10}?)(?P<role>" + "|".join(LAYOUT_ROLES) + r")"
)
# `推动A打造<chain>先行区`: a layout role the generic rule does not know, in a place's clause (rule 5).
_BUILD_ROLE = re.compile(
    r"(?P<list>[^，。；：]{2,60}?)"
    + BUILD.pattern
    + r"(?:为)?(?P<mid>[^，。；、]{0,24}?)(?P<role>"
    + "|".join(r for r in LAYOUT_ROLES if r.endswith(("区", "主体", "地", "极")))
    + r")"
)


def _list_places(ctx: Context, text: str, offset: int) -> list[RegionHit]:
    """The places of a 、/和-list: every item a local place (gazetteer or rule 1), else none."""
    out: list[RegionHit] = []
    pos = 0
    for part in re.split(r"[、和及与]", text):
        hit = place_at(ctx, part, offset + pos)
        if hit is None or len(part.strip("等")) - (hit.end - hit.start) > 1:
            return []
        out.append(hit)
        pos += len(part) + 1
    return out


def extract_role_clauses(ctx: Context) -> None:
    """Rules 4-6: the places of a clause get the layout role it gives them."""
    for sent in ctx.doc.sentences:
        if sent.box is not None or not LAYOUT_ROLE.search(sent.text):
            continue
        for clause_start, clause in clauses(sent.text):
            base = sent.start + clause_start
            if not ctx.claimed.isdisjoint(range(base, base + len(clause))):
                continue
            if not LAYOUT_ROLE.search(clause):
                continue  # both patterns end with a role word; _AS_ROLE needs 为, _BUILD_ROLE a verb
            part = _part_of(sent, clause_start)
            found = [*_AS_ROLE.finditer(clause)] if "为" in clause else []
            if BUILD.search(clause):
                found += _BUILD_ROLE.finditer(clause)
            for m in found:
                raw = re.sub(r"^(?:以|推动|支持|鼓励|推进|依托|发挥|在)", "", m["list"])
                at = m.start("list") + len(m["list"]) - len(raw)
                places = _list_places(ctx, raw, base + at)
                role = m["role"]
                mid_start = m.start("mid")
                if not places and m.re is _BUILD_ROLE:
                    # rule 6: 建设<place><designation> (深化建设A区“X谷”Y策源区): the place heads it
                    head = place_at(ctx, m["mid"], base + mid_start)
                    if head is not None and head.start == base + mid_start:
                        places, mid_start = [head], mid_start + head.end - head.start
                located = m["list"].startswith("在") and m.re is _BUILD_ROLE  # 在A建设…: rule 6
                if not places or (m.re is _BUILD_ROLE and role in ROLES and not located):
                    continue  # the generic designation rule reads <place>…<known role> itself
                # what the places are designated as: X<role> after its last 的 (rules 4-6)
                designation = designation_of(clause[mid_start : m.end()]) or role
                chain = designation_chain(ctx, sent, designation, role, [part, sent.text], base + mid_start)
                if chain is None:
                    continue
                for p in places:
                    designate_place(ctx, p, chain, (sent.start, sent.end), role=role, designation=designation)
                claim(ctx, base + at, base + m.end())


def _part_of(sent: Sentence, at: int) -> str:
    """The ；-part of ``sent`` holding offset ``at`` (a statement: its chain is its own)."""
    for start, part in statement_parts(sent):
        if start <= at < start + len(part) + 1:
            return part
    return sent.text


# Words after a designation's industry that say what is done there, not which industry (开发, 创新).
_ACTIVITY_TAIL = re.compile(r"(?:开发|创新|发展|应用|转化|研发|集聚|示范|先行|引领|产业)+$")
_QUOTED_NAME = re.compile(r"[“\"][^”\"]*[”\"]")
DESIGNATION_CONFIDENCE = 0.5


def designation_chain(
    ctx: Context, sent: Sentence, designation: str, role: str, phrases: list[str], at: int
) -> str | None:
    """The chain a designation is for (see :mod:`ingest.extract.layout`, last paragraph).

    Its own industry (低空物流 of 低空物流开发先行区): a known chain when the taxonomy names
    all of it, else a segment of the chain the sentence is printed under (heading, else subject),
    else the statement's chain (:func:`statement_chain`).
    """
    core = _QUOTED_NAME.sub("", designation.removesuffix(role))
    core = _ACTIVITY_TAIL.sub("", core)
    found = find_chains(ctx, core) if len(core) >= 2 else []
    if found and found[0].start == 0 and found[0].end == len(core):
        return chain_node(ctx, found[0].canonical, None, found[0].surface)
    context = heading_chain(ctx, sent.heading) or plan_subject(ctx, sent)
    if not core and context is not None:
        # 以A为核心区: a bare layout role lays out the plan's (or section's) industry; a known chain
        # of the sentence that the context's name holds is that industry as the taxonomy names it
        name = ctx.chain_names.get(context, "")
        for hit in find_chains(ctx, sent.text):
            if hit.surface in name and hit.surface != name:
                return chain_node(ctx, hit.canonical, None, hit.surface)
        return context
    names_place = bool(regions_in(ctx, core, 0)) or short_place(ctx, core, 0) is not None
    if context is not None and 2 <= len(core) <= 10 and not names_place and _SITE_FREE.fullmatch(core):
        del at
        span = (sent.start, sent.end)
        cid = open_chain(ctx, Phrase(core, core), span, DESIGNATION_CONFIDENCE, "designation")
        if cid != context:
            ctx.fb.relate(Rel.SUBCHAIN_OF, cid, context, span, props={"source": "designation"})
        return cid
    return statement_chain(ctx, sent, phrases)


# An industry's words: Chinese characters and letters only (no figures, no punctuation).
_SITE_FREE = re.compile(r"[\u4e00-\u9fffA-Za-z]+")
