"""Does a candidate match an expected string? One matcher per kind of gold answer.

Names match on their keys (:mod:`evaluation.normalise`) or, alias-aware, on the entity ids an
expected name resolves to through GET /api/v1/search (:class:`Resolver`); pairs ("X → 青岛") side by
side; verbatim phrases when one contains the other; targets on value and unit (and the year when
both sides give one); documents on id, issuer and date; chain placements per document.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from core.placements import ABSENT, TOP
from evaluation.candidates import Candidate
from evaluation.client import Client
from evaluation.normalise import PAREN, TRAILING_NOTE, UNKNOWN, YEAR, loose, norm

Matcher = Callable[[str, Candidate], bool]


class Resolver:
    """Expected names → entity ids, through GET /search (cached)."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.cache: dict[str, frozenset[str]] = {}

    def ids(self, name: str) -> frozenset[str]:
        key = norm(name)
        if key not in self.cache:
            found: set[str] = set()
            r = self.client.get("/api/v1/search", params={"q": name, "limit": 20})
            if r.status_code == 200:
                for item in r.json()["items"]:
                    keys = {norm(a) for a in [item["name"], *item.get("aliases", [])]}
                    if key in keys or loose(name) in {loose(k) for k in keys}:
                        found.add(item["id"])
            self.cache[key] = frozenset(found)
        return self.cache[key]


def _name_match(resolver: Resolver) -> Matcher:
    def match(expected: str, cand: Candidate) -> bool:
        if cand.unknown:
            return norm(expected) == norm(UNKNOWN)
        texts = [cand.text, *cand.alts]
        forms = [expected]
        bare = TRAILING_NOTE.sub("", expected)  # 人民银行济南分行（002）: the name before the note
        if bare != expected and len(norm(bare)) >= 2:
            forms.append(bare)
        for e in forms:
            if any(norm(e) == norm(t) or loose(e) == loose(t) for t in texts):
                return True
        return bool(cand.ids and any(cand.ids & resolver.ids(e) for e in forms))

    return match


def _pair_match(resolver: Resolver, sep: str) -> Matcher:
    """'left → right' on both sides; the right side may be one of several alternatives."""
    names = _name_match(resolver)

    def match(expected: str, cand: Candidate) -> bool:
        if sep not in expected:
            return names(expected, cand)
        left, right = (x.strip() for x in expected.split(sep, 1))
        c_left, _, c_right = cand.text.partition(sep)
        if not (norm(left) == norm(c_left) or loose(left) == loose(c_left)):
            return False
        rights = [c_right.strip(), *cand.alts]
        return any(norm(right) == norm(r) or loose(right) == loose(r) for r in rights)

    return match


def _phrase_match(expected: str, cand: Candidate) -> bool:
    """Verbatim phrases (designations, task words): equal, or one contains the other (≥ 4 chars)."""
    e = norm(PAREN.sub("", expected))
    for t in [cand.text, *cand.alts]:
        c = norm(t)
        if e == c or (min(len(e), len(c)) >= 4 and (e in c or c in e)):
            return True
    return False


def _document_match(expected: str, cand: Candidate) -> bool:
    """'x.txt：issuer，date': the same document, and the issuer and date it names (when it names them)."""
    left, _, right = expected.partition("：")
    c_left, _, c_issuer = cand.text.partition("：")
    if norm(left).removesuffix(".txt") != norm(c_left).removesuffix(".txt"):
        return False
    if c_issuer and right and norm(c_issuer) not in norm(right):
        return False
    date = cand.alts[1] if len(cand.alts) > 1 else ""
    if date and right:
        y, mo, d = (int(x) for x in date.split("-"))
        return f"{y}年{mo}月{d}日" in norm(right)
    return True


def _target_match(expected: str, cand: Candidate) -> bool:
    e = norm(expected)
    if cand.value_key is None or cand.value_key not in e:
        return bool(cand.value_key is None and _phrase_match(expected, cand))
    years = {int(y) for y in YEAR.findall(expected)}
    return not (years and cand.year is not None and cand.year not in years)


def _doc_matches(short: str, doc: str) -> bool:
    """'000' or '000_13d8….txt' names the document '000_13d8…'."""
    key = norm(short).removesuffix(".txt")
    return bool(key) and (key == doc or doc.startswith(key + "_"))


def _placement_match(expected: str, cand: Candidate) -> bool:
    """'001：高端装备产业链 > 7.新能源汽车' against '001_…：高端装备' (parents), '…：顶层' or '…：未涉及'."""
    left, sep, right = expected.partition("：")
    c_doc, _, c_place = cand.text.partition("：")
    if not sep or not _doc_matches(left, c_doc):
        return False
    if c_place in (TOP, ABSENT):
        return c_place in right
    parent = right.split(">")[0].strip()
    return any(loose(parent) == loose(x) for x in c_place.split("、"))


def _approx_match(expected: str, cand: Candidate) -> bool:
    """'A（note） ≈ B（note）' against 'A ≈ B', in either order."""
    if "≈" not in expected:
        return False
    sides = {norm(TRAILING_NOTE.sub("", x.strip())) for x in expected.split("≈", 1)}
    return {norm(x.strip()) for x in cand.text.split("≈", 1)} == sides


def matcher_for(
    kind: str, expected: Sequence[str], items: Sequence[Mapping[str, Any]], resolver: Resolver
) -> Matcher:
    item_kind = str(items[0].get("kind")) if items else ""
    if kind == "chain_hierarchy_conflict" and items and "placements" in items[0]:
        return _placement_match
    if any("≈" in e for e in expected):
        return _approx_match
    if item_kind == "Target":
        return _target_match
    if item_kind == "Document" and any("：" in e for e in expected):
        return _document_match
    if item_kind == "Task" and kind == "agency_responsibility" and any("（" in e for e in expected):
        return _phrase_match
    if kind == "city_designations" and item_kind == "Region" and not any("→" in e for e in expected):
        return lambda e, c: _phrase_match(e, c) or _name_match(resolver)(e, c)
    if kind == "cities_sharing_chain" and item_kind == "Region" and any("：" in e for e in expected):
        return _pair_match(resolver, "：")
    if any("→" in e for e in expected):
        return _pair_match(resolver, "→")
    if any("—" in e for e in expected) and item_kind == "Region" and kind == "cluster_lookup":
        return _pair_match(resolver, "—")
    return _name_match(resolver)
