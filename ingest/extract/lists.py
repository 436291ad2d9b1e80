"""Named members of lists in running text: "X、Y 等 N 个集群 / 家领军企业 / 个重点园区 / 一批重点项目"."""

from __future__ import annotations

import re

from core.model import Label, Rel
from ingest.extract.boxes import cluster_item
from ingest.extract.context import Context
from ingest.extract.lookups import find_chains, heading_chain, split_list
from ingest.extract.nodes import chain_node, locate_by_name, region_node
from ingest.extract.words import ROLE_RE

# "X、Y 等 N 个（“雁阵形”）集群 / 家领军企业 / 个重点园区 / 一批重点项目".
_LIST_CATEGORY = re.compile(
    r"等\s*(?:[0-9]+|[一二三四五六七八九十百两]+|一批)?\s*(?:个|家|项|批)?\s*(?:[（(]?“[^”]{1,6}”[）)]?)?\s*"
    r"(?P<level>国家级|省级)?(?:国家|战略性新兴|现代优势|未来|新兴|特色)*(?:产业)?"
    r"(?P<cat>领军企业|龙头企业|骨干企业|重点企业|集群|重点园区|园区|产业园|重点项目|项目|平台|创新平台|实验室|基地)"
)
_LIST_LEAD = re.compile(
    r"(?:积极培育|培育壮大|培育|抓好|抓实|加快建设|加快推进|建设|推进|支持|打造|依托|做优做强|做强做优|做大做强|"
    r"发展壮大|壮大|聚焦|发挥|加强|引进|整合)"
)
# What the name of a project in a running-text list ends with.
_PROJECT_END = re.compile(
    r"(?:项目|工程|园|园区|基地|中心|区|城|港|谷|场|馆|线|站|平台|综合体|厂|镇|小镇|带|岛|湾|链|期[）)])$"
)

_CATEGORY_LABEL = {
    "领军企业": Label.ENTERPRISE,
    "龙头企业": Label.ENTERPRISE,
    "骨干企业": Label.ENTERPRISE,
    "重点企业": Label.ENTERPRISE,
    "集群": Label.BASE,
    "重点园区": Label.BASE,
    "园区": Label.BASE,
    "产业园": Label.BASE,
    "基地": Label.BASE,
    "重点项目": Label.PROJECT,
    "项目": Label.PROJECT,
    "平台": Label.PLATFORM,
    "创新平台": Label.PLATFORM,
    "实验室": Label.PLATFORM,
}


def extract_lists(ctx: Context) -> None:
    """Named members of "X、Y 等 N 个集群 / 家领军企业 / 个重点园区 / 一批重点项目"."""
    doc = ctx.doc
    for sent in doc.sentences:
        text = sent.text
        if "等" not in text:
            continue  # (literal in _LIST_CATEGORY)
        pos = 0
        for m in _LIST_CATEGORY.finditer(text):
            cat = m.group("cat")
            if cat == "项目" and "攻关" in text[max(0, m.start() - 12) : m.end()]:
                pos = m.end()
                continue  # 关键核心技术攻关项目 are technologies, not construction projects
            seg_start = max(pos, _list_start(text, m.start()))
            segment = text[seg_start : m.start()]
            pos = m.end()
            lead = _LIST_LEAD.search(segment)
            if lead:
                seg_start += lead.end()
                segment = segment[lead.end() :]
            label = _CATEGORY_LABEL[cat]
            level = m.group("level")
            chain = heading_chain(ctx, sent.heading)
            for name, off in split_list(segment, merge_short=label is Label.PROJECT):
                head = _LIST_LEAD.match(name)
                if head:
                    name, off = name[head.end() :], off + head.end()
                if "一批" in name or len(name) < 2:
                    continue
                if label is Label.PLATFORM and _generic_platform(name):
                    continue
                if label is Label.PROJECT and not _PROJECT_END.search(name):
                    continue  # 重大科技攻关、前沿技术创新等重点项目: kinds of project, not names
                if label is Label.ENTERPRISE:
                    # "…产业集群和<bank>": the list of clusters before 和 has no count of its own
                    cut = max(name.rfind("和"), name.rfind("及"))
                    if cut > 0 and ROLE_RE.search(name[:cut]):
                        name, off = name[cut + 1 :], off + cut + 1
                    if ROLE_RE.search(name) or len(name) < 2:
                        continue
                start = sent.start + seg_start + off
                _list_member(ctx, label, cat, name, start, chain, level)


def _list_start(text: str, end: int) -> int:
    """Start of the list that ends at ``end``: after the last clause break before it."""
    cut = max(text.rfind(c, 0, end) for c in "，,；;：:。")
    return cut + 1


# Kinds of platform named generically (重点实验室、企业技术中心等创新平台): types, not names.
_GENERIC_PLATFORM = re.compile(
    r"(?:国家|省|省级|国家级|市级|企业|重点|工程|技术|创新|研究|制造业|产业|中心|实验室|平台|基地|研发|设计|"
    r"检验检测|公共服务|新型|研发机构|研究院|院士工作站|工作站|孵化器|众创空间|和|及|、)+"
)


def _generic_platform(name: str) -> bool:
    return _GENERIC_PLATFORM.fullmatch(name) is not None


def _list_member(
    ctx: Context, label: Label, cat: str, name: str, start: int, chain: str | None, level: str | None
) -> None:
    fb = ctx.fb
    span = (start, start + len(name))
    if label is Label.BASE and "集群" in cat:
        base = cluster_item(ctx, name, start, level=level, role="产业集群")
        if base is None:
            _scope_clusters(ctx, name, start, level)
        elif chain:
            fb.relate(Rel.IN_CHAIN, base, chain, span)
        return
    kind = {"重点园区": "园区", "园区": "园区", "产业园": "产业园", "基地": "基地"}.get(cat, cat)
    nid = fb.entity(label, name, props={"kind": kind}, span=span)
    locate_by_name(ctx, nid, name, start)
    if chain is None:
        return
    if label is Label.PROJECT:
        fb.relate(Rel.SERVES, nid, chain, span, props={"via": "heading"})
    else:
        fb.relate(Rel.IN_CHAIN, nid, chain, span)


def _scope_clusters(ctx: Context, text: str, start: int, level: str | None) -> None:
    """Clusters named by their chain only (培育新能源汽车、新型功能材料等产业集群) in a city's plan:
    the city is the document's own. A provincial plan names no place, so nothing is designated."""
    scope = ctx.scope
    if scope is None or scope.level == "province":
        return
    for ch in find_chains(ctx, text):
        cid = chain_node(ctx, ch.canonical, (start + ch.start, start + ch.end), ch.surface)
        rid = region_node(ctx, scope, None)
        ctx.fb.relate(
            Rel.DESIGNATED_FOR,
            rid,
            cid,
            (start, start + len(text)),
            props={"role": "产业集群", "level": level, "designation": text},
        )
