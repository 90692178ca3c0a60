"""Which content the app reads: the active installed edition, or the bundled content.

Editions installed from signed packs (brochure_app.editions) are whole content roots, each a folder under
editions_dir() named EDITION-XXXXXXXX (the edition line and eight hex digits). The file ACTIVE beside them says
which is in use: its first line is the active folder, or `bundled`; the lines after it are the editions that were
active before, newest first, which `content rollback` goes back to. ACTIVE is only ever replaced whole
(os.replace), so a reader sees the old list or the new one, and a folder is named there only once it is complete.

This runs at every start, so it is cheap on purpose: one read of at most MAX_POINTER_BYTES, two stats, and the
bundled edition's one-line EDITION file. Nothing is hashed: the pack's signature and digests were verified when it
was installed. An installed edition older than the bundled content (the app was upgraded since) is passed over: the
bundled edition is the floor.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from brochure_app.catalogue.edition import content_edition, edition_key
from brochure_app.catalogue.paths import bundled_root

POINTER = "ACTIVE"
BUNDLED = "bundled"
RECORD = "INSTALLED.json"          # written into an edition's folder before it is named: who signed it, when
FOLDER_PATTERN = re.compile(r"^(\d{4}\.\d{1,2}\.\d{1,3})-([0-9a-f]{8})$")
MAX_POINTER_BYTES = 4096


@dataclass(frozen=True)
class InstalledEdition:
    """An installed edition's folder: its name, the edition line the name carries, and its content root."""

    folder: str
    edition: str
    root: Path


def editions_dir() -> Path:
    """The installed editions' folder, in the user data folder beside the person's shortlist and notes."""
    from brochure_app.userdata.atomic import data_dir

    return data_dir() / "editions"


def read_pointer(base: Path | None = None) -> list[str]:
    """The names in ACTIVE, the active one first; [] when there is no such file or it cannot be trusted (not a
    regular file, too long, not text). Names that are neither `bundled` nor an edition folder's are dropped."""
    path = Path(base or editions_dir()) / POINTER
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return []
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return []
        raw = os.read(fd, MAX_POINTER_BYTES + 1)
    except OSError:
        return []
    finally:
        os.close(fd)
    if len(raw) > MAX_POINTER_BYTES:
        return []
    try:
        lines = raw.decode("ascii").split()
    except UnicodeDecodeError:
        return []
    names = [name for name in lines if name == BUNDLED or FOLDER_PATTERN.match(name)]
    return names if names and names[0] == lines[0] else []


def installed(folder: str, base: Path | None = None) -> InstalledEdition | None:
    """The installed edition in that folder when it is there and whole (its record and content folders exist),
    else None."""
    match = FOLDER_PATTERN.match(folder)
    if not match:
        return None
    root = Path(base or editions_dir()) / folder
    if not (os.path.isfile(root / RECORD) and os.path.isdir(root / "content") and os.path.isdir(root / "regions")):
        return None
    return InstalledEdition(folder, match.group(1), root)


def active_installed(base: Path | None = None) -> InstalledEdition | None:
    """The active installed edition, or None when the bundled content is the one to read: nothing installed, the
    pointer names `bundled`, the folder it names is gone or incomplete, or it is older than the bundled content."""
    names = read_pointer(base)
    if not names or names[0] == BUNDLED:
        return None
    found = installed(names[0], base)
    if found is None:
        return None
    floor = edition_key(content_edition(bundled_root()))
    if floor is not None and (edition_key(found.edition) or (0, 0, 0)) < floor:
        return None
    return found


def default_root() -> Path:
    """The content root every command, window and cache uses when no --content-root is given: the active installed
    edition when there is a sound one, else the bundled content. The one place that choice is made."""
    found = active_installed()
    return found.root if found is not None else bundled_root()
