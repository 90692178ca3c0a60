"""The whole validation of a content root, as `brochure-app check` reports it: every problem the loader finds, those
of the sentencing ladder (content/ladder.yaml), and the texts that render too slowly (render.slow). Publishing an
edition and installing one run exactly this, so a pack that would fail `check` is neither made nor installed."""

from __future__ import annotations

from pathlib import Path


def ladder_problems(cat) -> list[str]:
    """content/ladder.yaml (the sentencing ladder's bands), checked with the same rules the app applies."""
    path = Path(cat.root) / "content" / "ladder.yaml"
    if not path.exists():
        return []
    from brochure_app.catalogue.ladder import load_ladder

    return load_ladder(path, cat.source_titles())[1]


def content_problems(cat) -> list[str]:
    """Every problem of a loaded catalogue's content, one `FILE:LINE: field: message` line each."""
    from brochure_app.render.slow import slow_texts

    return [str(p) for p in cat.problems] + ladder_problems(cat) + [str(p) for p in slow_texts(cat)]


def check_root(root: Path) -> tuple[object, list[str]]:
    """(catalogue, problems) of the content under root, parsed afresh: no cache is read or written, so content that
    is only being considered (a pack being installed) leaves nothing behind."""
    from brochure_app.catalogue.loader import load

    cat = load(Path(root).resolve())
    return cat, content_problems(cat)
