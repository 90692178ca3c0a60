"""Layers import in one direction; only brochure_app.ui imports Qt; nothing opens a network connection."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "brochure_app"
# layer -> layers it may import
ALLOWED = {
    "domain": {"domain"},
    "catalogue": {"domain", "catalogue", "userdata"},   # userdata.atomic: the one atomic file writer
    "render": {"domain", "catalogue", "render", "userdata"},
    "search": {"domain", "catalogue", "render", "search"},
    "advisor": {"domain", "catalogue", "advisor"},
    "export": {"domain", "catalogue", "render", "advisor", "export", "userdata"},   # userdata.atomic: the writer
    "userdata": {"userdata"},
}


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_qt_only_in_ui():
    offenders = []
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(PKG)
        if rel.parts[0] == "ui":
            continue
        offenders += [f"{rel}: {m}" for m in _imports(path) if m.split(".")[0] in ("PySide6", "shiboken6")]
    assert offenders == []


def test_layers_import_downwards_only():
    offenders = []
    for layer, allowed in ALLOWED.items():
        for path in (PKG / layer).rglob("*.py"):
            for mod in _imports(path):
                parts = mod.split(".")
                shared = {"__init__", "safe_files"}       # safe_files: the one bounded reader, a leaf
                if parts[0] == "brochure_app" and len(parts) > 1 and parts[1] not in allowed | shared:
                    if parts[1] != "__version__":
                        offenders.append(f"{path.relative_to(PKG)} imports {mod}")
    assert offenders == []


def test_safe_files_is_a_leaf():
    """brochure_app.safe_files (bounded reading) is used by every layer and by bare child processes: it imports the
    standard library only."""
    import sys

    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    assert [m for m in _imports(PKG / "safe_files.py") if m.split(".")[0] not in stdlib] == []


def test_no_network_modules():
    banned = {"socket", "requests", "urllib.request", "http.client", "PySide6.QtNetwork"}
    offenders = [f"{p.relative_to(PKG)}: {m}" for p in PKG.rglob("*.py") for m in _imports(p) if m in banned
                 and not (p.relative_to(PKG).as_posix() == LOCAL_SOCKETS and m == "PySide6.QtNetwork")]
    assert offenders == []


LOCAL_SOCKETS = "ui/single_instance.py"


def test_qtnetwork_is_used_for_local_sockets_only():
    """The one module that imports QtNetwork (a second launch hands over to the running window) takes only its
    local sockets (a Unix socket or named pipe, for this user): no TCP, UDP or network access class."""
    tree = ast.parse((PKG / LOCAL_SOCKETS).read_text(encoding="utf-8"))
    names = {a.name for node in ast.walk(tree)
             if isinstance(node, ast.ImportFrom) and node.module == "PySide6.QtNetwork" for a in node.names}
    assert names == {"QLocalServer", "QLocalSocket"}
