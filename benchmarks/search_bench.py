"""Search speed on the shipped content, against SQLite FTS5 over the same documents, in the same run.

    python -m benchmarks.search_bench          prints a table (exit 0; the verdict is in the table)
    from benchmarks.search_bench import run    run() -> dict of figures (used by `python -m benchmarks`)

What is timed, per query (the 45 below, then the relevance set's: timed_queries), in-process, after a warm-up:
exactly what `search --queries FILE --json` does for each line (SearchService.search with top 10 hits and their
snippets, then the compact JSON line). FTS5 gets the same documents (title, aliases, body: one row per page as
presented and one per region's home page, with the regions presenting it), `porter
unicode61`, the same field weights through bm25(), snippet(), top 10, and the same words (all required, the last one
as a prefix): it has no synonyms, no typo correction and no merging across regions, so it is the floor of what an
engine costs, not a rival ranking.

Targets (issue 4, on a 2-core machine): median <= 5 ms, p95 <= 16 ms, median within 8x of FTS5's median.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

TARGET_MEDIAN_MS = 5.0
TARGET_P95_MS = 16.0
TARGET_RATIO = 8.0

# (query, region): what legal advisers and magistrates type — synonyms, acronyms, typos, prefixes, several words.
QUERIES: tuple[tuple[str, str | None], ...] = (
    ("DV", "london"),
    ("domestic abuse", None),
    ("IPV", "kent-surrey-sussex"),
    ("housing", None),
    ("homeless", "london"),
    ("jobs", None),
    ("ETE", "dlnr"),
    ("work", "north-west"),
    ("drink driving", None),
    ("booze", "london"),
    ("alcohol", None),
    ("tag", None),
    ("electronic monitoring", "greater-manchester"),
    ("anger", "london"),
    ("angre managment", "dlnr"),
    ("acommodation", None),
    ("thinkng skils", None),
    ("stepw", "north-east"),
    ("positive path", "london"),
    ("managing my emo", "london"),
    ("AAMR", None),
    ("ATR", "east-of-england"),
    ("DRR", None),
    ("MHTR", None),
    ("RAR", "dlnr"),
    ("UPW", None),
    ("TSP", "london"),
    ("BBR", None),
    ("CRS", "north-west"),
    ("OGRS", None),
    ("RoSH", "london"),
    ("SARA", None),
    ("SAC", "dlnr"),
    ("COVAID", "dlnr"),
    ("PTI", "dlnr"),
    ("MME", "london"),
    ("women", None),
    ("young adults", "london"),
    ("mental health", None),
    ("sex offending", "greater-manchester"),
    ("unpaid work hours", None),
    ("curfew", None),
    ("drug rehab", None),
    ("breach of community order", "dlnr"),
    ("emotional wellbeing", None),
)


def timed_queries() -> tuple[tuple[str, str | None], ...]:
    """The queries timed: the list above, then every query of the relevance set (benchmarks/relevance.yaml)."""
    from benchmarks.relevance import cases

    return QUERIES + tuple((c.query, c.region) for c in cases())


LIMIT = 10


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _time(fn, queries, rounds: int) -> list[float]:
    samples = []
    clock = time.perf_counter
    for _ in range(rounds):
        for query, region in queries:
            t0 = clock()
            fn(query, region)
            samples.append((clock() - t0) * 1000.0)
    return samples


def _fts5(documents: list[dict]):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, aliases, body, id UNINDEXED, regions UNINDEXED, "
               "tokenize = 'porter unicode61')")
    db.executemany("INSERT INTO docs (title, aliases, body, id, regions) VALUES (?, ?, ?, ?, ?)",
                   [(d["title"], d["aliases"], d["body"], d["id"], f" {d['regions']} ") for d in documents])
    db.commit()
    sql_all = ("SELECT id, title, bm25(docs, 3.0, 2.0, 1.0) AS score, "
               "snippet(docs, 2, '<b>', '</b>', '…', 32) FROM docs WHERE docs MATCH ? ORDER BY score LIMIT ?")
    sql_region = ("SELECT id, title, bm25(docs, 3.0, 2.0, 1.0) AS score, "
                  "snippet(docs, 2, '<b>', '</b>', '…', 32) FROM docs WHERE docs MATCH ? AND regions LIKE ? "
                  "ORDER BY score LIMIT ?")

    def search(query: str, region: str | None):
        words = re.findall(r"\w+", query)
        if not words:
            return []
        match = " ".join(f'"{w}"' for w in words)
        if query[-1:].isalnum():
            match += "*"
        if region is None:
            rows = db.execute(sql_all, (match, LIMIT)).fetchall()
        else:
            rows = db.execute(sql_region, (match, f"% {region} %", LIMIT)).fetchall()
        json.dumps({"query": query, "region": region, "results": [
            {"id": r[0], "title": r[1], "score": -r[2], "snippet": r[3]} for r in rows]}, ensure_ascii=False)
        return rows

    return db, search


def _batch_subprocess(cache_home: Path, queries) -> dict:
    """The real batch command, one process, one index open: wall time for every query of the list."""
    qfile = cache_home / "queries.txt"
    qfile.write_text("\n".join(q for q, _ in queries) + "\n", encoding="utf-8")
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home))
    cmd = [sys.executable, "-m", "brochure_app", "search", "--queries", str(qfile), "--json"]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=REPO, check=False)
    wall = time.perf_counter() - t0
    lines = done.stdout.splitlines()
    return {"exit": done.returncode, "wall_s": wall, "lines": len(lines), "queries": len(queries)}


def run(rounds: int = 20, warmup: int = 3, subprocess_batch: bool = True) -> dict:
    """Time whoosh (through SearchService, as the batch command does) and FTS5 on the same documents."""
    from brochure_app.catalogue.store import load_catalogue
    from brochure_app.search import index as search_index
    from brochure_app.search.service import SearchService

    queries = timed_queries()
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        # Everything (the content cache, the index) goes to a private cache folder, laid out as the command line
        # lays it out, so that the batch command run at the end finds this index and starts warm.
        saved = os.environ.get("XDG_CACHE_HOME")
        os.environ["XDG_CACHE_HOME"] = tmp
        try:
            catalogue = load_catalogue(REPO)
            cache = search_index.cache_root()
        finally:
            if saved is None:
                del os.environ["XDG_CACHE_HOME"]
            else:
                os.environ["XDG_CACHE_HOME"] = saved
        # The same pages as the index holds (items as presented and the regions' home pages): one row per page,
        # listing the regions presenting it, with its title, aliases and whole text.
        documents = [{"id": page.id, "regions": " ".join(page.regions), "title": page.title,
                      "aliases": "\n".join(page.aliases), "body": page.text} for page in search_index.pages(catalogue)]
        assert len(documents) == search_index.document_count(catalogue)
        t0 = time.perf_counter()
        cold = SearchService(catalogue, cache)
        build_s = time.perf_counter() - t0
        cold.close()
        t0 = time.perf_counter()
        service = SearchService(catalogue, cache)
        warm_open_s = time.perf_counter() - t0
        assert service.origin == "cache", service.notes
        index_bytes = sum(p.stat().st_size for p in service.folder.iterdir())

        def whoosh_search(query, region):
            results = service.search(query, region, LIMIT)
            json.dumps(results.to_json(), ensure_ascii=False, separators=(",", ":"))
            return results

        t0 = time.perf_counter()
        first = service.search(*queries[0])
        first_search_ms = (time.perf_counter() - t0) * 1000.0
        # The first pass finds every term table and page word list uncached: report it, then warm up.
        cold_ms = _time(whoosh_search, queries, 1)
        _time(whoosh_search, queries, max(0, warmup - 1))
        whoosh_ms = _time(whoosh_search, queries, rounds)
        per_query = {}
        for i, (query, region) in enumerate(queries):
            per_query[f"{query} [{region or 'all'}]"] = statistics.median(whoosh_ms[i::len(queries)])
        hits = {f"{q} [{r or 'all'}]": len(service.search(q, r, LIMIT).hits) for q, r in queries}
        service.close()

        fts = None
        try:
            db, fts_search = _fts5(documents)
        except sqlite3.OperationalError as exc:  # an SQLite built without FTS5
            fts = {"error": str(exc)}
        if fts is None:
            _time(fts_search, queries, warmup)
            fts_ms = _time(fts_search, queries, rounds)
            db.close()
            fts = {"median_ms": statistics.median(fts_ms), "p95_ms": _percentile(fts_ms, 0.95),
                   "mean_ms": statistics.fmean(fts_ms)}
        batch = _batch_subprocess(Path(tmp), queries) if subprocess_batch else None

    median = statistics.median(whoosh_ms)
    p95 = _percentile(whoosh_ms, 0.95)
    ratio = median / fts["median_ms"] if fts.get("median_ms") else None
    slowest = sorted(per_query.items(), key=lambda kv: -kv[1])[:5]
    return {
        "documents": len(documents),
        "queries": len(queries),
        "rounds": rounds,
        "index_build_s": build_s,
        "index_warm_open_s": warm_open_s,
        "index_bytes": index_bytes,
        "first_search_ms": first_search_ms,
        "first_search_hits": len(first.hits),
        "median_ms": median,
        "p95_ms": p95,
        "mean_ms": statistics.fmean(whoosh_ms),
        "max_ms": max(whoosh_ms),
        "cold_median_ms": statistics.median(cold_ms),
        "cold_p95_ms": _percentile(cold_ms, 0.95),
        "fts5": fts,
        "fts5_median_ms": fts.get("median_ms"),
        "ratio_to_fts5": ratio,
        "slowest_queries_ms": dict(slowest),
        "hits_per_query": hits,
        "batch_subprocess": batch,
        "targets": {"median_ms": TARGET_MEDIAN_MS, "p95_ms": TARGET_P95_MS, "ratio_to_fts5": TARGET_RATIO},
        "meets_targets": (median <= TARGET_MEDIAN_MS and p95 <= TARGET_P95_MS
                          and (ratio is not None and ratio <= TARGET_RATIO)),
    }


def format_table(fig: dict) -> str:
    fts = fig["fts5"]
    rows = [
        ("documents (pages as presented)", f"{fig['documents']}"),
        ("queries x rounds", f"{fig['queries']} x {fig['rounds']} (after warm-up)"),
        ("index build (cold)", f"{fig['index_build_s'] * 1000:.0f} ms"),
        ("index open (warm, verified)", f"{fig['index_warm_open_s'] * 1000:.1f} ms"),
        ("index size", f"{fig['index_bytes'] / 1024:.0f} KiB"),
        ("first search after warm open", f"{fig['first_search_ms']:.2f} ms"),
    ]
    out = ["Search benchmark (whoosh via SearchService, top 10 with snippets, JSON line)", ""]
    width = max(len(k) for k, _ in rows)
    out += [f"  {k:<{width}}  {v}" for k, v in rows]
    out += ["", f"  {'':<14}{'whoosh':>10}{'FTS5':>10}{'target':>12}{'':>4}"]

    def line(name, ours, theirs, target):
        ok = "ok" if ours <= target else "MISS"
        theirs_s = f"{theirs:10.2f}" if theirs is not None else f"{'n/a':>10}"
        return f"  {name:<14}{ours:10.2f}{theirs_s}{'<= ' + format(target, 'g'):>12}  {ok}"

    out.append(line("median ms", fig["median_ms"], fts.get("median_ms"), TARGET_MEDIAN_MS))
    out.append(line("p95 ms", fig["p95_ms"], fts.get("p95_ms"), TARGET_P95_MS))
    out.append(f"  {'mean ms':<14}{fig['mean_ms']:10.2f}{fts.get('mean_ms', float('nan')):10.2f}")
    out.append(f"  {'max ms':<14}{fig['max_ms']:10.2f}")
    out.append(f"  {'first pass':<14}{fig['cold_median_ms']:10.2f}  median, {fig['cold_p95_ms']:.2f} p95 "
               "(before any term table or page is cached)")
    ratio = fig["ratio_to_fts5"]
    if ratio is not None:
        out.append(f"  {'ratio':<14}{ratio:10.2f}x{'':>9}{'<= ' + format(TARGET_RATIO, 'g') + 'x':>12}  "
                   f"{'ok' if ratio <= TARGET_RATIO else 'MISS'}")
    else:
        out.append(f"  FTS5 unavailable: {fts.get('error')}")
    out += ["", "  slowest queries (median ms):"]
    out += [f"    {ms:6.2f}  {q}" for q, ms in fig["slowest_queries_ms"].items()]
    batch = fig.get("batch_subprocess")
    if batch:
        out += ["", f"  batch command, warm start (one process, one index open, {batch['queries']} queries, including "
                    f"start-up): {batch['wall_s'] * 1000:.0f} ms, exit {batch['exit']}, {batch['lines']} JSON lines"]
    out += ["", "  verdict: " + ("meets the targets" if fig["meets_targets"] else "MISSES a target")]
    return "\n".join(out)


def main() -> int:
    print(format_table(run()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
