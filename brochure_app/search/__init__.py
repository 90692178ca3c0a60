"""Full-text search over the brochure, behind a small Qt-free API that returns plain dataclasses.

    from brochure_app.search import SearchService
    service = SearchService(catalogue)          # loads (or builds) the index once
    results = service.search("DV", region="london")
    for hit in results.hits: hit.id, hit.title, hit.snippet

Importing this package is cheap: whoosh is imported only when a SearchService is first used, so the GUI can
import it on its start-up path and open the service after the first window is painted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from brochure_app.search.model import SearchHit, SearchResults

if TYPE_CHECKING:
    from brochure_app.search.service import SearchService

__all__ = ["SearchHit", "SearchResults", "SearchService"]


def __getattr__(name: str):
    if name == "SearchService":
        from brochure_app.search.service import SearchService

        return SearchService
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
