"""What a search returns: plain, immutable data with no engine types in it (the GUI and the CLI read these)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One page found: across all regions the same item is one hit listing every region that offers it (first the
    region searched, when one was). A region's home page has the id "home" and lists that region alone."""

    id: str
    title: str
    kind: str
    regions: tuple[str, ...]
    score: float
    snippet: str  # HTML-escaped text; only the matched words are wrapped in <b></b>
    historical: bool = False  # the page predates the 2021 unification (CONTRACT.md, "Content rules")
    # The page's own words that the search matched (stems, synonyms, corrections: "Anger", "Management" for "angre
    # managment"), as written on the page, for the window to highlight there.
    terms: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {"id": self.id, "title": self.title, "kind": self.kind, "regions": list(self.regions),
                "score": self.score, "snippet": self.snippet, "historical": self.historical}


@dataclass(frozen=True, slots=True)
class SearchResults:
    """The answer to one query, best hit first."""

    query: str
    region: str | None
    hits: tuple[SearchHit, ...] = ()
    suggestion: str | None = None  # a "did you mean" query from the index's own words, when the query finds little

    def to_json(self) -> dict:
        return {"query": self.query, "region": self.region, "results": [h.to_json() for h in self.hits],
                "suggestion": self.suggestion}
