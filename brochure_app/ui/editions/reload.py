"""New content in a window that is open: after File › Install content update… (the new active edition, without a
restart), and for `gui --watch` (an editor's folder, each time one of its files is saved).

reload_content puts the catalogue in place and has everything that shows content follow: the open pages are rendered
again (the one on top keeps its place), the "Updated" tags are worked out again, the search index is opened (or
built) for the new content, the decision aid answers again, the status bar names the edition.

ContentWatch watches the content folder (QFileSystemWatcher: content/ and regions/, every folder and file in them).
A save is often several changes (a temporary file written, then renamed over the old one), so it waits a moment
after the last (SETTLE_MS), then reads the content afresh, with `check`'s validation (render.check), off the UI thread,
and shows what check finds in the files that changed in the banner.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from brochure_app.ui.common.jobs import Job

SETTLE_MS = 250
LANE = "watch"
WATCHED = ("content", "regions")


def reload_content(window, catalogue, edition: str) -> None:
    """The window shows catalogue (of content edition `edition`) from now on; see the module's text."""
    window.replace_catalogue(catalogue, edition)
    editions = window.editions
    editions.updated.forget()
    if window.state.region not in catalogue.regions and catalogue.regions:
        window.set_region(next(iter(catalogue.regions)))
    window.pages.rerender()
    if window.search.worker is not None and window.started:
        window.search.worker.open(fresh=True)
    if window.advisor.built and window.state.profile is not None:
        window.state.set_profile(window.state.profile)
    editions.refresh()


def watched_paths(root: Path) -> list[str]:
    """The folders and files of root's content and regions, as QFileSystemWatcher takes them."""
    out: list[str] = []
    for name in WATCHED:
        top = root / name
        if not top.is_dir():
            continue
        for folder, dirs, files in os.walk(top):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            out.append(folder)
            out.extend(os.path.join(folder, f) for f in files if not f.startswith("."))
    return out


def findings_text(changed: list[str], problems: list[str]) -> str:
    """The banner's words: what check finds in the files that were saved (or that it finds nothing there)."""
    names = ", ".join(changed) if changed else "the content"
    mine = [p for p in problems if any(p.startswith(f"{rel}:") for rel in changed)]
    if not mine:
        others = (f" ({len(problems)} problem{'s' if len(problems) != 1 else ''} elsewhere in the content: run "
                  "'brochure-app check')") if problems else ""
        return f"Reloaded {names}: check finds no problems in it.{others}"
    shown = "; ".join(mine[:5]) + (f"; and {len(mine) - 5} more" if len(mine) > 5 else "")
    return (f"Reloaded {names}: check finds {len(mine)} problem{'s' if len(mine) != 1 else ''}: {shown}. A page "
            "that cannot be read now is shown as it last read.")


class ContentWatch(QObject):
    """Reloads the window's content when a file under root changes (see the module's text)."""

    reloaded = Signal(str)          # the banner's text, once the window shows the new content

    def __init__(self, window, root: Path):
        super().__init__(window)
        self.window = window
        self.root = Path(root).resolve()
        self.watcher = QFileSystemWatcher(self)
        self._changed: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self._reload)
        self.watcher.fileChanged.connect(self._file_changed)
        self.watcher.directoryChanged.connect(self._folder_changed)
        self._job = None
        self._watch()

    def _watch(self) -> None:
        """Watches every folder and file there is now (a file saved by renaming is a new file to the watcher)."""
        known = set(self.watcher.files()) | set(self.watcher.directories())
        new = [p for p in watched_paths(self.root) if p not in known]
        if new:
            self.watcher.addPaths(new)

    def _file_changed(self, path: str) -> None:
        self._changed.add(path)       # saved, or removed (a save by renaming removes the file watched first)
        self._timer.start()

    def _folder_changed(self, path: str) -> None:
        """A file added, removed or renamed in the folder: the newest file there is the one saved."""
        try:
            newest = max((e for e in os.scandir(path) if e.is_file() and not e.name.startswith(".")),
                         key=lambda e: e.stat().st_mtime_ns)
            self._changed.add(newest.path)
        except (OSError, ValueError):
            pass
        self._timer.start()

    def _reload(self) -> None:
        if self._job is not None:       # a reload is running: this one follows it
            self._timer.start()
            return
        changed = sorted({Path(p).resolve().relative_to(self.root).as_posix() for p in self._changed
                          if Path(p).resolve().is_relative_to(self.root)})
        self._changed.clear()
        root = self.root

        def task(_report):
            from brochure_app.render.check import check_root

            return check_root(root)

        job = self._job = Job(task, LANE, self)
        job.done.connect(lambda result: self._show(result, changed))
        job.failed.connect(lambda msg: self.window.banner.show_message(f"The content could not be reloaded: {msg}"))
        job.ended.connect(self._ended)
        job.start()

    def _ended(self) -> None:
        self._job.deleteLater()
        self._job = None
        self._watch()

    def _show(self, result, changed: list[str]) -> None:
        from brochure_app.catalogue.edition import content_edition

        catalogue, problems = result
        reload_content(self.window, catalogue, content_edition(self.root))
        text = findings_text(changed, problems)
        self.window.banner.show_message(text)
        self.reloaded.emit(text)

    def stop(self) -> None:
        self._timer.stop()
        self.watcher.removePaths(self.watcher.files() + self.watcher.directories())
        from brochure_app.ui.common.jobs import stop_lane

        stop_lane(LANE)
