"""The "Updated" tags: an item added or changed in the active edition (editions.history.updated_ids) is tagged
"Updated" in the lists of pages (the home page's offer at a glance, the section pages), in the decision aid's
results and in search results until
the person opens its page. What was opened is remembered per edition in the person's data (userdata.opened).

Rendered pages stay as render.html made them (and as its cache keeps them): the tag is added to the HTML as the
window shows it, by PagesFeature's decorators.
"""

from __future__ import annotations

import re
from functools import lru_cache

TAG_HTML = ' <span class="tag tag-updated">&nbsp;Updated&nbsp;</span>'


@lru_cache(maxsize=8)
def _links_to(ids: frozenset[str]) -> re.Pattern:
    """A pattern for the links to these items (made once per set: the decision aid tags its results at each change)."""
    alternatives = "|".join(map(re.escape, sorted(ids)))
    return re.compile(rf"""(<a [^>]*href=["']item:(?:{alternatives})["'][^>]*>.*?</a>)""", re.S)


def is_list_page(key: str) -> bool:
    return key == "home" or key.startswith("section:")


class UpdatedTags:
    """The tags of the window's content edition. Nothing is tagged when the window shows an editor's folder
    (--content-root) or the bundled edition (there is no edition before it).

    Which items changed is worked out once, off the UI thread (two editions' catalogues are read: about a second
    when they are not cached), after the first paint; the tags appear when it is known (on_ready)."""

    def __init__(self, window, applies, on_ready):
        self.window = window
        self._applies = applies       # () -> bool: the window shows the active edition
        self._on_ready = on_ready     # () -> None: the changes are known, the lists shown can be tagged
        self._changed: dict[str, frozenset[str]] | None = None
        self._job = None
        self._generation = 0          # forget() while a job runs: its answer is for content no longer shown

    @property
    def known(self) -> bool:
        return self._changed is not None

    def forget(self) -> None:
        """The content changed (reloaded, or another edition installed): the changes are worked out again."""
        self._changed = None
        self._generation += 1
        self.start()

    def start(self) -> None:
        """Works out which items changed, unless it is known or being worked out."""
        if self._changed is not None or self._job is not None:
            return
        if not self._applies():
            self._changed = {}
            return
        from brochure_app.editions.history import all_updated_ids
        from brochure_app.ui.common.jobs import Job

        generation = self._generation
        job = self._job = Job(lambda _report: all_updated_ids(), "editions", self.window)
        job.done.connect(lambda changed: self._known(changed, generation))
        job.failed.connect(lambda _message: self._known({}, generation))     # no tags rather than a wrong one
        job.ended.connect(self._ended)
        job.start()

    def _known(self, changed: dict, generation: int) -> None:
        if generation == self._generation:
            self._changed = changed
            self._on_ready()

    def _ended(self) -> None:
        self._job.deleteLater()
        self._job = None
        self.start()                  # forgotten while it ran: again, for the content shown now

    def changed(self, region: str) -> frozenset[str]:
        """The region's items added or changed in the active edition (none until that is known)."""
        if self._changed is None or not region:
            return frozenset()
        return self._changed.get(region, frozenset())

    def unopened(self, region: str) -> frozenset[str]:
        """The items still to carry the tag: changed, and not opened in this edition."""
        changed = self.changed(region)
        if not changed:
            return changed
        return changed - self.window.stores.opened_pages.opened(self.window.edition, region)

    def decorate(self, key: str, html: str) -> str:
        """A list page's HTML with the tag after each link to an item still to be opened."""
        return self.tag_links(html) if is_list_page(key) else html

    def tag_links(self, html: str) -> str:
        """The HTML (a list of items: a page's, the decision aid's) with the tag after each link to an item of the
        region being read that is still to be opened."""
        ids = self.unopened(self.window.state.region)
        if not ids:
            return html
        return _links_to(ids).sub(lambda m: m.group(1) + TAG_HTML, html)

    def tagged(self, item_id: str, regions) -> bool:
        """Whether a search hit (an item in these regions) carries the tag: in the region being read when the hit
        is in it, else in the hit's first region."""
        regions = list(regions)
        region = self.window.state.region if self.window.state.region in regions else (regions or [""])[0]
        return bool(region) and item_id in self.unopened(region)

    def opened(self, key: str) -> bool:
        """The page on top is key: an item still to be opened is remembered as opened. True when that changed
        which items are tagged."""
        region = self.window.state.region
        if not key.startswith("item:") or key[5:] not in self.unopened(region):
            return False
        try:
            self.window.stores.opened_pages.mark(self.window.edition, region, key[5:])
        except (OSError, ValueError):
            return False            # not saved (a read-only folder): the tag stays, nothing else is lost
        return True
