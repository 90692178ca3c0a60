"""Text shown where Qt reads markup (tooltips, rich-text labels), escaped so that a title or a message is shown as the
text it is. Not html.escape: its module loads the whole HTML5 entity table, a few milliseconds of the start-up, to
escape three characters."""

from __future__ import annotations

_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def as_text(text: str) -> str:
    return text.translate(_TEXT)
