"""Scoring a gold file (format of ../shared/gold/seeds-dev.json) through the HTTP API.

Each gold item is answered twice: through the structured endpoint its kind maps to (when one does)
and through POST /ask. The answer's items become *candidates* (strings in the shape of the gold's
expected strings: a name, "牵头：省科技厅", "X → 青岛", a target's value) and are matched one to one
against ``expected``; candidates that match ``acceptable_extra`` are neither right nor wrong.
Per item: precision, recall, F1 and exact set (all expected found, nothing wrong added); per kind and
overall: micro-averaged. ``不可从文本判定`` is matched by a candidate saying the system does not know.

Matching is whitespace-insensitive (``name_key``), alias-aware (an expected name resolves through
/search to the entity ids it may denote; region suffixes 市/省/区/县 are optional) and kind-specific
for targets (value and unit, year when both sides give one) and task lists (words of the task).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from api.ask import ABSENT, TOP, chain_placements, designation_role
from core.model import name_key

UNKNOWN = "不可从文本判定"
STRUCTURED = "structured"
ASK = "ask"


class Response(Protocol):
    status_code: int

    def json(self) -> Any: ...


class Client(Protocol):
    """What the scorer needs: httpx.Client or FastAPI's TestClient."""

    def get(self, url: str, *, params: Mapping[str, Any] | None = None) -> Any: ...

    def post(self, url: str, *, json: Any = None) -> Any: ...


# --------------------------------------------------------------------------------------------------
# Normalisation and matching

_PAREN = re.compile(r"[（(][^（）()]*[）)]")
_TRAILING_NOTE = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")
_REGION_SUFFIX = re.compile(r"(省|市|区|县)$")
_CHAIN_SUFFIX = re.compile(r"(产业链|产业|行业|领域)$")


def norm(text: str) -> str:
    return name_key(text).replace("“", "").replace("”", "")


def loose(text: str) -> str:
    """A key without region / chain suffixes: 青岛市 ~ 青岛, 新一代信息技术产业链 ~ 新一代信息技术."""
    key = norm(text)
    for rx in (_REGION_SUFFIX, _CHAIN_SUFFIX):
        short = rx.sub("", key)
        if len(short) >= 2:
            key = short
    return key


@dataclass
class Candidate:
    text: str  # in the shape of an expected string
    ids: frozenset[str] = frozenset()  # entity ids it stands for (alias-aware matching)
    alts: tuple[str, ...] = ()  # other acceptable spellings (e.g. each region of a project)
    unknown: bool = False  # the system says it does not know
    value_key: str | None = None  # targets: "200亿元"
    year: int | None = None


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
        bare = _TRAILING_NOTE.sub("", expected)  # 人民银行济南分行（002）: the name before the note
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
    e = norm(_PAREN.sub("", expected))
    for t in [cand.text, *cand.alts]:
        c = norm(t)
        if e == c or (min(len(e), len(c)) >= 4 and (e in c or c in e)):
            return True
    return False


_YEAR = re.compile(r"(20\d\d)\s*年")


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
    years = {int(y) for y in _YEAR.findall(expected)}
    return not (years and cand.year is not None and cand.year not in years)


# --------------------------------------------------------------------------------------------------
# Items → candidates


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


def _phrases(d: Mapping[str, Any]) -> list[str]:
    """The verbatim designation phrases of one designation (several statements are joined by ；)."""
    return [p.strip() for p in str(d.get("designation") or "").split("；") if p.strip()]


_ROLE_TAIL = re.compile(
    r"(等)?(\d+\s*个)?(国家级|省级)?(战略性新兴)?(产业集群|产业基地|产业集聚区|集群|基地|集聚区)$"
)


def _designated_names(region: str, d: Mapping[str, Any]) -> tuple[str, ...]:
    """What a designation calls its industry: 淄博市新型功能材料产业集群 → 新型功能材料."""
    region_forms = sorted({region, _REGION_SUFFIX.sub("", region)}, key=len, reverse=True)
    out: list[str] = []
    for phrase in _phrases(d):
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
    for form in sorted({region, _REGION_SUFFIX.sub("", region)}, key=len, reverse=True):
        if form and text.startswith(form):
            return text[len(form) :].lstrip("的")
    return ""


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
    sides = {norm(_TRAILING_NOTE.sub("", x.strip())) for x in expected.split("≈", 1)}
    return {norm(x.strip()) for x in cand.text.split("≈", 1)} == sides


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
                for phrase in _phrases(d)
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
                for phrase in (_phrases(d) or [d["chain"]])
            ] + [Candidate(text=i["name"]) for i in items if not i.get("designations")]  # places in a zone
        if kind == "cities_sharing_chain" and any("：" in e for e in expected):
            # "嘉定：空间科学": a region with what its designation says it brings (the carrier or
            # speciality printed with the place, in brackets after the designation)
            return [
                Candidate(text=f"{i['name']}：{spec}")
                for i in items
                for spec in dict.fromkeys(
                    _speciality(i["name"], p) for d in i.get("designations", []) for p in _phrases(d)
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


# --------------------------------------------------------------------------------------------------
# Structured endpoints per kind


def _doc(params: Mapping[str, Any]) -> str | None:
    doc = params.get("doc")
    return str(doc) if doc else None


def _chain_options(params: Mapping[str, Any]) -> list[str]:
    chain = params.get("chain")
    if not chain:
        return []
    parts = [p for p in re.split(r"[/／]", str(chain)) if p]
    return [*reversed(parts)] if len(parts) > 1 else parts


def _get_items(
    client: Client, url: str, params: Mapping[str, Any]
) -> tuple[list[dict[str, Any]], str | None]:
    clean = {k: v for k, v in params.items() if v not in (None, "")}
    r = client.get(url, params=clean)
    if r.status_code == 404:
        return [], f"404 {url} {clean}"
    if r.status_code != 200:
        return [], f"{r.status_code} {url} {clean}: {r.json().get('detail')}"
    return list(r.json()["items"]), None


_PARK_WORDS = ("园区", "集聚区", "聚集区")
_PLATFORM_WORDS = ("平台", "实验室", "研究院")


_FACET_WORDS = ("技术路线", "赛道", "环节", "产品", "领域", "方向")


def facet_of(question: str) -> str | None:
    """The kind of segment a question asks for (哪些环节 → 环节), if it names one."""
    return next((f for f in _FACET_WORDS if f in question), None)


def corpus_of(gold: Iterable[Mapping[str, Any]]) -> frozenset[str]:
    """The documents a gold set is about: every file its sources cite (ids, without ``.txt``)."""
    return frozenset(
        str(src["file"]).removesuffix(".txt")
        for g in gold
        for src in g.get("sources") or []
        if src.get("file")
    )


def _in_corpus(items: Sequence[Mapping[str, Any]], corpus: frozenset[str] | None) -> list[dict[str, Any]]:
    """Items that are not Documents outside ``corpus``: questions about "the documents" mean the
    gold set's own, though the graph holds others beside them (they are neither right nor wrong)."""
    return [dict(i) for i in items if not corpus or i.get("kind") != "Document" or str(i.get("id")) in corpus]


def structured(
    client: Client,
    kind: str,
    params: Mapping[str, Any],
    expected: Sequence[str],
    question: str = "",
    corpus: frozenset[str] | None = None,
) -> tuple[list[dict[str, Any]], str | None] | None:
    """(items, error) from the endpoint ``kind`` maps to, or None when it maps to none.

    ``question`` only chooses between readings the parameters leave open (园区: parks count);
    ``corpus``: the gold set's documents (see :func:`corpus_of`).
    """
    city = params.get("city")
    doc = _doc(params)
    if kind in ("projects_by_city_chain", "projects_by_city"):
        parks = any(w in question for w in _PARK_WORDS) and "项目" not in question
        # a question for platforms (要建设什么平台) asks for Platform nodes, not projects
        platforms = not parks and any(w in question for w in _PLATFORM_WORDS) and "项目" not in question
        label = "Base" if parks else "Platform" if platforms else None
        # a question for 载体 (carriers) asks for projects, parks and platforms alike
        carriers = "载体" in question and not parks and not platforms
        queries: list[dict[str, Any]] = [{"city": city, "doc": doc, "kind": label}]
        if carriers:
            queries = [
                {"city": city, "doc": doc, "bases": "true"},
                {"city": city, "doc": doc, "kind": "Platform"},
            ]
        items: list[dict[str, Any]] = []
        err: str | None = None
        for query in queries:
            if params.get("chain"):  # each reading of a compound chain (商业卫星/卫星互联网)
                got, err = _first_found(client, "/api/v1/projects", params, query)
            else:
                got, err = _get_items(client, "/api/v1/projects", query)
            items += [i for i in got if i["id"] not in {x["id"] for x in items}]
        err = err if not items else None
        if parks:  # parks, not clusters: a cluster is a designation, not a place
            items = [i for i in items if "集群" not in str(i.get("project_kind") or "")]
        return items, err
    if kind == "project_city_resolution":
        if params.get("project"):
            items, err = _get_items(client, "/api/v1/projects", {"q": params["project"]})
            exact = [i for i in items if norm(i["name"]) == norm(str(params["project"]))]
            return (exact or items[:1]), err
        return _get_items(client, "/api/v1/projects", {"chain": params.get("chain"), "doc": doc})
    if kind in ("cities_sharing_chain",) and params.get("chain") and not params.get("zone"):
        # a base type (专业产业基地) or a layout wing (东翼) the gold names is a role filter
        role = params.get("base_type") or params.get("wing") or designation_role(question)
        return _first_found(client, "/api/v1/regions", params, {"doc": doc, "role": role})
    if kind == "city_designations" and params.get("zone"):  # the places a zone is built around
        return _get_items(client, "/api/v1/regions", {"within": params["zone"], "doc": doc})
    if kind == "city_designations":
        if params.get("chain") and city:
            return _first_found(client, "/api/v1/regions", params, {"doc": doc, "region": city})
        if params.get("chain"):
            return _first_found(client, "/api/v1/regions", params, {"doc": doc})
        if city:
            return _get_items(
                client, "/api/v1/chains", {"region": city, "level": params.get("level"), "doc": doc}
            )
        return None
    if kind == "cluster_lookup":
        query = {"level": params.get("level"), "region": city, "role": "集群", "doc": doc}
        if any("—" in e for e in expected) or city:
            return _get_items(client, "/api/v1/regions", query)
        return None
    if kind == "enterprise_lookup" and (params.get("chain") or city or doc):
        return _get_items(
            client,
            "/api/v1/projects",
            {"kind": "Enterprise", "chain": params.get("chain"), "city": city, "doc": doc},
        )
    if kind == "agency_name_variants" and params.get("agency_family"):
        return _get_items(client, "/api/v1/search", {"q": params["agency_family"], "kind": "Agency"})
    if kind == "entity_resolution" and params.get("token"):
        return _get_items(client, "/api/v1/search", {"q": params["token"]})
    if kind == "chain_hierarchy_conflict" and params.get("chain"):
        r = client.get(f"/api/v1/chains/{params['chain']}")
        if r.status_code != 200:
            return [], f"{r.status_code} chains/{params['chain']}"
        detail = dict(r.json())
        docs, err = _get_items(client, "/api/v1/documents", {})
        detail["placements"] = chain_placements(detail, [str(d["id"]) for d in _in_corpus(docs, corpus)])
        return [detail], err
    if kind == "document_metadata":
        items, err = _get_items(client, "/api/v1/documents", {})
        return [i for i in _in_corpus(items, corpus) if i.get("issuer") and i.get("date")], err
    if kind == "district_lookup" and city and params.get("chain"):
        items, err = _get_items(client, "/api/v1/regions", {"chain": params["chain"], "region": city})
        return [i for i in items if i.get("level") != "city"], err
    if kind == "sub_chains":
        if any("≠" in e for e in expected):  # comparisons of headings and boxes: no endpoint answers that
            return None
        parent = params.get("chain")
        if not parent and params.get("region") and params.get("structure"):  # 划分为哪几个功能区
            where = {"within": params["region"], "doc": doc, "role": params["structure"]}
            return _get_items(client, "/api/v1/regions", where)
        if not parent and not doc:
            return None
        query = {"doc": doc, "root": "true" if not parent else None}
        facet = facet_of(question)
        if parent and facet:  # 哪些环节 / 哪些产品: the segments listed as such, when the graph has them
            found = _first_found(client, "/api/v1/chains", params, {**query, "facet": facet}, "parent")
            if found[0]:
                return found
        if parent:
            return _first_found(client, "/api/v1/chains", params, query, "parent")
        return _get_items(client, "/api/v1/chains", query)
    if kind == "target_lookup":
        query = {
            "region": city,
            "year": params.get("year"),
            "doc": doc,
            "q": params.get("metric") or params.get("value"),
        }
        if params.get("chain"):
            return _first_found(client, "/api/v1/targets", params, query)
        if query["q"] or query["region"]:
            return _get_items(client, "/api/v1/targets", query)
        if any(query.values()):  # a document's (or year's) goals: the headline ones, not each chain's
            return _get_items(client, "/api/v1/targets", {**query, "overall": "true"})
        return None
    if kind == "agency_responsibility":
        if params.get("agency"):
            r = client.get(f"/api/v1/agencies/{params['agency']}")
            if r.status_code != 200:
                return [], f"{r.status_code} agencies/{params['agency']}"
            return list(r.json()["leads"]), None
        if params.get("task"):
            return _get_items(client, "/api/v1/tasks", {"q": params["task"], "doc": doc})
        if params.get("chain"):
            return _get_items(client, "/api/v1/tasks", {"chain": params["chain"], "doc": doc})
        return None
    if kind == "cross_document_mention" and params.get("term"):
        return _get_items(client, "/api/v1/mentions", {"term": params["term"]})
    return None


def _first_found(
    client: Client, url: str, params: Mapping[str, Any], extra: Mapping[str, Any], key: str = "chain"
) -> tuple[list[dict[str, Any]], str | None]:
    """Try each reading of a compound chain parameter (智慧能源/储能 → 储能, then 智慧能源), passed
    to the endpoint as ``key``."""
    last: tuple[list[dict[str, Any]], str | None] = ([], "no chain")
    for chain in _chain_options(params):
        last = _get_items(client, url, {**extra, key: chain})
        if last[0]:
            return last
    return last


# --------------------------------------------------------------------------------------------------
# Scoring


@dataclass
class Score:
    id: str
    kind: str
    difficulty: str
    mode: str
    mapped: bool
    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: bool = False
    predicted: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    intent: str | None = None
    error: str | None = None

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if self.fn == 0 else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_items(
    gold: Mapping[str, Any], mode: str, items: Sequence[Mapping[str, Any]] | None, resolver: Resolver
) -> Score:
    kind = str(gold["kind"])
    expected = [str(e) for e in gold["expected"]]
    extra = [str(e) for e in gold.get("acceptable_extra") or []]
    s = Score(str(gold["id"]), kind, str(gold.get("difficulty", "")), mode, mapped=items is not None)
    items = list(items or [])
    cands = candidates(kind, expected, items)
    if not cands and expected == [UNKNOWN]:  # reported nothing = does not know
        cands = [Candidate(text=UNKNOWN, unknown=True)]
    match = matcher_for(kind, expected, items, resolver)
    remaining = list(expected)
    for c in cands:
        hit = next((e for e in remaining if match(e, c)), None)
        if hit is not None:
            remaining.remove(hit)
            s.tp += 1
        elif any(match(e, c) for e in extra) or any(match(e, c) for e in expected):
            continue  # acceptable extra, or a duplicate of something already found
        else:
            s.fp += 1
            s.wrong.append(c.text)
    s.fn = len(remaining)
    s.missed = remaining
    s.predicted = [c.text for c in cands]
    s.exact = s.fn == 0 and s.fp == 0
    return s


def evaluate(
    client: Client, gold: Iterable[Mapping[str, Any]], modes: Sequence[str] = (STRUCTURED, ASK)
) -> list[Score]:
    resolver = Resolver(client)
    scores: list[Score] = []
    gold = list(gold)
    corpus = corpus_of(gold)
    for g in gold:
        params = dict(g.get("params") or {})
        expected = [str(e) for e in g["expected"]]
        if STRUCTURED in modes:
            question = str(g.get("question_zh") or "")
            got = structured(client, str(g["kind"]), params, expected, question, corpus)
            if got is None:
                scores.append(
                    Score(str(g["id"]), str(g["kind"]), str(g.get("difficulty", "")), STRUCTURED, False)
                )
            else:
                s = score_items(g, STRUCTURED, got[0], resolver)
                s.error = got[1]
                scores.append(s)
        if ASK in modes:
            r = client.post("/api/v1/ask", json={"question": g["question_zh"]})
            if r.status_code != 200:
                s = score_items(g, ASK, [], resolver)
                s.error = f"{r.status_code}: {r.json().get('detail')}"
            else:
                body = r.json()
                s = score_items(g, ASK, _in_corpus(body["items"], corpus), resolver)
                s.intent = body["intent"]
            scores.append(s)
    return scores


@dataclass
class Totals:
    n: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: int = 0

    def add(self, s: Score) -> None:
        self.n += 1
        self.tp += s.tp
        self.fp += s.fp
        self.fn += s.fn
        self.exact += int(s.exact)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def exact_rate(self) -> float:
        return self.exact / self.n if self.n else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "n": self.n,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "exact": self.exact,
            "exact_rate": round(self.exact_rate, 4),
        }


EASY_MEDIUM = ("easy", "medium")


def summarise(scores: Sequence[Score]) -> dict[str, Any]:
    by_mode_kind: dict[str, dict[str, Totals]] = defaultdict(lambda: defaultdict(Totals))
    overall: dict[str, Totals] = defaultdict(Totals)
    easy_medium: dict[str, Totals] = defaultdict(Totals)
    unmapped: list[str] = []
    for s in scores:
        if not s.mapped and s.mode == STRUCTURED:
            unmapped.append(s.id)
            continue
        by_mode_kind[s.mode][s.kind].add(s)
        overall[s.mode].add(s)
        if s.difficulty in EASY_MEDIUM:
            easy_medium[s.mode].add(s)
    return {
        "overall": {m: t.as_dict() for m, t in overall.items()},
        "easy_medium": {m: t.as_dict() for m, t in easy_medium.items()},
        "by_kind": {
            m: {k: t.as_dict() for k, t in sorted(kinds.items())} for m, kinds in by_mode_kind.items()
        },
        "structured_unmapped": unmapped,
        "items": [{**asdict(s), "precision": s.precision, "recall": s.recall, "f1": s.f1} for s in scores],
    }


def render_table(summary: Mapping[str, Any]) -> str:
    lines: list[str] = []
    header = f"{'kind':<26}{'mode':<11}{'n':>4}{'P':>7}{'R':>7}{'F1':>7}{'exact':>8}"
    lines.append(header)
    lines.append("-" * len(header))
    kinds = sorted({k for m in summary["by_kind"].values() for k in m})
    for kind in kinds:
        for mode in (STRUCTURED, ASK):
            t = summary["by_kind"].get(mode, {}).get(kind)
            if t:
                lines.append(
                    f"{kind:<26}{mode:<11}{t['n']:>4}{t['precision']:>7.2f}{t['recall']:>7.2f}{t['f1']:>7.2f}"
                    f"{t['exact_rate']:>8.2f}"
                )
    lines.append("-" * len(header))
    for label, block in (("ALL (micro)", summary["overall"]), ("easy+medium", summary["easy_medium"])):
        for mode in (STRUCTURED, ASK):
            t = block.get(mode)
            if t:
                lines.append(
                    f"{label:<26}{mode:<11}{t['n']:>4}{t['precision']:>7.2f}{t['recall']:>7.2f}{t['f1']:>7.2f}"
                    f"{t['exact_rate']:>8.2f}"
                )
    if summary["structured_unmapped"]:
        lines.append(f"no structured endpoint for: {', '.join(summary['structured_unmapped'])}")
    return "\n".join(lines)


def render_items(scores: Sequence[Score]) -> str:
    lines = []
    for s in scores:
        if not s.mapped and s.mode == STRUCTURED:
            continue
        mark = "✓" if s.exact else "✗"
        detail = ""
        if not s.exact:
            detail = f"  missed={s.missed} wrong={s.wrong[:6]}" + (f" error={s.error}" if s.error else "")
        intent = f" [{s.intent}]" if s.intent else ""
        lines.append(f"{mark} {s.id} {s.mode:<10} F1={s.f1:.2f}{intent}{detail}")
    return "\n".join(lines)
