"""Content editions in the window: the active edition, who signed it and how old it is in the status bar; File ›
Install content update… (the same checks as `brochure-app content install`); a "What's new in this edition" tab.

A feature of its own: the main window makes it, adds its actions to the menus and its label to the status bar, and
asks it for the What's new page. The work is done by brochure_app.editions (Qt-free).
"""

from __future__ import annotations

import datetime as _dt

from brochure_app.ui.common import markup
from brochure_app.ui.common.actions import Command
from brochure_app.ui.common.feature import Feature
from brochure_app.ui.common.status_line import StatusLine

STALE_TEXT = ("Content edition {edition} ({month}) is more than 12 months old: ask the probation court team whether "
              "a newer edition is available.")


class EditionsFeature(Feature):
    COMMANDS = (
        Command("editions.install", "Install content update…", "install_dialog",
                tip="Install a signed content pack: a newer edition of the brochure's content"),
        Command("editions.whats_new", "What's new in this edition", "show_whats_new",
                tip="The pages added, changed and removed in this region since the last edition"),
    )

    def __init__(self, window):
        super().__init__(window)
        self.status_label = StatusLine()     # an edition line, a folder name
        self.status_label.setAccessibleName("Content edition")
        from brochure_app.ui.editions.updated import UpdatedTags

        self.updated = UpdatedTags(window, self.reads_active_edition, self._retag)
        self._last_results = None        # the search results shown, tagged again when an item is opened
        self._watch = None               # gui --watch: reload.ContentWatch

    def wire(self) -> None:
        from brochure_app.render.html import WHATS_NEW

        self.window.pages.special_pages[WHATS_NEW] = self.whats_new_page
        self.window.pages.decorators.append(self.updated.decorate)
        self.window.search.tagged = self.updated.tagged
        self.window.search.results_shown.connect(self._remember_results)
        self.state.page_changed.connect(self._page_opened)

    # --- "Updated" tags --------------------------------------------------------------------------------------
    def _remember_results(self, results) -> None:
        self._last_results = results

    def _page_opened(self, key: str) -> None:
        """An item tagged "Updated" has been opened: its tag goes from the lists and search results shown."""
        if self.updated.opened(key):
            self._retag()

    def _retag(self) -> None:
        """The lists of pages, the search results and the decision aid's results shown, tagged again."""
        from brochure_app.ui.editions.updated import is_list_page

        self.window.pages.rerender(is_list_page)
        if self._last_results is not None:
            self.window.search.show_results(self._last_results)
        if self.window.advisor.built:
            self.window.advisor.wizard.redraw()

    def after_first_paint(self) -> None:
        self.refresh()
        advisor = self.window.advisor
        if advisor.built:
            advisor.wizard.decorate = self.updated.tag_links
        self.updated.start()          # the tags come when it is known which items changed (_retag)

    # --- the active edition ----------------------------------------------------------------------------------
    def reads_active_edition(self) -> bool:
        """Whether the window shows the active edition (not an editor's folder given with --content-root)."""
        from brochure_app.catalogue.active import default_root

        try:
            return default_root().resolve() == self.window.catalogue_root().resolve()
        except OSError:
            return False

    def describe(self, today: _dt.date | None = None) -> str:
        """One plain line for the status bar: the edition, who signed it, its date; or that it is old."""
        from brochure_app.editions.store import active_info, edition_age, list_editions

        info = active_info()
        if not self.reads_active_edition():
            shown = self.window.catalogue_root().resolve()
            if any(kept.root.resolve() == shown for kept in list_editions()):
                return (f"Showing content edition {self.window.edition}; edition {info.edition} is now installed: "
                        "close and reopen the app to read it")
            return f"Content from {shown} (given with --content-root), edition {self.window.edition}"
        age = edition_age(today, info)
        month = age.date.strftime("%B %Y") if age.date else "date not known"
        if age.stale:
            return STALE_TEXT.format(edition=info.edition, month=month)
        signed = "bundled with the app" if info.source == "bundled" else f"signed by {info.signer_name}"
        return f"Content edition {info.edition} ({month}), {signed}"

    def refresh(self) -> None:
        self.status_label.setText(self.describe())

    def about_line(self) -> str:
        """The edition for the About box: its line, who signed it (key fingerprint) and when it was published."""
        from brochure_app.editions.store import active_info

        if not self.reads_active_edition():
            return self.describe()
        info = active_info()
        published = f", published {info.published}" if info.published else ""
        return f"{info.edition}, {info.signed_by}{published}"

    # --- a content editor's preview (gui --watch) ---------------------------------------------------------------
    def watch(self, root=None):
        """Reloads the content from root (the window's) whenever one of its files changes, and shows what check finds
        in that file in the banner (see reload.ContentWatch)."""
        from brochure_app.ui.editions.reload import ContentWatch

        if self._watch is None:
            self._watch = ContentWatch(self.window, root or self.window.catalogue_root())
            self.status("Watching the content folder: a saved file is shown again as it now reads.")
        return self._watch

    def close(self) -> None:
        if self._watch is not None:
            self._watch.stop()

    # --- installing ------------------------------------------------------------------------------------------
    def install_dialog(self, path: str | None = None) -> bool:
        """Asks for a pack (unless given), installs it with every check, and says what happened, plainly."""
        from PySide6.QtWidgets import QApplication, QFileDialog

        from brochure_app.editions.pack import PackError
        from brochure_app.editions.store import EditionError, install
        from brochure_app.ui.common.lazy_qt import Qt

        if path is None:
            path, _filter = QFileDialog.getOpenFileName(self.window, "Install content update", "",
                                                        "Content packs (*.pack *.zip);;All files (*)")
            if not path:
                return False
        was_active = self.reads_active_edition()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            info = install(path)
        except (PackError, EditionError, OSError) as exc:
            QApplication.restoreOverrideCursor()
            markup.warn(self.window, "Content update not installed",
                        f"The content update was not installed, and nothing was changed.\n\n{exc}")
            return False
        QApplication.restoreOverrideCursor()
        self.refresh()
        installed = f"Content edition {info.edition}, {info.signed_by}, is now the active edition."
        rollback = "`brochure-app content rollback` goes back to the previous edition."
        if not was_active:       # the window shows an editor's folder (--content-root): it stays on it
            markup.inform(self.window, "Content update installed",
                          f"{installed}\n\nThis window shows the content given with --content-root; start the app "
                          f"without it to read the new edition. {rollback}")
        elif markup.ask(self.window, "Content update installed",
                        f"{installed}\n\nRead it now? The pages open are shown again from the new edition, with "
                        "what changed in it. (No: it is read the next time the app starts.)\n\n" + rollback):
            self.reload_active()
        return True

    def reload_active(self) -> None:
        """The window reads the active edition from now on, without a restart, and shows what changed in it."""
        from PySide6.QtWidgets import QApplication

        from brochure_app.catalogue.active import default_root
        from brochure_app.catalogue.edition import content_edition
        from brochure_app.catalogue.store import load_catalogue
        from brochure_app.ui.common.lazy_qt import Qt
        from brochure_app.ui.editions.reload import reload_content

        root = default_root()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            catalogue = load_catalogue(root)
        finally:
            QApplication.restoreOverrideCursor()
        reload_content(self.window, catalogue, content_edition(root))
        self.status(f"Now reading content edition {self.window.edition}.")
        self.show_whats_new()

    # --- what's new ------------------------------------------------------------------------------------------
    def whats_new_page(self):
        """The What's new page of the window's region (render.html.Page); KeyError when there is nothing to compare
        the active edition with (the bundled edition is active)."""
        from brochure_app.editions.history import region_changes
        from brochure_app.editions.store import EditionError
        from brochure_app.render.html import whats_new_page

        window = self.window
        try:
            if self.reads_active_edition():
                changes = region_changes(self.state.region)
            else:
                changes = region_changes(self.state.region, root=window.catalogue_root(),
                                         root_edition=window.edition)
        except EditionError as exc:
            raise KeyError(str(exc)) from None
        return whats_new_page(window.catalogue.regions[self.state.region], changes)

    def show_whats_new(self) -> bool:
        from brochure_app.render.html import WHATS_NEW

        if not self.window.pages.open(WHATS_NEW, new_tab=True):
            self.status("Nothing to compare: the edition bundled with the app is the only one installed.")
            return False
        return True
