"""The installed editions in the user data folder: install a verified pack, roll back, list, and say which edition
is in use and how old it is.

An install never touches the edition in use until the very end. It verifies the pack (signature, every digest),
unpacks it into a fresh hidden folder beside the installed editions, runs the content check on that folder, writes
the edition's record, syncs it all to disk, gives the folder its final name (a rename), and only then replaces the
ACTIVE file (brochure_app.catalogue.active), whole, with os.replace. A crash or a kill at any moment before that
leaves ACTIVE as it was, so the old edition stays active; a leftover folder is removed by the next install. The
previous editions stay on disk (up to KEEP_PREVIOUS of them) for `content rollback`.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from brochure_app.catalogue.active import (
    BUNDLED,
    FOLDER_PATTERN,
    POINTER,
    RECORD,
    active_installed,
    editions_dir,
    installed,
    read_pointer,
)
from brochure_app.catalogue.edition import content_edition, edition_date, edition_key
from brochure_app.catalogue.paths import bundled_root
from brochure_app.editions.keys import trusted_keys
from brochure_app.editions.pack import PackError, PackReader

KEEP_PREVIOUS = 3
STAGING_PREFIX = ".incoming-"
STALE_AFTER_MONTHS = 12


class EditionError(Exception):
    """An edition operation that cannot be done (nothing to roll back to, an install already running)."""


@dataclass(frozen=True)
class EditionInfo:
    """One edition the app can read: the bundled one, or one installed from a pack."""

    edition: str
    source: str                     # "bundled" or "installed"
    root: Path
    folder: str | None = None
    active: bool = False
    signer_name: str | None = None
    signer_fingerprint: str | None = None
    installed_at: str | None = None
    published: str | None = None    # the date the publisher made the pack

    @property
    def signed_by(self) -> str:
        if self.source == BUNDLED:
            return "bundled with the app"
        return f"{self.signer_name} (key {self.signer_fingerprint})"

    def as_json(self) -> dict:
        return {"edition": self.edition, "source": self.source, "active": self.active, "folder": self.folder,
                "root": str(self.root), "signed_by": None if self.source == BUNDLED else
                {"name": self.signer_name, "fingerprint": self.signer_fingerprint},
                "installed_at": self.installed_at, "published": self.published}


def bundled_info(active: bool = False) -> EditionInfo:
    return EditionInfo(content_edition(bundled_root()), BUNDLED, bundled_root(), active=active)


def installed_info(folder: str, base: Path | None = None, active: bool = False) -> EditionInfo | None:
    """An installed edition with its record (who signed it, when it was installed); None when it is not whole."""
    found = installed(folder, base)
    if found is None:
        return None
    try:
        with open(found.root / RECORD, "rb") as fh:
            record = json.loads(fh.read(16_000).decode("utf-8"))
        signer = record.get("signer", {})
    except (OSError, ValueError, AttributeError):
        record, signer = {}, {}
    return EditionInfo(found.edition, "installed", found.root, folder=folder, active=active,
                       signer_name=str(signer.get("name", "unknown")),
                       signer_fingerprint=str(signer.get("fingerprint", "unknown")),
                       installed_at=record.get("installed_at"), published=record.get("published"))


def active_info() -> EditionInfo:
    """The edition the app reads when no --content-root is given (catalogue.active.default_root)."""
    found = active_installed()
    if found is not None:
        info = installed_info(found.folder, found.root.parent, active=True)
        if info is not None:
            return info
    return bundled_info(active=True)


def list_editions() -> list[EditionInfo]:
    """The active edition first, then the earlier installed editions kept for rollback, newest first, then the
    bundled edition (unless it is the active one)."""
    active = active_info()
    out = [active]
    for folder in read_pointer():
        if folder != BUNDLED and folder != active.folder:
            info = installed_info(folder)
            if info is not None:
                out.append(info)
    if active.source != BUNDLED:
        out.append(bundled_info())
    return out


@dataclass(frozen=True)
class EditionAge:
    """How old the active edition is, for the window's status bar: its date, and whether it is more than
    STALE_AFTER_MONTHS months older than today (None when the edition line gives no date)."""

    edition: str
    date: _dt.date | None
    stale: bool


def edition_age(today: _dt.date | None = None, info: EditionInfo | None = None) -> EditionAge:
    """The active edition's date (the first of the month its line names) and whether it is past
    STALE_AFTER_MONTHS months old on `today`."""
    info = info or active_info()
    date = edition_date(info.edition)
    if date is None:
        return EditionAge(info.edition, None, False)
    today = today or _dt.date.today()
    months = (today.year - date.year) * 12 + (today.month - date.month)
    stale = months > STALE_AFTER_MONTHS or (months == STALE_AFTER_MONTHS and today.day > date.day)
    return EditionAge(info.edition, date, stale)


# Changing the active edition ---------------------------------------------------------------------------------

@contextlib.contextmanager
def _locked(base: Path):
    """One install or rollback at a time (an advisory lock on base/.lock, released when the process ends, even by
    a kill). Where there is no fcntl (Windows) two at once are not prevented; each still switches atomically."""
    base.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:
        yield
        return
    with open(base / ".lock", "a") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise EditionError("another install or rollback of content is running; try again when it ends") from None
        yield


def _write_pointer(base: Path, names: list[str]) -> None:
    from brochure_app.userdata.atomic import write_bytes

    write_bytes(base / POINTER, ("\n".join(names) + "\n").encode("ascii"))


def install(pack: Path, step=lambda name: None, today: _dt.date | None = None) -> EditionInfo:
    """Makes the pack's edition the active one (see the module's text). Raises PackError with the reason when the
    pack is refused, EditionError when it cannot be done now; in either case nothing has changed. step(name) is
    called at each stage (tests kill the process there)."""
    base = editions_dir()
    with _locked(base):
        step("start")
        with PackReader(pack) as reader:
            verified = reader.verify(trusted_keys())
            current = active_info()
            if (edition_key(verified.edition) or ()) <= (edition_key(current.edition) or ()):
                raise PackError("older", f"the pack's edition {verified.edition} is not newer than the active "
                                         f"edition {current.edition}; nothing was changed")
            _remove_leftovers(base, keep=set(read_pointer(base)))
            staging = base / f"{STAGING_PREFIX}{secrets.token_hex(4)}"
            staging.mkdir()
            try:
                step("unpack")
                reader.extract(verified, staging, step)
                step("check")
                from brochure_app.render.check import check_root

                problems = check_root(staging)[1]
                if problems:
                    shown = "\n".join(f"  {p}" for p in problems[:10])
                    more = f"\n  ... and {len(problems) - 10} more" if len(problems) > 10 else ""
                    raise PackError("check", f"the pack's content fails the content check ({len(problems)} "
                                             f"problem{'s' if len(problems) != 1 else ''}):\n{shown}{more}")
                record = {"edition": verified.edition, "published": verified.created,
                          "installed_at": (_dt.datetime.now().astimezone().replace(microsecond=0).isoformat()),
                          "pack": Path(pack).name, "manifest_sha256": verified.manifest_sha256,
                          "signer": {"name": verified.signer.key.name,
                                     "fingerprint": verified.signer.key.fingerprint}}
                from brochure_app.userdata.atomic import write_json

                write_json(staging / RECORD, record)
                _sync_folders(staging)
                step("name")
                folder = f"{verified.edition}-{secrets.token_hex(4)}"
                os.rename(staging, base / folder)
                _sync_folder(base)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
        step("switch")
        before = read_pointer(base)
        earlier = [n for n in before if n != BUNDLED and installed(n, base) is not None]
        names = [folder, *earlier][: KEEP_PREVIOUS + 1]
        _write_pointer(base, names)
        step("switched")
        _remove_leftovers(base, keep=set(names))
    info = installed_info(folder, base, active=True)
    assert info is not None
    return info


def rollback() -> EditionInfo:
    """Makes the edition that was active before the current one active again (the bundled one when no earlier
    installed edition is kept). EditionError when the bundled edition is already active."""
    base = editions_dir()
    with _locked(base):
        names = read_pointer(base)
        if not names or names[0] == BUNDLED or active_installed(base) is None:
            raise EditionError("the bundled edition is active: there is no earlier edition to roll back to")
        earlier = [n for n in names[1:] if n != BUNDLED and installed(n, base) is not None]
        _write_pointer(base, earlier or [BUNDLED])
    return active_info()


def _remove_leftovers(base: Path, keep: set[str]) -> None:
    """Removes what no pointer names: half-unpacked folders of installs that were stopped, and editions that fell
    out of the rollback list. Only names this module makes are touched."""
    try:
        entries = list(os.scandir(base))
    except OSError:
        return
    for entry in entries:
        if entry.name in keep or not entry.is_dir(follow_symlinks=False):
            continue
        if entry.name.startswith(STAGING_PREFIX) or FOLDER_PATTERN.match(entry.name):
            shutil.rmtree(entry.path, ignore_errors=True)


def _sync_folders(root: Path) -> None:
    """fsyncs every folder under root (the files were synced as they were written), so that the names are on disk
    before the folder is renamed into place."""
    for folder, _dirs, _files in os.walk(root, topdown=False):
        _sync_folder(Path(folder))


def _sync_folder(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
