"""What every export says about itself: app version, content edition, the region's source and the date.

Shared by the static site and the PDF builder (brochure_app.ui.printing.pdf_export), so both print the same lines.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

from brochure_app import __version__
from brochure_app.catalogue.catalogue import Catalogue
from brochure_app.catalogue.paths import bundled_root
from brochure_app.domain.models import Region

GENERATOR = "brochure-app"


class ExportError(Exception):
    """An export that cannot be made, said plainly for a person (the command exits 1 with this message)."""


def content_edition(catalogue: Catalogue | None = None) -> str:
    """The content edition (content/EDITION) of the catalogue's content root (of the bundled content for a catalogue
    that has none); "unknown" when it has no usable one, never another content's. Read as
    carefully as the command line reads it (safe_files.first_line): only a short plain-text regular file inside its
    content root, so that a link there cannot put another file's first line into every exported page."""
    from brochure_app.safe_files import first_line

    root = Path(catalogue.root if catalogue is not None and catalogue.root else bundled_root()).resolve()
    return first_line(root / "content" / "EDITION", root, max_chars=40) or "unknown"


def long_date(day: _dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class BuildInfo:
    """App version, content edition and the day the export was made."""

    content_edition: str = "unknown"
    app_version: str = __version__
    made_on: _dt.date = field(default_factory=_dt.date.today)

    @classmethod
    def for_catalogue(cls, catalogue: Catalogue, made_on: _dt.date | None = None) -> BuildInfo:
        return cls(content_edition=content_edition(catalogue), made_on=made_on or _dt.date.today())

    @property
    def versions(self) -> str:
        return f"{GENERATOR} {self.app_version} · content edition {self.content_edition}"

    @property
    def date_text(self) -> str:
        return long_date(self.made_on)

    def source_line(self, region: Region) -> str:
        text = f"Source: {region.source.title} — source edition {region.edition}"
        if region.historical:
            text += " (historical guide: services have changed since)"
        return text
