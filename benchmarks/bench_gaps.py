"""Latency of the chain gap analysis (GET /api/v1/gaps) for every city × top-level chain pair.

Every pair (a city or district the corpus locates or designates something in, × a chain with no
parent that something serves or is designated for) is asked through the HTTP app in process
(FastAPI TestClient: routing, validation, JSON), a warm-up round first; p50/p95/max over all calls.

    NEO4J_URI=… NEO4J_PASSWORD=… python -m benchmarks.bench_gaps [--rounds 3] [--load]

``--load`` empties the graph and loads the seeds, the Shanghai plans beside the repo and the
reference map of chain segments first.
"""

from __future__ import annotations

import argparse
import statistics
import time

from fastapi.testclient import TestClient

from api.app import create_app
from core.settings import REPO_ROOT, Settings
from graph.db import open_driver
from graph.load import load_document
from ingest.pipeline import discover, facts_from_file
from ingest.reference_map import reference_facts

PAIRS = """
MATCH (r:Region) WHERE r.level IN ['city', 'district']
  AND (EXISTS { ()-[:LOCATED_IN]->(r) } OR EXISTS { (r)-[:DESIGNATED_FOR]->() })
WITH collect(r.name) AS cities
MATCH (c:Chain) WHERE NOT EXISTS { (c)-[:SUBCHAIN_OF|SEGMENT_OF]->() }
  AND EXISTS { (:Chain)-[:SUBCHAIN_OF*0..8]->(c)<-[:SERVES|IN_CHAIN|DESIGNATED_FOR]-() }
UNWIND cities AS city
RETURN city, c.name AS chain ORDER BY city, chain
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--load", action="store_true")
    args = ap.parse_args()
    settings = Settings.from_env()
    with open_driver(settings) as driver:
        if args.load:
            driver.execute_query("MATCH (n) DETACH DELETE n")
            for path in discover([REPO_ROOT / "seeds", REPO_ROOT.parent / "shared" / "corpus" / "shanghai"]):
                load_document(driver, facts_from_file(path))
            load_document(driver, reference_facts())
        pairs = [(str(r["city"]), str(r["chain"])) for r in driver.execute_query(PAIRS).records]
        with TestClient(create_app(settings, driver=driver)) as client:
            for city, chain in pairs:  # warm-up: plans cached, pages in memory
                assert client.get("/api/v1/gaps", params={"city": city, "chain": chain}).status_code == 200
            times: list[float] = []
            for _ in range(args.rounds):
                for city, chain in pairs:
                    t = time.perf_counter()
                    r = client.get("/api/v1/gaps", params={"city": city, "chain": chain})
                    times.append((time.perf_counter() - t) * 1000)
                    assert r.status_code == 200, r.text
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"{len(pairs)} pairs × {args.rounds} rounds = {len(times)} calls")
    print(f"p50 {statistics.median(times):.1f} ms  p95 {p95:.1f} ms  max {times[-1]:.1f} ms")


if __name__ == "__main__":
    main()
