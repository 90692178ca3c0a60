"""Where the bundled content lives: beside the package in a checkout, or inside a frozen bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def bundled_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    return bundled_root() / "resources"
