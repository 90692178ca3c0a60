"""The search index's in-memory build and keystroke latency, on the shipped content or on a synthetic set N times it.

    python -m benchmarks.search_scale            shipped: 3 builds, then 20 rounds of the timed queries
    python -m benchmarks.search_scale 100        100x (benchmarks.synthetic): 1 build, then 3 rounds scoped to London

What is timed per query is what `search --queries FILE --json` does for a line (SearchService.search, top 10 with
snippets, then the JSON), after a warm-up round, over benchmarks.search_bench.timed_queries(). The build is
SearchService(..., in_memory=True): the pages listed, analysed and written by whoosh, nothing on disk.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.search_bench import LIMIT, REPO, _percentile, timed_queries


def run(factor: int = 1) -> dict:
    from brochure_app.catalogue.store import load_catalogue
    from brochure_app.search import SearchService

    with tempfile.TemporaryDirectory(prefix="search-scale-") as tmp:
        root = REPO
        if factor > 1:
            from benchmarks.synthetic import generate

            root = generate(factor, Path(tmp) / f"x{factor}")
        catalogue = load_catalogue(root)
        builds = []
        for _ in range(3 if factor == 1 else 1):
            t0 = time.perf_counter()
            service = SearchService(catalogue, in_memory=True)
            builds.append(time.perf_counter() - t0)
    queries = [(q, r if factor == 1 else "london") for q, r in timed_queries()]
    samples = []
    for round_ in range(1 + (20 if factor == 1 else 3)):
        for query, region in queries:
            t0 = time.perf_counter()
            json.dumps(service.search(query, region, LIMIT).to_json(), ensure_ascii=False, separators=(",", ":"))
            if round_:  # the first round warms up
                samples.append((time.perf_counter() - t0) * 1000.0)
    service.close()
    return {"factor": factor, "build_s": statistics.median(builds), "median_ms": statistics.median(samples),
            "p95_ms": _percentile(samples, 0.95), "max_ms": max(samples), "queries": len(queries)}


def main() -> int:
    fig = run(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
    print(f"x{fig['factor']}: build {fig['build_s']:.2f} s; {fig['queries']} queries: median {fig['median_ms']:.2f} ms,"
          f" p95 {fig['p95_ms']:.2f} ms, max {fig['max_ms']:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
