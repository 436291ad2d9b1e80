"""A gold item's structured endpoint: which ``GET /api/v1/…`` answers its kind, with which parameters.

:func:`structured` maps a gold item (kind, params, expected strings, question) to the endpoint and
query that answer it and returns that answer's items (or None when no endpoint answers that kind).
It reads the public JSON only; where the API's own /ask derives something the endpoints do not
return (a chain's placement per document, the designation role a question names), it is worked out
here from the public answers, generically.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from core.placements import placement
from evaluation.client import Client
from evaluation.gold import in_corpus
from evaluation.normalise import norm

Items = tuple[list[dict[str, Any]], str | None]

_PARK_WORDS = ("园区", "集聚区", "聚集区")
_PLATFORM_WORDS = ("平台", "实验室", "研究院")
_FACET_WORDS = ("技术路线", "赛道", "环节", "产品", "领域", "方向")
# Kinds of designation (the ``role`` filter of GET /api/v1/regions: the designation contains it).
_ROLE_WORDS = ("集聚区", "集群", "基地", "示范区", "先导区")


def facet_of(question: str) -> str | None:
    """The kind of segment a question asks for (哪些环节 → 环节), if it names one."""
    return next((f for f in _FACET_WORDS if f in question), None)


def designation_role(question: str) -> str | None:
    """The kind of designation a question asks about (产业集群 → 集群), when it names exactly one."""
    found = [w for w in _ROLE_WORDS if w in question]
    return found[0] if len(found) == 1 else None


def chain_placements(detail: Mapping[str, Any], doc_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Where a chain sits in each document, from its GET /api/v1/chains/{name} detail."""
    return [placement(detail, doc) for doc in doc_ids]


def _doc(params: Mapping[str, Any]) -> str | None:
    doc = params.get("doc")
    return str(doc) if doc else None


def _chain_options(params: Mapping[str, Any]) -> list[str]:
    chain = params.get("chain")
    if not chain:
        return []
    parts = [p for p in re.split(r"[/／]", str(chain)) if p]
    return [*reversed(parts)] if len(parts) > 1 else parts


def get_items(client: Client, url: str, params: Mapping[str, Any]) -> Items:
    """(items, error) of a list endpoint; empty parameters are left out."""
    clean = {k: v for k, v in params.items() if v not in (None, "")}
    r = client.get(url, params=clean)
    if r.status_code == 404:
        return [], f"404 {url} {clean}"
    if r.status_code != 200:
        return [], f"{r.status_code} {url} {clean}: {r.json().get('detail')}"
    return list(r.json()["items"]), None


def _first_found(
    client: Client, url: str, params: Mapping[str, Any], extra: Mapping[str, Any], key: str = "chain"
) -> Items:
    """Try each reading of a compound chain parameter (智慧能源/储能 → 储能, then 智慧能源), passed
    to the endpoint as ``key``."""
    last: Items = ([], "no chain")
    for chain in _chain_options(params):
        last = get_items(client, url, {**extra, key: chain})
        if last[0]:
            return last
    return last


def structured(
    client: Client,
    kind: str,
    params: Mapping[str, Any],
    expected: Sequence[str],
    question: str = "",
    corpus: frozenset[str] | None = None,
) -> Items | None:
    """(items, error) from the endpoint ``kind`` maps to, or None when it maps to none.

    ``question`` only chooses between readings the parameters leave open (园区: parks count);
    ``corpus``: the gold set's documents (see :func:`evaluation.gold.corpus_of`).
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
                got, err = get_items(client, "/api/v1/projects", query)
            items += [i for i in got if i["id"] not in {x["id"] for x in items}]
        err = err if not items else None
        if parks:  # parks, not clusters: a cluster is a designation, not a place
            items = [i for i in items if "集群" not in str(i.get("project_kind") or "")]
        return items, err
    if kind == "project_city_resolution":
        if params.get("project"):
            items, err = get_items(client, "/api/v1/projects", {"q": params["project"]})
            exact = [i for i in items if norm(i["name"]) == norm(str(params["project"]))]
            return (exact or items[:1]), err
        return get_items(client, "/api/v1/projects", {"chain": params.get("chain"), "doc": doc})
    if kind in ("cities_sharing_chain",) and params.get("chain") and not params.get("zone"):
        # a base type (专业产业基地) or a layout wing (东翼) the gold names is a role filter
        role = params.get("base_type") or params.get("wing") or designation_role(question)
        return _first_found(client, "/api/v1/regions", params, {"doc": doc, "role": role})
    if kind == "city_designations" and params.get("zone"):  # the places a zone is built around
        return get_items(client, "/api/v1/regions", {"within": params["zone"], "doc": doc})
    if kind == "city_designations":
        if params.get("chain") and city:
            return _first_found(client, "/api/v1/regions", params, {"doc": doc, "region": city})
        if params.get("chain"):
            return _first_found(client, "/api/v1/regions", params, {"doc": doc})
        if city:
            return get_items(
                client, "/api/v1/chains", {"region": city, "level": params.get("level"), "doc": doc}
            )
        return None
    if kind == "cluster_lookup":
        query = {"level": params.get("level"), "region": city, "role": "集群", "doc": doc}
        if any("—" in e for e in expected) or city:
            return get_items(client, "/api/v1/regions", query)
        return None
    if kind == "enterprise_lookup" and (params.get("chain") or city or doc):
        return get_items(
            client,
            "/api/v1/projects",
            {"kind": "Enterprise", "chain": params.get("chain"), "city": city, "doc": doc},
        )
    if kind == "agency_name_variants" and params.get("agency_family"):
        return get_items(client, "/api/v1/search", {"q": params["agency_family"], "kind": "Agency"})
    if kind == "entity_resolution" and params.get("token"):
        return get_items(client, "/api/v1/search", {"q": params["token"]})
    if kind == "chain_hierarchy_conflict" and params.get("chain"):
        r = client.get(f"/api/v1/chains/{params['chain']}")
        if r.status_code != 200:
            return [], f"{r.status_code} chains/{params['chain']}"
        detail = dict(r.json())
        docs, err = get_items(client, "/api/v1/documents", {})
        detail["placements"] = chain_placements(detail, [str(d["id"]) for d in in_corpus(docs, corpus)])
        return [detail], err
    if kind == "document_metadata":
        items, err = get_items(client, "/api/v1/documents", {})
        return [i for i in in_corpus(items, corpus) if i.get("issuer") and i.get("date")], err
    if kind == "district_lookup" and city and params.get("chain"):
        items, err = get_items(client, "/api/v1/regions", {"chain": params["chain"], "region": city})
        return [i for i in items if i.get("level") != "city"], err
    if kind == "sub_chains":
        if any("≠" in e for e in expected):  # comparisons of headings and boxes: no endpoint answers that
            return None
        parent = params.get("chain")
        if not parent and params.get("region") and params.get("structure"):  # 划分为哪几个功能区
            where = {"within": params["region"], "doc": doc, "role": params["structure"]}
            return get_items(client, "/api/v1/regions", where)
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
        return get_items(client, "/api/v1/chains", query)
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
            return get_items(client, "/api/v1/targets", query)
        if any(query.values()):  # a document's (or year's) goals: the headline ones, not each chain's
            return get_items(client, "/api/v1/targets", {**query, "overall": "true"})
        return None
    if kind == "agency_responsibility":
        if params.get("agency"):
            r = client.get(f"/api/v1/agencies/{params['agency']}")
            if r.status_code != 200:
                return [], f"{r.status_code} agencies/{params['agency']}"
            return list(r.json()["leads"]), None
        if params.get("task"):
            return get_items(client, "/api/v1/tasks", {"q": params["task"], "doc": doc})
        if params.get("chain"):
            return get_items(client, "/api/v1/tasks", {"chain": params["chain"], "doc": doc})
        return None
    if kind == "cross_document_mention" and params.get("term"):
        return get_items(client, "/api/v1/mentions", {"term": params["term"]})
    return None
