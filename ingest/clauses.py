"""Responsibility clauses: who leads, supports or answers for the task a paragraph states.

Shandong writes （X牵头，Y、Z配合）, （X负责）, （X、Y按职责分工负责）; other provinces use
labelled lists （牵头部门：…；配合部门：…）, （责任单位：…） or a bare agency list in parentheses
closing the task. Agency strings stay as written; recognition maps them to canonical agencies.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from ingest.models import Clause, Heading, Paragraph, Warning_

# One level of nesting: 各区（市）政府 may sit inside a clause.
_PAREN = re.compile(r"[（(](?P<body>(?:[^（）()]|[（(][^（）()]*[）)])+)[）)]")
# The same within one paragraph (a line of the normalised text): one scan of the whole text.
_PAREN_IN_LINE = re.compile(r"[（(](?P<body>(?:[^（）()\n]|[（(][^（）()\n]*[）)])+)[）)]")
_KEYWORDS = re.compile(r"牵头|配合|负责|按职责分工|责任单位|责任部门|参与|协同|协助|协办")
_LABEL = re.compile(r"(?P<label>[^：:；;，,、]{2,8}?)[：:]")
# Labelled parts are separated by ； or by a comma that a new ``label：`` follows.
_LABEL_SPLIT = re.compile(r"[；;]|[，,](?=[^：:；;，,、]{2,8}[：:])")
_LEAD_LABEL = re.compile(r"牵头|主办|主责")
_SUPPORT_LABEL = re.compile(r"配合|协办|参与|协同|协助")
_SUPPORT_TAIL = re.compile(r"(?:配合|参与|协同|协助|协办)(?:负责|实施|落实)?$|按职责分工(?:负责|落实)?$")
_JOINT_TAIL = re.compile(r"(?:按职责分工|分工|共同|具体)?(?:负责|落实|实施)?$")
_LEAD_REST = re.compile(r"^(?:负责|落实|实施)?[，,；;、]?")  # what follows 牵头 before the supports
_SEPARATORS = re.compile(r"[、，,；;]")
_OPEN_TAIL = re.compile(r"等(?:有关|相关)?(?:部门|单位)?$")
# What a government body's name ends with (for bare parenthesised lists).
_AGENCY_END = re.compile(
    r"(?:委|局|厅|办|部|院|会|署|处|室|中心|专班|政府|分行|支行|海关|银行|集团|公司|委员会|管委会|"
    r"办公室|领导小组|联合会|协会|总队|支队|街道|法院|检察院|税务局|监管局)$"
)
# Collective bodies listed beside named ones: 相关区, 各区, 有关部门.
_COLLECTIVE = re.compile(r"^(?:相关|有关|各)(?:区|县|市|区县|部门|单位)$")
_CLOSING = re.compile(r"[。；;，,\s]*$")  # matched from a position up to an end, not searched


def find_clauses(
    text: str, paragraphs: Sequence[Paragraph], headings: Sequence[Heading]
) -> tuple[tuple[Clause, ...], tuple[Warning_, ...]]:
    starts = [p.start for p in paragraphs]
    heading_starts = [h.start for h in headings]
    clauses: list[Clause] = []
    warnings: list[Warning_] = []
    # parse_clause is a function of its arguments with an immutable result, and a plan repeats its
    # clauses (（市发展改革委牵头，市财政局配合） after task after task): each is parsed once
    parsed_of: dict[tuple[str, bool], Parsed | None] = {}
    # ``paragraphs`` are the lines of ``text``: a clause never spans a line break.
    for m in _PAREN_IN_LINE.finditer(text):
        para = paragraphs[bisect.bisect_right(starts, m.start()) - 1]
        key = (m["body"], _ends_task(text, m.end(), para.end))
        if key in parsed_of:
            parsed = parsed_of[key]
        else:
            parsed = parsed_of[key] = parse_clause(key[0], at_task_end=key[1])
        if parsed is None:
            continue
        form, leads, supports, responsible, open_ended = parsed
        h = bisect.bisect_right(heading_starts, m.start()) - 1
        task = headings[h].index if h >= 0 else None
        if task is None:
            warnings.append(Warning_("clause-unattached", f"no task heading for {m.group()}"))
        clauses.append(Clause(m.start(), m.end(), m.group(), form, leads, supports, responsible,
                              open_ended, para.index, task))  # fmt: skip
    return tuple(clauses), tuple(warnings)


def _ends_task(text: str, pos: int, para_end: int) -> bool:
    """A bare agency list counts only where a task ends: at 。 or the paragraph end."""
    return _CLOSING.match(text, pos, para_end) is not None or text.startswith(
        ("。", "；", ";"), pos, para_end
    )


Parsed = tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...], bool]


def parse_clause(body: str, *, at_task_end: bool = True) -> Parsed | None:
    """(form, leads, supports, responsible, open_ended) or None if ``body`` is no clause."""
    body = body.strip()
    if _LABEL.match(body) and _KEYWORDS.search(body.split("：")[0].split(":")[0]):
        return _labelled(body)
    if "牵头" in body:
        return _lead(body)
    if _KEYWORDS.search(body):
        return _joint(body)
    if at_task_end:
        return _bare(body)
    return None


def split_agencies(part: str) -> tuple[tuple[str, ...], bool]:
    """Split an agency list on 、，,；; and drop a trailing 等部门 (open-ended)."""
    names: list[str] = []
    open_ended = False
    for raw in _SEPARATORS.split(part):
        name = raw.strip()
        if _OPEN_TAIL.search(name) and len(name) > 2:
            name = _OPEN_TAIL.sub("", name).strip()
            open_ended = True
        if name:
            names.append(name)
    return tuple(names), open_ended


def _labelled(body: str) -> Parsed | None:
    leads: tuple[str, ...] = ()
    supports: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()
    open_any = False
    for segment in _LABEL_SPLIT.split(body):
        m = _LABEL.match(segment.strip())
        if not m:
            continue
        names, open_ended = split_agencies(segment.strip()[m.end() :])
        open_any = open_any or open_ended
        if _LEAD_LABEL.search(m["label"]):
            leads += names
        elif _SUPPORT_LABEL.search(m["label"]):
            supports += names
        else:
            responsible += names
    if not (leads or supports or responsible):
        return None
    return "labelled", leads, supports, responsible, open_any


def _lead(body: str) -> Parsed | None:
    head, _, rest = body.partition("牵头")
    leads, open_leads = split_agencies(head)
    rest = _LEAD_REST.sub("", rest.strip())
    supports: tuple[str, ...] = ()
    open_sup = False
    if rest:
        supports, open_sup = split_agencies(_SUPPORT_TAIL.sub("", rest))
    if not leads:
        return None
    form = "lead-support" if supports else "lead"
    return form, leads, supports, (), open_leads or open_sup


def _joint(body: str) -> Parsed | None:
    core = _JOINT_TAIL.sub("", body).strip()
    if core == body.strip() or not core:
        return None  # a keyword mid-text (…负责人…) is no clause
    names, open_ended = split_agencies(core)
    if not names:
        return None
    form = "task-force" if all(n.endswith("专班") for n in names) else "joint"
    return form, (), (), names, open_ended


def _bare(body: str) -> Parsed | None:
    names, open_ended = split_agencies(body)
    if not names or not all((_AGENCY_END.search(n) and len(n) >= 3) or _COLLECTIVE.match(n) for n in names):
        return None
    if all(_COLLECTIVE.match(n) for n in names):
        return None  # （相关区） alone is a remark, not who answers for the task
    return "bare", (), (), names, open_ended
