"""Relevance: the queries of benchmarks/relevance.yaml scored as success@1, success@3 and MRR, for the app's search
and for plain SQLite FTS5 BM25 over the same pages (the floor to beat).

    python -m benchmarks.relevance            prints the table and every query either engine misses at 1
    from benchmarks.relevance import run       run() -> dict of figures (used by `python -m benchmarks`)

FTS5 gets every page the index holds (items as presented, and the regions' home pages: index.pages), the same
field weights (title 3, aliases 2, body 1), `porter unicode61`, and the query's words joined by OR (a page needs
one of them, as plain BM25 ranks): no synonyms, no typo correction, no ages. Across all regions a page listed by
several regions is one row, as it is one hit in the app.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

SET = Path(__file__).with_name("relevance.yaml")
DEPTH = 10  # hits looked at for the MRR


@dataclass(frozen=True)
class Case:
    query: str
    region: str | None
    answers: frozenset[str]  # item ids, and "home:REGION" for a region's home page
    fast: bool = False


def cases(path: Path = SET) -> list[Case]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Case(str(e["q"]), e.get("region"), frozenset(map(str, e["answers"])), bool(e.get("fast")))
            for e in data["queries"]]


def page_key(page_id: str, regions) -> str:
    """How the set names a page: an item by its id, a home page as home:REGION."""
    return f"home:{regions[0]}" if page_id == "home" else page_id


def rank_of(case: Case, keys: list[str]) -> int | None:
    """The 1-based rank of the first answer among keys, or None."""
    for n, key in enumerate(keys[:DEPTH], 1):
        if key in case.answers:
            return n
    return None


def scores(ranks: list[int | None]) -> dict:
    n = len(ranks) or 1
    return {"success_at_1": sum(r == 1 for r in ranks) / n,
            "success_at_3": sum(r is not None and r <= 3 for r in ranks) / n,
            "mrr": sum(1.0 / r for r in ranks if r) / n}


def fts5_search(catalogue):
    """search(query, region) -> page keys, best first, from plain FTS5 BM25 over the index's pages."""
    import sqlite3  # here: the glibc 2.28 build's Python has no SQLite, and the fast relevance tests need none

    from brochure_app.search.index import pages

    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, aliases, body, key UNINDEXED, regions UNINDEXED, "
               "tokenize = 'porter unicode61')")
    db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?)",
                   [(p.title, "\n".join(p.aliases), p.text, page_key(p.id, p.regions), f" {' '.join(p.regions)} ")
                    for p in pages(catalogue)])
    sql = ("SELECT key FROM docs WHERE docs MATCH ? {} ORDER BY bm25(docs, 3.0, 2.0, 1.0) LIMIT ?")

    def search(query: str, region: str | None) -> list[str]:
        words = re.findall(r"\w+", query)
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in words)
        if region is None:
            rows = db.execute(sql.format(""), (match, DEPTH)).fetchall()
        else:
            rows = db.execute(sql.format("AND regions LIKE ?"), (match, f"% {region} %", DEPTH)).fetchall()
        return [r[0] for r in rows]

    return search


def app_search(service):
    def search(query: str, region: str | None) -> list[str]:
        return [page_key(h.id, h.regions) for h in service.search(query, region, DEPTH).hits]

    return search


def run(catalogue=None, service=None) -> dict:
    """Both engines over the whole set: their scores, and each query's rank of its first answer."""
    from brochure_app.catalogue.store import load_catalogue
    from brochure_app.search import SearchService

    catalogue = catalogue if catalogue is not None else load_catalogue(None)
    own = service if service is not None else SearchService(catalogue, in_memory=True)
    engines = {"app": app_search(own), "fts5": fts5_search(catalogue)}
    listed = cases()
    out: dict = {"queries": len(listed), "per_query": []}
    ranks: dict[str, list] = {name: [] for name in engines}
    for case in listed:
        row = {"q": case.query, "region": case.region}
        for name, search in engines.items():
            row[name] = rank_of(case, search(case.query, case.region))
            ranks[name].append(row[name])
        out["per_query"].append(row)
    for name in engines:
        out[name] = scores(ranks[name])
    if service is None:
        own.close()
    return out


def table(r: dict) -> str:
    lines = [f"relevance: {r['queries']} queries (benchmarks/relevance.yaml)",
             f"{'engine':<28} {'success@1':>9} {'success@3':>9} {'MRR':>6}"]
    for name, label in (("app", "app (whoosh, synonyms, ages)"), ("fts5", "SQLite FTS5 BM25 (floor)")):
        s = r[name]
        lines.append(f"{label:<28} {s['success_at_1']:>9.2f} {s['success_at_3']:>9.2f} {s['mrr']:>6.2f}")
    return "\n".join(lines)


def main() -> int:
    r = run()
    print(table(r))
    missed = [q for q in r["per_query"] if q["app"] != 1]
    if missed:
        print("\nnot first in the app (rank of the first answer; FTS5's beside it):")
        for q in missed:
            print(f"  {q['q']!r:<36} {q['region'] or 'all regions':<20} app {q['app']}  fts5 {q['fts5']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
