"""Technologies a chain needs: `<chain section> … 突破A、B、C等关键材料` → the chain NEEDS each item."""

from __future__ import annotations

import re

from core.model import Label, Rel
from ingest.extract.context import Context
from ingest.extract.lookups import split_list
from ingest.extract.nodes import sentence_chain

# `重点突破质子交换膜、双极板、高性能碳纸、低铂催化剂等关键材料`: a verb of mastering, a list, 等, and
# what the list items are (关键材料, 核心技术和关键零部件, “卡脖子”技术 …).
_TECH_KINDS = r"(?:材料|技术|零部件|部件|元器件|器件|芯片|装备|设备|工艺|软件)"
_TECH = re.compile(
    r"(?P<verb>突破|攻克|攻关|研制|研发|掌握)(?:发展)?"
    r"(?P<list>[^，。；：“”]{2,160}?)等"
    r"(?P<kind>[^，。；、]{0,10}?" + _TECH_KINDS + r"(?:[和与及][^，。；、]{0,6}?" + _TECH_KINDS + r")?)"
    r"(?=[，。；、]|$|和|与|及|取得|实现|的|研发|攻关|产业化)"
)
# One of these words is in every sentence _TECH reads (a search: 3x faster than a test per word).
_TECH_VERB = re.compile("突破|攻克|攻关|研制|研发|掌握")
_TECH_LEAD = re.compile(r"^(?:重点|加快|着力|集中|大力)+")
_NOT_TECH = re.compile(r"[“”《》]|项目|企业|公司|集团|大学|研究院|中心$|平台$|基地$")


def extract_technologies(ctx: Context) -> None:
    """`<chain section> … 突破A、B、C等关键材料` → the chain NEEDS each item, ``kind`` as written."""
    for sent in ctx.doc.sentences:
        if sent.box is not None or not _TECH_VERB.search(sent.text):
            continue
        for m in _TECH.finditer(sent.text):
            # A plan about one industry: what its sentences say must be mastered is that industry's
            # when neither the sentence nor its headings name another.
            chain = sentence_chain(ctx, sent.text, sent.heading, m.start())
            if chain is None and len(ctx.subjects) == 1:
                chain = ctx.subjects[0]
            if chain is None:
                continue
            for raw, off in split_list(m["list"]):
                lead = len(raw) - len(_TECH_LEAD.sub("", raw))
                name = raw[lead:]
                if not 2 <= len(name) <= 24 or _NOT_TECH.search(name):
                    continue
                start = sent.start + m.start("list") + off + lead
                tid = ctx.fb.entity(Label.TECHNOLOGY, name, span=(start, start + len(name)))
                ctx.fb.relate(
                    Rel.NEEDS,
                    chain,
                    tid,
                    (sent.start, sent.end),
                    props={"kind": m["kind"].strip(), "verb": m["verb"], "at": start},
                )
