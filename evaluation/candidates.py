"""A structured or /ask answer's items as *candidates*: strings in the shape of the gold's expected
strings (a name, "牵头：省科技厅", "X → 青岛", "文件：placement", a target's value), chosen by the gold
item's kind, the items' ``kind`` and the shape of the expected strings. Only the public JSON fields
of the answers are read (name, id, kind, regions, designations, lead/support/responsible, value …).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from evaluation.normalise import REGION_SUFFIX, UNKNOWN, norm


@dataclass
class Candidate:
    text: str  # in the shape of an expected string
    ids: frozenset[str] = frozenset()  # entity ids it stands for (alias-aware matching)
    alts: tuple[str, ...] = ()  # other acceptable spellings (e.g. each region of a project)
    unknown: bool = False  # the system says it does not know
    value_key: str | None = None  # targets: "200亿元"
    year: int | None = None


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _target_candidates(items: Sequence[Mapping[str, Any]]) -> list[Candidate]:
    out = []
    for i in items:
        value, top = i.get("value"), i.get("value_max")
        shown = f"{_num(value)}-{_num(top)}" if value is not None and top is not None else None
        key = norm(f"{shown or _num(value)}{i.get('unit') or ''}") if value is not None else None
        out.append(Candidate(text=str(i.get("text") or i["name"]), value_key=key, year=i.get("year")))
    return out


def _task_role_candidates(items: Sequence[Mapping[str, Any]]) -> list[Candidate]:
    roles: dict[str, str] = {}
    for i in items:
        for a in i.get("lead", []):
            roles.setdefault(a, "牵头")
        for a in i.get("support", []):
            roles.setdefault(a, "配合")
        for a in i.get("responsible", []):
            roles.setdefault(a, "负责")
    return [
        Candidate(text=f"{role}：{a}", alts=(f"负责：{a}",) if role == "牵头" else ())
        for a, role in roles.items()
    ]


def _agency_candidates(items: Sequence[Mapping[str, Any]]) -> list[Candidate]:
    names = dict.fromkeys(a for i in items for f in ("lead", "support", "responsible") for a in i.get(f, []))
    return [Candidate(text=a) for a in names]


def phrases(d: Mapping[str, Any]) -> list[str]:
    """The verbatim designation phrases of one designation (several statements are joined by ；)."""
    return [p.strip() for p in str(d.get("designation") or "").split("；") if p.strip()]


_ROLE_TAIL = re.compile(
    r"(等)?(\d+\s*个)?(国家级|省级)?(战略性新兴)?(产业集群|产业基地|产业集聚区|集群|基地|集聚区)$"
)


def _designated_names(region: str, d: Mapping[str, Any]) -> tuple[str, ...]:
    """What a designation calls its industry: 淄博市新型功能材料产业集群 → 新型功能材料."""
    region_forms = sorted({region, REGION_SUFFIX.sub("", region)}, key=len, reverse=True)
    out: list[str] = []
    for phrase in phrases(d):
        name = re.sub(r"\s+", "", phrase)
        for form in region_forms:
            if form and name.startswith(form):
                name = name[len(form) :]
                break
        name = _ROLE_TAIL.sub("", name)
        if len(name) >= 2 and "、" not in name and name not in out:
            out.append(name)
    return tuple(out)


_BRACKETED = re.compile(r"[（(]([^（）()]+)[）)]$")


def _speciality(region: str, phrase: str) -> str:
    """What a designation's bracket says a place brings, without the place (（嘉定空间科学） → 空间科学)."""
    m = _BRACKETED.search(phrase)
    if m is None:
        return ""
    text = m.group(1)
    for form in sorted({region, REGION_SUFFIX.sub("", region)}, key=len, reverse=True):
        if form and text.startswith(form):
            return text[len(form) :].lstrip("的")
    return ""


def candidates(kind: str, expected: Sequence[str], items: Sequence[Mapping[str, Any]]) -> list[Candidate]:
    """The answer's items in the shape of ``expected`` (kind- and item-type-specific)."""
    if not items:
        return []
    if kind == "chain_hierarchy_conflict" and "placements" in items[0]:
        return [Candidate(text=f"{x['doc']}：{x['placement']}") for i in items for x in i["placements"]]
    if kind == "project_dedup" and "similar" in items[0]:
        return [Candidate(text=f"{i['name']} ≈ {x['name']}") for i in items for x in i["similar"]]
    item_kind = str(items[0].get("kind"))
    arrow = any("→" in e for e in expected)
    dash = any("—" in e for e in expected)
    if item_kind in ("Project", "Base"):
        if kind == "project_city_resolution":
            out = []
            for i in items:
                regions = list(i.get("regions") or [])
                if arrow:
                    right = regions[0] if regions else UNKNOWN
                    out.append(Candidate(text=f"{i['name']} → {right}", alts=tuple(regions[1:])))
                elif regions:
                    out.extend(Candidate(text=r) for r in regions)
                else:
                    out.append(Candidate(text=UNKNOWN, unknown=True))
            return out
        return [Candidate(text=i["name"], ids=frozenset([i["id"]])) for i in items]
    if item_kind == "Region":
        if arrow:
            return [
                Candidate(text=f"{phrase} → {i['name']}")
                for i in items
                for d in i.get("designations", [])
                for phrase in phrases(d)
            ]
        if dash and kind == "cluster_lookup":
            return [
                Candidate(text=f"{i['name']}—{d['chain']}", alts=_designated_names(i["name"], d))
                for i in items
                for d in i.get("designations", [])
            ]
        if kind == "cluster_lookup":  # a region's clusters: the industries they are for
            return [
                Candidate(text=d["chain"], alts=_designated_names(i["name"], d))
                for i in items
                for d in i.get("designations", [])
            ]
        if kind == "city_designations":
            return [
                Candidate(text=phrase, alts=(d["chain"], *_designated_names(i["name"], d)))
                for i in items
                for d in i.get("designations", [])
                for phrase in (phrases(d) or [d["chain"]])
            ] + [Candidate(text=i["name"]) for i in items if not i.get("designations")]  # places in a zone
        if kind == "cities_sharing_chain" and any("：" in e for e in expected):
            # "嘉定：空间科学": a region with what its designation says it brings (the carrier or
            # speciality printed with the place, in brackets after the designation)
            return [
                Candidate(text=f"{i['name']}：{spec}")
                for i in items
                for spec in dict.fromkeys(
                    _speciality(i["name"], p) for d in i.get("designations", []) for p in phrases(d)
                )
                if spec
            ]
        if kind == "cities_sharing_chain":
            cities = [i for i in items if i.get("level") == "city"] or list(items)
            return [Candidate(text=i["name"], ids=frozenset([i["id"]])) for i in cities]
        return [Candidate(text=i["name"], ids=frozenset([i["id"]])) for i in items]
    if item_kind == "Target":
        return _target_candidates(items)
    if item_kind == "Task":
        if any("：" in e for e in expected):
            return _task_role_candidates(items)
        if kind == "agency_responsibility" and any("（" in e for e in expected):
            return [Candidate(text=i["name"], alts=(str(i.get("text") or ""),)) for i in items]
        return _agency_candidates(items)
    if item_kind == "Document":
        if any("：" in e for e in expected):  # "x.txt：issuer，date"
            return [
                Candidate(
                    text=f"{i['id']}.txt：{i.get('issuer') or ''}", alts=(i["id"], str(i.get("date") or ""))
                )
                for i in items
            ]
        return [Candidate(text=f"{i['id']}.txt", alts=(i["id"],)) for i in items]
    return [Candidate(text=str(i["name"]), ids=frozenset([str(i["id"])])) for i in items]
