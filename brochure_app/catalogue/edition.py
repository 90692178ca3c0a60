"""The content's edition line (content/EDITION), read with care: it is shown in the window, on every export and in
PDF metadata."""

from __future__ import annotations

from pathlib import Path


def content_edition(root: Path | None = None) -> str:
    """The content's edition line: a short regular file inside the content root (never a link out, a pipe or a
    device, which could hang the start or read a file that is not content)."""
    from brochure_app.catalogue.paths import bundled_root

    base = Path(root or bundled_root()).resolve()
    try:
        real = (base / "content" / "EDITION").resolve(strict=True)
        if base not in real.parents or not real.is_file():
            return "unknown"
        with open(real, "rb") as fh:
            text = fh.read(200).decode("utf-8", errors="replace")
    except (OSError, RuntimeError):
        return "unknown"
    line = text.strip().splitlines()[0] if text.strip() else ""
    return "".join(ch for ch in line if ch.isprintable())[:80] or "unknown"
