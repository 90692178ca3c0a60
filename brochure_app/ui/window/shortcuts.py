"""The keyboard shortcuts of every command, for the README (and Help), made from the commands themselves.

    python -m brochure_app.ui.window.shortcuts      rewrites the README's table between its markers
tests/ui/window/test_actions.py says when the README's table is out of date."""

from __future__ import annotations

import sys
from pathlib import Path

START, END = "<!-- shortcuts: made by python -m brochure_app.ui.window.shortcuts -->", "<!-- end of shortcuts -->"


def readme_section() -> str:
    from brochure_app.ui.common.actions import shortcut_table
    from brochure_app.ui.window.main_window import MainWindow

    return "\n".join((START, shortcut_table(MainWindow.all_commands(), MainWindow.more_keys()), END))


def rewrite(readme: Path) -> bool:
    """Replaces the README's section between the markers; True when it changed."""
    text = readme.read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    new = head + readme_section() + tail
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[3] / "README.md"
    print(f"{path}: {'rewritten' if rewrite(path) else 'already current'}")
