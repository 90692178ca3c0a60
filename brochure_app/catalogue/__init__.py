"""Loading and validating content: content/ + regions/ → Catalogue.

The package imports nothing heavy by itself: the start-up path reads its caches through `store` and `snapshot`
without building the domain's data classes, so `Catalogue` is imported on first use.
"""

from brochure_app.catalogue.paths import bundled_root

__all__ = ["Catalogue", "bundled_root", "load"]


def __getattr__(name: str):
    if name == "Catalogue":
        from brochure_app.catalogue.catalogue import Catalogue

        return Catalogue
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load(root=None):
    from brochure_app.catalogue.active import default_root
    from brochure_app.catalogue.loader import load as _load

    return _load(root if root is not None else default_root())
