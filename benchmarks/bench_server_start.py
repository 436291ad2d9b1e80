"""Cold and warm start of the local Neo4j server, through the code of ``policykg db start``.

* cold: a fresh instance folder (conf written, ``set-initial-password``, ``system`` and ``neo4j``
  stores created), until Bolt answers and HTTP is bound;
* warm: a restart on the existing store of the same instance;
* stop: SIGTERM to the process group until no process of it is left.

The jar cache is reused (the one-time Maven download is not part of either). Each figure is the
median of ``--runs`` runs; the warm/cold ratio is computed within the same run.

    python benchmarks/bench_server_start.py [--runs 3] [--json benchmarks/results/server_start.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.settings import private_instance
from graph import runtime


def measure(runs: int) -> dict[str, object]:
    cold: list[float] = []
    warm: list[float] = []
    stop: list[float] = []
    version = ""
    with tempfile.TemporaryDirectory(prefix="policykg-bench-") as tmp:
        for i in range(runs):
            settings = private_instance(Path(tmp) / f"inst{i}")
            t0 = time.perf_counter()
            res = runtime.start(settings)
            cold.append(time.perf_counter() - t0)
            version = res.state.version
            t0 = time.perf_counter()
            runtime.stop(settings)
            stop.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            runtime.start(settings)
            warm.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            runtime.stop(settings)
            stop.append(time.perf_counter() - t0)
    return {
        "neo4j": version,
        "runs": runs,
        "cpus": os.cpu_count(),
        "load_avg_1m": os.getloadavg()[0],
        "cold_s": [round(x, 2) for x in cold],
        "warm_s": [round(x, 2) for x in warm],
        "stop_s": [round(x, 2) for x in stop],
        "cold_median_s": round(statistics.median(cold), 2),
        "warm_median_s": round(statistics.median(warm), 2),
        "stop_median_s": round(statistics.median(stop), 2),
        "warm_over_cold": round(statistics.median(warm) / statistics.median(cold), 2),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args()
    result = measure(args.runs)
    print(
        f"Neo4j {result['neo4j']}, {result['runs']} runs, {result['cpus']} CPUs, "
        f"load {result['load_avg_1m']:.1f}\n"
        f"  cold start (fresh instance): median {result['cold_median_s']} s  {result['cold_s']}\n"
        f"  warm start (existing store): median {result['warm_median_s']} s  {result['warm_s']}\n"
        f"  stop (process group gone):   median {result['stop_median_s']} s\n"
        f"  warm / cold: {result['warm_over_cold']}"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
