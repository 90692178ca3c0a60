"""`Qt`, PySide6's namespace of Qt enums, made when first used rather than when a module is imported.

PySide builds the Python types of all of the namespace's enums (about a hundred) the first time `QtCore.Qt` is
touched, some 40 ms on this project's machine. The widgets on the start-up path import this stand-in instead, and set
the few enum-valued properties they need before the first paint by name (`setProperty("alignment", "AlignCenter")`,
which Qt resolves itself), so the namespace is built after the first paint, when something first needs it.
"""

from __future__ import annotations


class _LazyQt:
    __slots__ = ()

    def __getattr__(self, name: str):
        from PySide6.QtCore import Qt

        return getattr(Qt, name)


Qt = _LazyQt()
