"""The content's edition line (content/EDITION), read with care: it is shown in the window, on every export and in
PDF metadata; and what it means (a year, a month and a release number), so editions can be put in order."""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

# YYYY.MM.N: the year and month the edition was published, and its release number within that month (1, 2, ...).
# Editions are ordered by the three numbers, so a correction published in the same month (2027.01.2) is newer
# than 2027.01.1 and older than anything of February.
EDITION_PATTERN = re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,3})$")


def content_edition(root: Path | None = None) -> str:
    """The content's edition line: the first line of content/EDITION when it is a short plain-text regular file
    inside the content root (never a link out, a pipe or a device, which could hang the start or read a file that is
    not content; see safe_files.first_line, which the exports use too)."""
    from brochure_app.catalogue.paths import bundled_root
    from brochure_app.safe_files import first_line

    base = Path(root or bundled_root()).resolve()
    return first_line(base / "content" / "EDITION", base) or "unknown"


def edition_key(edition: str) -> tuple[int, int, int] | None:
    """(year, month, release) of an edition line in the YYYY.MM.N form, for ordering; None for anything else."""
    match = EDITION_PATTERN.match(edition.strip())
    if not match:
        return None
    year, month, release = (int(part) for part in match.groups())
    if not 1 <= month <= 12 or year < 2000:
        return None
    return year, month, release


def edition_date(edition: str) -> _dt.date | None:
    """The first day of the month an edition was published, or None when the line is not in the YYYY.MM.N form."""
    key = edition_key(edition)
    return _dt.date(key[0], key[1], 1) if key else None
