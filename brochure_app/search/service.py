"""SearchService: the one object the CLI and the GUI talk to. Qt-free; returns plain dataclasses.

Open it once (it loads or builds the index and keeps one searcher) and call ``search`` on every keystroke.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from brochure_app.search import analysis, snippet
from brochure_app.search.index import HOME, OpenedIndex, open_in_memory, open_index
from brochure_app.search.model import SearchHit, SearchResults
from brochure_app.search.query import Planner, Synonyms, Vocabulary
from brochure_app.search.ranking import Ranker

log = logging.getLogger(__name__)

DEFAULT_LIMIT = 10
AGE_TERM = analysis.stem("age")
AGE_HIGHLIGHT = 0.5
PAGES_KEPT = 2000  # pages whose term places are kept for snippets (a few hundred shipped)


@dataclass(frozen=True, slots=True)
class _Doc:
    id: str
    regions: tuple[str, ...]
    kind: str
    title: str
    historical: bool

    @property
    def page(self) -> str | tuple[str, ...]:
        """What makes one hit: an item is one page across regions; each region has a home page of its own."""
        return self.regions if self.id == HOME else self.id


class SearchService:
    """Full-text search over every region's pages.

    ``cache_root`` overrides where the index is kept (default: the user cache); ``in_memory=True`` never touches
    the disk. ``origin`` tells where the index came from: "cache", "built" (and saved) or "memory".
    ``progress(done, total)`` is told how a build goes (see index.build); nothing is told when the cache serves.
    ``build_apart=True`` builds a missing index in a child process (see builder.py), as the desktop app does.
    """

    def __init__(self, catalogue, cache_root: Path | str | None = None, *, in_memory: bool = False,
                 lock_wait: float = 5.0, progress=None, build_apart: bool = False):
        self.catalogue = catalogue
        self._cache_root = Path(cache_root) if cache_root is not None else None
        self._lock_wait = lock_wait
        self._synonyms = Synonyms(catalogue.synonyms)
        self._lock = threading.Lock()
        self._searcher = None
        if build_apart and not in_memory:
            from brochure_app.search import builder, index

            root = self._cache_root or index.cache_root()
            if not index.is_cached(catalogue, root):
                builder.build_apart(catalogue, root, progress)
        self._attach(open_in_memory(catalogue, progress) if in_memory else
                     open_index(catalogue, self._cache_root, lock_wait=lock_wait, progress=progress))

    # Lifecycle
    def _attach(self, opened: OpenedIndex) -> None:
        self.close()
        self.origin, self.folder, self.notes = opened.origin, opened.folder, list(opened.notes)
        self._searcher = opened.index.searcher()
        reader = self._searcher.reader()
        docs: list[_Doc | None] = [None] * reader.doc_count_all()
        region_docs: dict[str, set[int]] = {}
        offering: dict[str, list[str]] = {}
        for docnum, stored in reader.iter_docs():
            doc = _Doc(stored["id"], tuple(stored["regions"].split()), stored["kind"], stored["shown_title"],
                       bool(stored.get("historical")))
            docs[docnum] = doc
            regions = offering.setdefault(doc.id, []) if doc.id != HOME else []
            for region in doc.regions:
                region_docs.setdefault(region, set()).add(docnum)
                if region not in regions:
                    regions.append(region)
        self._docs = docs
        self._region_docs = region_docs
        # A page is one document listing every region that presents it, so a region's documents are a range of
        # numbers only when it shares none of its pages; such a region is searched by skipping to its range.
        self._region_spans = {r: (min(d), max(d) + 1) for r, d in region_docs.items() if max(d) - min(d) + 1 == len(d)}
        order = {r: i for i, r in enumerate(self.catalogue.regions)}
        self._offering = {k: tuple(sorted(v, key=lambda r: order.get(r, len(order)))) for k, v in offering.items()}
        self._planner = Planner(reader, self._synonyms, Vocabulary(opened.vocabulary.items()))
        self._ranker = Ranker(self._searcher)
        self._analyzer = reader.schema["body"].analyzer
        self._pages: dict[int, tuple[str, snippet.Places]] = {}

    def close(self) -> None:
        if self._searcher is not None:
            try:
                self._searcher.close()
            except Exception:  # noqa: BLE001 - closing must never fail
                pass
            self._searcher = None

    def __enter__(self) -> SearchService:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # Searching
    def search(self, text: str, region: str | None = None, limit: int = DEFAULT_LIMIT) -> SearchResults:
        """The best hits for text, best first; scoped to one region, or across all (one hit per item)."""
        limit = max(1, int(limit))
        with self._lock:
            try:
                return self._search(text, region, limit)
            except Exception:  # noqa: BLE001 - a search must answer; heal by rebuilding in memory once
                log.exception("search failed for %r; rebuilding the index in memory", str(text)[:80])
                self._attach(open_in_memory(self.catalogue))
                self.notes.append("rebuilt in memory after a failed search")
                return self._search(text, region, limit)

    def _search(self, text: str, region: str | None, limit: int) -> SearchResults:
        plan = self._planner.plan(text)
        shown_query = text if isinstance(text, str) else ("" if text is None else str(text))
        if plan.empty:
            return SearchResults(shown_query, region, (), plan.suggestion)
        if region is None:
            ranked = self._ranker.rank(plan, self._planner.fields_of)
        elif region in self._region_spans:
            ranked = self._ranker.rank(plan, self._planner.fields_of, span=self._region_spans[region])
        elif region in self._region_docs:
            ranked = self._ranker.rank(plan, self._planner.fields_of, docset=self._region_docs[region])
        else:
            ranked = []
        suggestion = plan.suggestion
        if plan.corrected and ranked and not self._ranker.rank(plan, self._planner.fields_of, every=True):
            suggestion = None  # no page has every corrected word: "date crime" for "hate crime" finds nothing better
        terms = plan.terms()
        if plan.ages:  # the passage that states the age ("Age: 18-24") answers a query for ages
            terms.setdefault(AGE_TERM, AGE_HIGHLIGHT)
        hits = []
        seen: set = set()
        for docnum, score in ranked:  # best first: an item's first document is its best (across regions)
            doc = self._docs[docnum]
            if doc.page in seen:
                continue
            seen.add(doc.page)
            shown, words = snippet.passage(*self._page(docnum), terms)
            regions = list(doc.regions) if doc.id == HOME else self._regions(doc, region)
            hits.append(SearchHit(doc.id, doc.title, doc.kind, regions, round(float(score), 4), shown,
                                  doc.historical, words))
            if len(hits) == limit:
                break
        return SearchResults(shown_query, region, tuple(hits), suggestion)

    def _page(self, docnum: int) -> tuple[str, snippet.Places]:
        """A page's text and where each term stands in it, kept after first use."""
        page = self._pages.get(docnum)
        if page is None:
            if len(self._pages) >= PAGES_KEPT:
                self._pages.clear()
            text = self._searcher.stored_fields(docnum).get("text", "")
            page = self._pages[docnum] = (text, snippet.places(text, self._analyzer))
        return page

    def _regions(self, doc: _Doc, region: str | None) -> list[str]:
        """The regions offering the item: the one searched first; across all regions, those presenting the page
        shown first (the 2017 DLNR version of Unpaid Work, found before the national page, is marked historical
        and lists DLNR first)."""
        offering = self._offering.get(doc.id, ())
        first = [region] if region is not None else [r for r in offering if r in doc.regions]
        return first + [r for r in offering if r not in first]
