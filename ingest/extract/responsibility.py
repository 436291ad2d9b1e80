"""Who does what: the agencies a task names as leading, supporting or responsible.

Two passes: the responsibility clauses the structurer found (（省发展改革委牵头，省工业和信息化厅
配合）after a task) and leads stated inline in running text (省发展改革委牵头做好…). Each task
becomes a Task node, CONCERNS the chain of its section.
"""

from __future__ import annotations

import bisect
import itertools
import re

from core.model import Label, Rel, name_key
from ingest.extract.context import Context
from ingest.extract.lookups import find_chains, heading_chain
from ingest.extract.nodes import agency, chain_node


def extract_task_clauses(ctx: Context) -> None:
    """Each responsibility clause: its task (heading or paragraph), the agencies and their roles."""
    doc, fb = ctx.doc, ctx.fb
    for clause in doc.clauses:
        heading = doc.headings[clause.task_heading] if clause.task_heading is not None else None
        para = doc.paragraphs[clause.paragraph]
        title = heading.title if heading else doc.text[para.start : min(para.end, para.start + 30)]
        task_text = doc.text[para.start : para.end]
        span = (clause.start, clause.end)
        task = fb.content_node(
            Label.TASK,
            title,
            clause.start,
            props={"title": title, "text": task_text, "clause": clause.text},
            span=span,
        )
        order = 0  # the clause's own order (lead first): answers list agencies as the text does
        for role, names in (
            (Rel.LEADS, clause.leads),
            (Rel.SUPPORTS, clause.supports),
            (Rel.RESPONSIBLE_FOR, clause.responsible),
        ):
            for raw in names:
                aid = agency(ctx, raw, span, listed=True)
                if aid:
                    props = {"open_ended": clause.open_ended, "printed": name_key(raw), "order": order}
                    fb.relate(role, aid, task, span, props=props)
                    order += 1
        chain = ctx.chain_of_heading.get(heading.index) if heading else None
        chain = chain or heading_chain(ctx, clause.task_heading)
        for ch in find_chains(ctx, title):
            chain = chain_node(ctx, ch.canonical, None, ch.surface)
        if chain:
            fb.relate(Rel.CONCERNS, task, chain, span)


# A body that opens a clause and leads (牵头/会同/负责) what follows: 上海市产业协同创新领导小组办公室
# 会同市级相关部门…统筹推进重点工作. Its name ends like a public body's.
_OPEN_LEAD = re.compile(
    r"(?:^|[，,。；;：:]|由)(?P<body>[^，,。；;：:、“”由\s]{3,30}?(?:领导小组办公室|办公室|领导小组|管委会|委员会|委|局|办|厅))"
    r"(?=牵头|会同|负责)"
)


# Several bodies that lead together: 市科委、杨浦区牵头建立市区联动工作机制.
_JOINT_LEAD = re.compile(
    r"(?:^|[，,。；;：:]|由)(?P<list>[^，,。；;：:、“”由\s]{2,30}(?:、[^，,。；;：:、“”由\s]{2,30})+)(?=牵头|会同|负责)"
)


# …X牵头，A、B配合: the bodies the same sentence names as supporting the lead.
_SUPPORT_LIST = re.compile(
    r"[，,、](?P<list>[^，,。；;：:、“”\s]{2,30}(?:、[^，,。；;：:、“”\s]{2,30})*)(?=配合|参与|协同|协助)"
)


def _inline_supporters(text: str, verb_at: int) -> list[tuple[int, str]]:
    """(offset, name) of each supporter listed after the lead verb at ``verb_at``, in the same clause run."""
    m = _SUPPORT_LIST.search(text, verb_at)
    if m is None or m.start() - verb_at > 2:
        return []  # only a list right after the lead's verb: X牵头，A、B配合
    out, pos = [], m.start("list")
    for name in m["list"].split("、"):
        out.append((pos, name))
        pos += len(name) + 1
    return out


_Lead = tuple[int, int, str, bool, int]  # start, end, name as printed, listed, where its verb starts


def _joint_leads(text: str) -> list[_Lead]:
    """Each member of a 、-joined list before 牵头/会同/负责: every member takes the verb."""
    out: list[_Lead] = []
    for m in _JOINT_LEAD.finditer(text):
        pos = m.start("list")
        for name in m["list"].split("、"):
            out.append((pos, pos + len(name), name, True, m.end("list")))
            pos += len(name) + 1
    return out


def extract_inline_leads(ctx: Context) -> None:
    """`省发展改革委牵头做好规划实施的协调落实` outside parenthesised clauses."""
    doc, fb = ctx.doc, ctx.fb
    # skip sentences inside a clause (a clause holds the start) or holding a clause's start
    spans = sorted((c.start, c.end) for c in doc.clauses)
    starts = [s for s, _ in spans]
    reach = list(itertools.accumulate((e for _, e in spans), max))  # furthest end so far
    for sent in doc.sentences:
        if "牵头" not in sent.text and "负责" not in sent.text and "会同" not in sent.text:
            continue  # every lead below is followed by one of these verbs
        i = bisect.bisect_right(starts, sent.start)
        if i and reach[i - 1] > sent.start:
            continue  # some clause with start <= sentence start < its end
        j = bisect.bisect_left(starts, sent.start)
        if j < len(starts) and starts[j] < sent.end:
            continue  # a clause starts inside the sentence
        joint = _joint_leads(sent.text)
        in_list = {s for s, *_ in joint}
        found_at: list[_Lead] = [
            (a.start, a.end, a.surface, False, a.end)
            for a in ctx.index.agencies(sent.start, sent.end)
            if a.start not in in_list
        ]
        known = {s for s, *_ in found_at} | in_list
        found_at += [
            (m.start("body"), m.end("body"), m["body"], True, m.end("body"))
            for m in _OPEN_LEAD.finditer(sent.text)
            if m.start("body") not in known
        ]
        for start, end, surface, listed, verb_at in [*found_at, *joint]:
            tail = sent.text[verb_at : verb_at + 3]
            if not tail.startswith(("牵头", "负责", "会同")):
                continue
            span = (sent.start, sent.end)
            aid = agency(ctx, surface, (sent.start + start, sent.start + end), listed=listed)
            if aid is None:
                continue
            # the task is the section the sentence stands in, when its heading names one
            heading = doc.headings[sent.heading].title if sent.heading is not None else None
            title = heading if heading and len(heading) <= 30 else sent.text[:40]
            task = fb.content_node(
                Label.TASK,
                title,
                sent.start,
                props={"title": title, "text": sent.text, "clause": None},
                span=span,
            )
            role = Rel.RESPONSIBLE_FOR if tail.startswith("负责") else Rel.LEADS
            props = {"open_ended": False, "printed": name_key(surface), "order": start}
            fb.relate(role, aid, task, span, props=props)
            for s_start, name in _inline_supporters(sent.text, verb_at):
                sid = agency(ctx, name, (sent.start + s_start, sent.start + s_start + len(name)), listed=True)
                if sid is not None and sid != aid:
                    props = {"open_ended": False, "printed": name_key(name), "order": s_start}
                    fb.relate(Rel.SUPPORTS, sid, task, span, props=props)
            chain = heading_chain(ctx, sent.heading)
            if chain:
                fb.relate(Rel.CONCERNS, task, chain, span)
