"""Read endpoints on a large graph: latency, Neo4j's work (db hits) and the answers themselves.

    python -m benchmarks.bench_reads [--repeat 5] [--only gaps,search] [--dump F] [--compare F]
        [--profile] [--plans DIR]

Every read endpoint of docs/DESIGN.md §5 is called through the app in this process (FastAPI's
TestClient, response cache and name-resolution cache off, so each call is what Neo4j and the API
really do), for a few shapes: the seeds' city and chain (青岛, 氢能), the generated corpus's busiest
city and chain (found by a deterministic query, so two runs on one graph ask the same), a name that
does not exist (a 404 with suggestions) and a broad search term. The graph is whatever the
configured database holds: load a generated corpus first (``benchmarks/_corpus.py``; see
``bench_scale``), e.g. ``POLICYKG_INSTANCE=/tmp/x policykg ingest <folder> seeds``.

- default: per shape, the best of ``--repeat`` wall times and the Neo4j server's CPU ms per call
  (``/proc`` of its process group: the machine is shared, the best of several is the figure);
- ``--profile``: each query the shape runs is PROFILEd once: db hits, rows, and the operators that
  grow with the graph rather than the answer (AllNodesScan, NodeByLabelScan, Eager,
  CartesianProduct); ``--plans DIR`` writes each plan as text;
- ``--dump F`` writes every answer (status, JSON); ``--compare F`` checks the answers now against
  such a file and exits 1 on any difference: before/after a query change, on the same graph.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import neo4j
from fastapi.testclient import TestClient

from core.settings import Settings
from graph.db import open_driver

Shape = tuple[str, str, str, dict[str, Any]]  # (name, method, path, params or body)
FLAGGED = ("AllNodesScan", "NodeByLabelScan", "Eager", "CartesianProduct")

# The generated corpus's busiest city (most documents issued for it) and chain (most projects
# serving it), and a document: found the same way on every run over one graph.
_DISCOVER = {
    "city": """MATCH (d:Document) WHERE d.id STARTS WITH 'gen' AND d.region IS NOT NULL
               RETURN d.region AS v, count(*) AS n ORDER BY n DESC, v LIMIT 1""",
    "chain": """MATCH (c:Chain)<-[:SERVES]-(p:Project) WHERE NOT c.id STARTS WITH 'x'
                RETURN c.name AS v, count(p) AS n ORDER BY n DESC, v LIMIT 1""",
    "doc": "MATCH (d:Document) WHERE d.id STARTS WITH 'gen' RETURN d.id AS v ORDER BY v LIMIT 1",
    "project": """MATCH (p:Project)-[:SERVES]->(:Chain) WHERE p.id IS NOT NULL
                  RETURN p.name AS v ORDER BY p.name LIMIT 1""",
    "agency": "MATCH (a:Agency)-[:LEADS]->() RETURN a.name AS v, count(*) AS n ORDER BY n DESC, v LIMIT 1",
}


def discover(driver: neo4j.Driver) -> dict[str, str]:
    found = {"city": "青岛", "chain": "氢能", "doc": "004_b7a623a748988760", "project": "", "agency": ""}
    for key, query in _DISCOVER.items():
        rows = driver.execute_query(query).records  # type: ignore[call-overload]
        if rows and rows[0]["v"]:
            found[key] = str(rows[0]["v"])
    return found


def shapes(big: dict[str, str]) -> list[Shape]:
    city, chain, doc = big["city"], big["chain"], big["doc"]
    q = "青岛有哪些服务于氢能产业链的项目？"
    q_big = f"{city}有哪些服务于{chain}产业链的项目？"
    out: list[Shape] = [
        ("health", "GET", "/api/v1/health", {}),
        ("documents", "GET", "/api/v1/documents", {}),
        ("document seed", "GET", "/api/v1/documents/004_b7a623a748988760", {}),
        ("document big", "GET", f"/api/v1/documents/{doc}", {}),
        ("document missing", "GET", "/api/v1/documents/nosuchdoc", {}),
        ("search 氢能", "GET", "/api/v1/search", {"q": "氢能"}),
        ("search broad 产业", "GET", "/api/v1/search", {"q": "产业"}),
        ("search big chain", "GET", "/api/v1/search", {"q": chain}),
        ("search kind Project", "GET", "/api/v1/search", {"q": "项目", "kind": "Project"}),
        ("search none", "GET", "/api/v1/search", {"q": "不存在的名字"}),
        ("projects seed", "GET", "/api/v1/projects", {"city": "青岛", "chain": "氢能"}),
        ("projects big", "GET", "/api/v1/projects", {"city": city, "chain": chain}),
        ("projects chain big", "GET", "/api/v1/projects", {"chain": chain}),
        ("projects doc seed", "GET", "/api/v1/projects", {"doc": "004_b7a623a748988760"}),
        ("projects doc big", "GET", "/api/v1/projects", {"doc": doc}),
        ("projects q", "GET", "/api/v1/projects", {"q": "氢能", "limit": 50}),
        ("projects city missing", "GET", "/api/v1/projects", {"city": "不存在市"}),
        ("regions", "GET", "/api/v1/regions", {}),
        ("regions chain seed", "GET", "/api/v1/regions", {"chain": "氢能"}),
        ("regions chain big", "GET", "/api/v1/regions", {"chain": chain}),
        ("regions region", "GET", "/api/v1/regions", {"region": "山东"}),
        ("regions region big", "GET", "/api/v1/regions", {"region": city}),
        ("regions within", "GET", "/api/v1/regions", {"within": "青岛"}),
        ("chains", "GET", "/api/v1/chains", {}),
        ("chains parent", "GET", "/api/v1/chains", {"parent": "氢能"}),
        ("chains region", "GET", "/api/v1/chains", {"region": "青岛"}),
        ("chains doc", "GET", "/api/v1/chains", {"doc": doc}),
        ("chains doc seed", "GET", "/api/v1/chains", {"doc": "001_5634ba83ae6deb07"}),
        ("chains doc root", "GET", "/api/v1/chains", {"doc": doc, "root": "true"}),
        ("chain seed", "GET", "/api/v1/chains/氢能", {}),
        ("chain big", "GET", f"/api/v1/chains/{chain}", {}),
        ("chain missing", "GET", "/api/v1/chains/不存在的链", {}),
        ("targets seed", "GET", "/api/v1/targets", {"chain": "氢能", "region": "青岛"}),
        ("targets big", "GET", "/api/v1/targets", {"chain": chain}),
        ("targets year", "GET", "/api/v1/targets", {"year": 2025, "limit": 50}),
        ("tasks agency", "GET", "/api/v1/tasks", {"agency": big["agency"], "limit": 100}),
        ("tasks chain big", "GET", "/api/v1/tasks", {"chain": chain}),
        ("tasks q", "GET", "/api/v1/tasks", {"q": "氢能"}),
        ("agency", "GET", f"/api/v1/agencies/{big['agency']}", {}),
        ("agency missing", "GET", "/api/v1/agencies/不存在局", {}),
        ("mentions", "GET", "/api/v1/mentions", {"term": "氢能"}),
        ("mentions big", "GET", "/api/v1/mentions", {"term": chain}),
        ("gaps seed", "GET", "/api/v1/gaps", {"city": "青岛", "chain": "氢能"}),
        ("gaps big", "GET", "/api/v1/gaps", {"city": city, "chain": chain}),
        ("gaps missing", "GET", "/api/v1/gaps", {"city": "不存在市", "chain": "氢能"}),
        ("report md", "GET", "/api/v1/report", {"city": "青岛", "chain": "氢能", "format": "md"}),
        ("paths", "GET", "/api/v1/paths", {"from": "青岛", "to": "氢能"}),
        ("paths big", "GET", "/api/v1/paths", {"from": city, "to": chain}),
        ("graph overview", "GET", "/api/v1/graph", {}),
        ("graph 氢能", "GET", "/api/v1/graph", {"focus": "氢能"}),
        ("graph big chain", "GET", "/api/v1/graph", {"focus": chain}),
        ("graph big city d2", "GET", "/api/v1/graph", {"focus": city, "depth": 2}),
        ("graph missing", "GET", "/api/v1/graph", {"focus": "不存在的名字"}),
        ("view graph", "GET", "/view/graph", {"focus": "氢能"}),
        ("ask seed", "POST", "/api/v1/ask", {"question": q}),
        ("ask big", "POST", "/api/v1/ask", {"question": q_big}),
        ("ask targets", "POST", "/api/v1/ask", {"question": f"{city}{chain}产业到2025年的目标是什么？"}),
        ("ask profile", "POST", "/api/v1/ask", {"question": "介绍一下氢能"}),
        ("ask profile big", "POST", "/api/v1/ask", {"question": f"{chain}是什么？"}),
        ("export focus", "GET", "/api/v1/export", {"focus": "氢能", "format": "json"}),
        ("export big city", "GET", "/api/v1/export", {"focus": city, "format": "json"}),
        ("ask free", "POST", "/api/v1/ask", {"question": "哪些文件提到了燃料电池？"}),
    ]
    if big["project"]:
        out.append(("search project", "GET", "/api/v1/search", {"q": big["project"]}))
    return out


class Recorder:
    """Wraps a driver: optionally PROFILEs each query and keeps its summary."""

    def __init__(self, driver: neo4j.Driver) -> None:
        self._driver = driver
        self.profile = False
        self.log: list[dict[str, Any]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._driver, name)

    def execute_query(self, query: Any, parameters: Any = None, *args: Any, **kwargs: Any) -> Any:
        text = str(query)
        if self.profile and not text.lstrip().upper().startswith(("PROFILE", "EXPLAIN", "CYPHER")):
            text = "PROFILE " + text
        result = self._driver.execute_query(text, parameters, *args, **kwargs)  # type: ignore[call-overload]
        if self.profile and result.summary.profile:
            self.log.append({"query": str(query), "profile": result.summary.profile})
        return result


def _walk(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("children", []):
        yield from _walk(child)


def _plan_text(plan: dict[str, Any], depth: int = 0) -> str:
    args = plan.get("args", {})
    line = (
        f"{'  ' * depth}{plan['operatorType']} rows={plan.get('rows')} hits={plan.get('dbHits')} "
        f"{args.get('Details', '')}"
    )
    return "\n".join([line, *(_plan_text(c, depth + 1) for c in plan.get("children", []))])


def _neo4j_cpu(pgid: int) -> float:
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text(encoding="ascii").rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


@contextmanager
def _app(driver: Recorder) -> Iterator[TestClient]:
    importlib.import_module("api.cache").ENABLED = False
    importlib.import_module("graph.queries.resolve").CACHE_SECONDS = 0
    from api.app import create_app

    with TestClient(create_app(driver=driver)) as client:  # type: ignore[arg-type]
        yield client


def _call(client: TestClient, shape: Shape) -> tuple[int, Any]:
    _, method, path, params = shape
    r = client.get(path, params=params) if method == "GET" else client.post(path, json=params)
    try:
        body = r.json()
    except ValueError:
        body = r.text
    return r.status_code, body


def _strip(value: Any, keys: set[str]) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v, keys) for k, v in value.items() if k not in keys}
    if isinstance(value, list):
        return [_strip(v, keys) for v in value]
    return value


def _same_but_ties(before: Any, now: Any) -> bool:
    """The same items where only the order of items tied on the query's sort keys moved (a query
    that now breaks ties by id): same items as a multiset, and the same sequence of sort keys."""
    items_b, items_n = (
        x.get("body", {}).get("items") if isinstance(x, dict) else None for x in (before, now)
    )
    if not isinstance(items_b, list) or not isinstance(items_n, list) or len(items_b) != len(items_n):
        return False
    if {**before["body"], "items": None} != {**now["body"], "items": None}:
        return False
    dump = [json.dumps(i, sort_keys=True, ensure_ascii=False) for i in items_b]
    if sorted(dump) != sorted(json.dumps(i, sort_keys=True, ensure_ascii=False) for i in items_n):
        return False

    def keys(i: dict[str, Any]) -> tuple[Any, ...]:
        return (i.get("doc"), i.get("year"), i.get("name"))

    same = [keys(i) for i in items_b] == [keys(i) for i in items_n]
    if same:
        print(f"  (order of items tied on doc, year, name differs: {len(items_b)} items)", file=sys.stderr)
    return same


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--only", default="", help="comma-separated substrings of shape names")
    ap.add_argument("--dump", type=Path)
    ap.add_argument("--compare", type=Path)
    ap.add_argument("--ignore", default="", help="with --compare: keys left out (cypher)")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--plans", type=Path)
    args = ap.parse_args()
    settings = Settings.from_env()
    state = json.loads((settings.instance_dir / "state.json").read_text()) if not settings.uri else {}
    pgid = int(state.get("pgid", 0))
    failed = 0
    with open_driver(settings) as raw:
        big = discover(raw)
        print(f"shapes on {big}; load average {os.getloadavg()[0]:.2f}", flush=True)
        recorder = Recorder(raw)
        wanted = [s for s in shapes(big) if not args.only or any(o in s[0] for o in args.only.split(","))]
        answers: dict[str, Any] = {}
        with _app(recorder) as client:
            print("| shape | status | best ms | neo4j CPU ms | queries | db hits | flagged |")
            print("|---|---|---|---|---|---|---|")
            for shape in wanted:
                status, body = _call(client, shape)  # warm (plans cached)
                answers[shape[0]] = {"status": status, "body": body}
                best = cpu = float("inf")
                for _ in range(args.repeat):
                    c0, t0 = _neo4j_cpu(pgid) if pgid else 0.0, time.perf_counter()
                    _call(client, shape)
                    best = min(best, (time.perf_counter() - t0) * 1000)
                    cpu = min(cpu, ((_neo4j_cpu(pgid) if pgid else 0.0) - c0) * 1000)
                hits, n, flags = 0, 0, set()
                if args.profile:
                    recorder.profile, recorder.log = True, []
                    _call(client, shape)
                    recorder.profile = False
                    n = len(recorder.log)
                    for i, entry in enumerate(recorder.log):
                        ops = list(_walk(entry["profile"]))
                        hits += sum(int(op.get("dbHits", 0)) for op in ops)
                        for op in ops:
                            kind = op["operatorType"].split("@")[0]
                            if any(kind.startswith(f) for f in FLAGGED):
                                flags.add(f"{kind}({op.get('rows')})")
                        if args.plans:
                            args.plans.mkdir(parents=True, exist_ok=True)
                            name = shape[0].replace(" ", "_").replace("/", "_")
                            (args.plans / f"{name}.{i}.txt").write_text(
                                entry["query"] + "\n\n" + _plan_text(entry["profile"]), encoding="utf-8"
                            )
                print(
                    f"| {shape[0]} | {status} | {best:.1f} | {cpu:.0f} | {n or ''} | {hits or ''} "
                    f"| {' '.join(sorted(flags))} |",
                    flush=True,
                )
    if args.dump:
        text = json.dumps(answers, ensure_ascii=False, indent=1, sort_keys=True)
        args.dump.write_text(text, encoding="utf-8")
    if args.compare:
        ignored = set(filter(None, args.ignore.split(",")))
        before = _strip(json.loads(args.compare.read_text(encoding="utf-8")), ignored)
        for name, now in _strip(json.loads(json.dumps(answers)), ignored).items():
            if name in before and before[name] != now and not _same_but_ties(before[name], now):
                failed += 1
                print(f"DIFFERENT: {name}", file=sys.stderr)
        print(f"compared {sum(n in before for n in answers)} answers: {failed} different", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
