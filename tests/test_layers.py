"""Layers import in one direction; only brochure_app.ui imports Qt; nothing opens a network connection; no circles."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "brochure_app"
def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_import_contracts_are_kept():
    """The layers, Qt only in the ui, no network modules and no import circles: the contracts in pyproject.toml,
    checked by import-linter (as `make lint` does)."""
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(lint), "--no-cache"], cwd=PKG.parent, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:]
    declared = (PKG.parent / "pyproject.toml").read_text(encoding="utf-8").count("[[tool.importlinter.contracts]]")
    assert declared >= 5 and f"Contracts: {declared} kept, 0 broken." in out.stdout


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


LOCAL_SOCKETS = "ui/window/single_instance.py"


def test_qtnetwork_is_used_for_local_sockets_only():
    """The one module that imports QtNetwork (a second launch hands over to the running window) takes only its
    local sockets (a Unix socket or named pipe, for this user): no TCP, UDP or network access class."""
    tree = ast.parse((PKG / LOCAL_SOCKETS).read_text(encoding="utf-8"))
    names = {a.name for node in ast.walk(tree)
             if isinstance(node, ast.ImportFrom) and node.module == "PySide6.QtNetwork" for a in node.names}
    assert names == {"QLocalServer", "QLocalSocket"}
