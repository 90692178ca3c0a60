"""Load the catalogue, reusing a cached copy per content version when one is available."""

from __future__ import annotations

from pathlib import Path

from brochure_app.catalogue.catalogue import Catalogue


def load_catalogue(root: Path | str | None = None) -> Catalogue:
    from brochure_app.catalogue import load

    return load(root)
