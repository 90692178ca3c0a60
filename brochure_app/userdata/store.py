"""The shared shape of every file the person saves: one JSON object with a version, read leniently, written atomically,
and changed only as read-merge-write under a lock.

Reading never fails: a missing file is empty, a damaged one is set aside (atomic.read_json) and entries that do not
have the expected shape are left out of what the app shows, each with a warning the app can show. They are not lost:
entries and fields the app does not understand (a newer version's, say) are written back unchanged.

Two processes may hold the same file: a window and the command line, two windows that both got in, two machines on
one network home. So a change is never "write what I have in memory": it takes the file's lock (`NAME.lock`
beside it), reads the file as it is now, applies the one change to that, writes it atomically and lets go. Neither
process drops the other's entries.

A file that cannot be read at all (no permission, an I/O error on a network folder) is left untouched: the store is
read-only (`read_only` says why) until a later change finds it readable again. Writing raises OSError when the
folder cannot be written; the change then holds in memory and is written with the next change that can be.

Only plain ids and strings are kept here (region ids, item ids, page keys): this layer imports nothing else from the
package but the atomic writer, so which ids exist is decided by the app when it shows them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from brochure_app.userdata.atomic import data_dir, locked, read_json, set_aside, write_json

FORMAT_VERSION = 1
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
KEY_PATTERN = re.compile(r"^(home|(section|item):[a-z0-9][a-z0-9-]{0,99})$")
MAX_ENTRIES = 500


class ReadOnlyError(PermissionError):
    """A change refused because the file could not be read: writing would replace what is in it."""

    read_only = True


def is_id(value: Any) -> bool:
    """A region or item id as the content writes them: lowercase letters, digits and hyphens."""
    return isinstance(value, str) and bool(ID_PATTERN.match(value))


def is_page_key(value: Any) -> bool:
    """'home', 'section:KIND' or 'item:ID'."""
    return isinstance(value, str) and bool(KEY_PATTERN.match(value))


class JsonStore:
    """Base: a file name under data_dir(), loaded on construction; subclasses parse what they understand of the
    file (_parse), and merge their entries back into the file's object, keeping what they do not (_merge)."""

    FILE = "store.json"

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path is not None else data_dir() / self.FILE
        self.warnings: list[str] = []
        self.read_only: str | None = None     # why changes are refused, while the file cannot be read
        self._raw: dict = {}                  # the file's object as last read: what _merge keeps
        self._pending: list[Callable[[], Any]] = []   # changes not yet written (the folder could not be written)
        self._load(warn=True)

    def _load(self, warn: bool) -> None:
        """Reads the file into memory. Raises nothing: unreadable means read-only, damaged means set aside. warn:
        False when reading again, where entries left out were reported the first time."""
        try:
            raw, warning = read_json(self.path, {})
        except OSError as exc:
            self.read_only = (f"{self.path.name} could not be read ({exc.strerror or exc}); it is left as it is "
                              "and changes are not saved until it can be read.")
            if warn:
                self.warnings.append(self.read_only)
            self._raw = {}
            self._parse({})
            return
        self.read_only = None
        if warning:
            self.warnings.append(warning)     # set aside: news, however often the file is read
        if not isinstance(raw, dict):         # not this app's file at all: kept, beside it, rather than merged into
            aside = set_aside(self.path)
            kept = f" and has been set aside as {aside.name}" if aside is not None else ""
            self.warnings.append(f"{self.path.name} did not hold what was expected{kept}; starting empty.")
            raw = {}
        self._raw = raw
        if not warn:
            saved, self.warnings = self.warnings, []
            self._parse(raw)
            self.warnings = saved
        else:
            self._parse(raw)

    def reload(self) -> None:
        """Reads the file again (another process may have changed it); changes not yet written are kept."""
        self._load(warn=False)
        for change in self._pending:
            change()

    def _change(self, change: Callable[[], Any]) -> Any:
        """Applies one change as read-merge-write: under the file's lock, the file is read as it is now, the change
        (and any earlier one not yet written) is applied to it, and the result is written, only when it differs.
        Returns what change returned. ReadOnlyError when the file cannot be read; OSError when it cannot be written
        (the change then holds in memory, and is written with the next change that can be)."""
        entered = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with locked(self.path.with_name(self.path.name + ".lock")):
                entered = True
                return self._merge_and_write(change)
        except ReadOnlyError:
            raise
        except OSError as exc:
            if not entered:             # the folder cannot be written, or another program holds the lock
                return self._hold(change, exc)
            self._pending.append(change)        # read and merged, but not written: kept for the next change
            raise

    def _merge_and_write(self, change: Callable[[], Any]) -> Any:
        """Under the lock: the file as it is now, the pending changes and this one applied, written if it differs."""
        self._load(warn=False)
        if self.read_only:
            raise ReadOnlyError(self.read_only)
        before = self._merge(dict(self._raw))
        for pending in self._pending:
            pending()
        result = change()
        after = self._merge(dict(self._raw))
        if after != before:
            after["version"] = FORMAT_VERSION
            write_json(self.path, after)
        self._raw = after
        self._pending.clear()
        return result

    def _hold(self, change: Callable[[], Any], exc: OSError) -> Any:
        """The change when its file's lock cannot be had: kept in memory, to be written with the next change."""
        if self.read_only:
            raise ReadOnlyError(self.read_only)
        change()
        self._pending.append(change)
        raise exc

    def _region_lists(self, raw: dict, valid, what: str) -> dict[str, list[str]]:
        """raw["regions"] as {region id: [unique valid entries]}; anything else is dropped with a warning."""
        out: dict[str, list[str]] = {}
        regions = raw.get("regions", {})
        if not isinstance(regions, dict):
            self._dropped(what, 1)
            return out
        bad = 0
        for region, entries in regions.items():
            if not is_id(region) or not isinstance(entries, list):
                bad += 1
                continue
            kept: list[str] = []
            for entry in entries:
                if valid(entry) and entry not in kept and len(kept) < MAX_ENTRIES:
                    kept.append(entry)
                else:
                    bad += 1
            if kept:
                out[region] = kept
        self._dropped(what, bad)
        return out

    @staticmethod
    def _merge_region_lists(raw: dict, ours: dict[str, list[str]], valid) -> dict:
        """raw["regions"] with our {region: [entries]} in place of the entries we understand: regions and entries we
        do not understand (not ids, not lists, not valid entries) are kept as they were, after ours."""
        regions = raw.get("regions")
        regions = regions if isinstance(regions, dict) else {}
        out: dict = {}
        for region, entries in regions.items():
            if not is_id(region) or not isinstance(entries, list):
                out[region] = entries          # not ours to judge
            else:
                unknown = [e for e in entries if not valid(e)]
                if ours.get(region) or unknown:
                    out[region] = list(ours.get(region, ())) + unknown
        for region, entries in ours.items():
            if region not in out and entries:
                out[region] = list(entries)
        return out

    # subclasses -------------------------------------------------------------------------------------------------
    def _parse(self, raw: dict) -> None:
        raise NotImplementedError

    def _merge(self, raw: dict) -> dict:
        """raw (the file's object, a copy) with this store's entries put in, everything else kept."""
        raise NotImplementedError

    def _dropped(self, what: str, count: int) -> None:
        if count:
            verb = "was" if count == 1 else "were"
            self.warnings.append(f"{self.path.name}: {count} {what} could not be read and {verb} left out.")
