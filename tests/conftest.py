"""Shared fixtures: every test gets its own user cache/config/data folders, and helpers to build content."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    base = tmp_path_factory.mktemp("userdirs")
    for name in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        path = base / name.lower()
        path.mkdir()
        monkeypatch.setenv(name, str(path))
    monkeypatch.setenv("HOME", str(base))
    monkeypatch.setenv("BROCHURE_APP_SLOW_EXIT", "1")   # in-process `gui --screenshot` must return, not end pytest
    yield base


def seeds_dir() -> Path | None:
    """The source documents (shared/seeds beside the checkout, or $BROCHURE_APP_SEEDS); None when not on this
    machine. They are the project's inputs, not part of it, so they are not in the repository."""
    for candidate in (os.environ.get("BROCHURE_APP_SEEDS"), REPO.parent / "shared" / "seeds"):
        if candidate and (Path(candidate) / "README.md").is_file():
            return Path(candidate)
    return None


@pytest.fixture(scope="session")
def seeds() -> Path:
    found = seeds_dir()
    if found is None:
        pytest.skip("the source documents (shared/seeds) are not beside this checkout; set BROCHURE_APP_SEEDS")
    return found


@pytest.fixture(scope="session")
def catalogue():
    """The bundled content, loaded once for the session."""
    from brochure_app.catalogue import load

    return load(REPO)


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A writable copy of the bundled content/ and regions/, for tests that break things."""
    root = tmp_path / "root"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "regions", root / "regions")
    return root
