"""Scoring: whoosh's BM25F (scoring.bm25) over whoosh's postings, combined the way the query plan says.

Why not whoosh's query and matcher tree (tried: Or over the fields, DisjunctionMax over a concept's alternatives,
And over the concepts, BM25F): at 100x the shipped content its p95 was 95-100 ms a keystroke (budget 50 ms), and
its DisjunctionMax scores a page with another page's score (test_search_design.py). Reading each term's postings
once into a {document: score} table, kept, and combining the tables with dict operations meets the budget
(benchmarks/RESULTS.md).

Scoring, per document:

* a term in a field scores BM25F (k1 = 1.2, b = 0.75, whoosh's idf) on the field's own length; the title and
  aliases fields carry their boosts in the indexed weights (see index.py), phrases are single terms;
* an alternative scores the sum over the title, aliases and body fields, times its weight from the plan;
* a concept scores its best alternative (naming a thing five ways is not five times as relevant), plus a bonus
  when the page is tagged with a need area the concept names;
* the query scores the sum over its concepts, on the pages that match every concept; when no page matches them
  all, on the pages that match any;
* an age range asked for adds AGE_WEIGHT times how well a page's age criterion fits it (query.age_overlap); a
  query of ages alone finds the pages with a fitting age criterion;
* a historical page (the 2017 DLNR guide, the old leaflets) scores HISTORICAL_FACTOR of its relevance: at equal
  relevance current content comes first ("DV" across all regions put the 2017 DLNR Women's Services first).
"""

from __future__ import annotations

from whoosh.scoring import bm25

from brochure_app.search.analysis import phrase_term
from brochure_app.search.index import SEARCHED_FIELDS
from brochure_app.search.query import Plan, age_overlap

K1 = 1.2
B = 0.75
NEED_WEIGHT = 6.0  # bonus for a page tagged with the need area a concept names (times the concept's weight)
NEED_FIELD = "need_areas"
AGE_WEIGHT = 8.0  # an age criterion that is the asked range exactly weighs about as much as a title word
HISTORICAL_FACTOR = 0.75
CACHE_ENTRIES = 400_000  # (document, score) entries kept over all cached term tables, oldest tables dropped first

Span = tuple[int, int]  # a region's documents: numbers lo <= d < hi (the index adds each region's pages together)


class Ranker:
    def __init__(self, searcher):
        self.searcher = searcher
        self.reader = reader = searcher.reader()
        self.doc_count = n = reader.doc_count_all()
        self._lengths = {}
        self._average = {}
        for fieldname in SEARCHED_FIELDS:
            lengths = [reader.doc_field_length(d, fieldname, 0) or 0 for d in range(n)]
            self._lengths[fieldname] = lengths
            self._average[fieldname] = (sum(lengths) / n) if n and sum(lengths) else 1.0
        self._tables: dict[tuple, dict[int, float]] = {}
        self._entries = 0
        self._ages: dict[int, list[tuple[int | None, int | None]]] = {}
        self._historical: set[int] = set()
        for doc, stored in reader.iter_docs():
            if stored.get("historical"):
                self._historical.add(doc)
            ages = [lo_hi.split("-") for lo_hi in (stored.get("ages") or "").split()]
            if ages:
                self._ages[doc] = [(int(lo) if lo else None, int(hi) if hi else None) for lo, hi in ages]

    def term_scores(self, fieldname: str, term: str, span: Span | None = None) -> dict[int, float]:
        """{document: BM25 score} of one term in one field (empty when the field lacks the term); with a span,
        only that region's documents (the postings are skipped to it, not read through)."""
        key = (fieldname, term, span)
        table = self._tables.get(key)
        if table is not None:
            return table
        table = {}
        if (fieldname, term) in self.reader:
            postings = self.reader.postings(fieldname, term)
            lo, hi = span if span is not None else (0, self.doc_count)
            if lo and postings.is_active() and postings.id() < lo:
                postings.skip_to(lo)
            if fieldname == NEED_FIELD:
                while postings.is_active() and postings.id() < hi:
                    table[postings.id()] = 1.0
                    postings.next()
            else:
                idf = self.searcher.idf(fieldname, term)
                lengths, average = self._lengths[fieldname], self._average[fieldname]
                while postings.is_active():
                    doc = postings.id()
                    if doc >= hi:
                        break
                    table[doc] = bm25(idf, postings.weight(), lengths[doc], average, B, K1)
                    postings.next()
        self._remember(key, table)
        return table

    def _remember(self, key: tuple, table: dict[int, float]) -> None:
        self._tables[key] = table
        self._entries += len(table) + 1
        while self._entries > CACHE_ENTRIES and len(self._tables) > 1:
            oldest = next(iter(self._tables))
            self._entries -= len(self._tables.pop(oldest)) + 1

    def concept_scores(self, concept, fields_of, span: Span | None = None) -> dict[int, float]:
        best: dict[int, float] = {}
        for stems, weight in concept.alternatives.items():
            term = stems[0] if len(stems) == 1 else phrase_term(stems)
            found = [self.term_scores(f, term, span) for f in fields_of(term)]
            if not found:
                continue
            if len(found) == 1:
                summed = found[0]
            else:
                summed = dict(found[0])
                for table in found[1:]:
                    for doc, score in table.items():
                        summed[doc] = summed.get(doc, 0.0) + score
            for doc, score in summed.items():
                score *= weight
                if score > best.get(doc, 0.0):
                    best[doc] = score
        for need, weight in concept.needs.items():
            bonus = NEED_WEIGHT * weight
            for doc in self.term_scores(NEED_FIELD, need, span):
                best[doc] = best.get(doc, 0.0) + bonus
        return best

    def age_scores(self, ranges, span: Span | None = None) -> dict[int, float]:
        """{document: AGE_WEIGHT x its best fit to any of the ranges} over the documents with an age criterion
        (kept like the term tables: at 100x the shipped content a table takes some milliseconds to make)."""
        key = ("ages", tuple(ranges), span)
        out = self._tables.get(key)
        if out is not None:
            return out
        lo, hi = span if span is not None else (0, self.doc_count)
        out = {}
        for doc, criteria in self._ages.items():
            if lo <= doc < hi:
                fit = max(age_overlap(r, c) for r in ranges for c in criteria)
                if fit > 0.0:
                    out[doc] = AGE_WEIGHT * fit
        self._remember(key, out)
        return out

    def rank(self, plan: Plan, fields_of, span: Span | None = None, docset: set[int] | None = None,
             every: bool = False) -> list[tuple[int, float]]:
        """(document, score) of every matching document, best first (ties in document order); only documents in
        span (a region's range) and in docset, when given; with every, only those that match every concept."""
        tables = [self.concept_scores(c, fields_of, span) for c in plan.concepts]
        ages = self.age_scores(plan.ages, span) if plan.ages else {}
        if not tables:
            tables = [ages] if ages else []
            ages = {}
        if not tables:
            return []
        tables.sort(key=len)
        total = {d: s for d, s in tables[0].items() if docset is None or d in docset}
        for table in tables[1:]:
            total = {d: s + table[d] for d, s in total.items() if d in table}
        if not total and len(tables) > 1 and not every:  # nothing has every concept: anything with any of them
            total = {}
            for table in tables:
                for doc, score in table.items():
                    if docset is None or doc in docset:
                        total[doc] = total.get(doc, 0.0) + score
        historical = self._historical
        for doc in total:
            score = total[doc] + ages.get(doc, 0.0)
            total[doc] = score * HISTORICAL_FACTOR if doc in historical else score
        return sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))
