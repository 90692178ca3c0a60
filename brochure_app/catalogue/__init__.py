"""Loading and validating content: content/ + regions/ → Catalogue."""

from brochure_app.catalogue.catalogue import Catalogue
from brochure_app.catalogue.paths import bundled_root

__all__ = ["Catalogue", "bundled_root", "load"]


def load(root=None) -> Catalogue:
    from brochure_app.catalogue.loader import load as _load

    return _load(root if root is not None else bundled_root())
