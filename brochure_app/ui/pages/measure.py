"""How much text a page view holds a line, in characters of its body text: what the docks give way for (see
window/screen_fit.py) and when a page's side-by-side tables stack (see reflow.py)."""

from __future__ import annotations

from PySide6.QtGui import QFontMetricsF

# Text to measure the width of a typical character of the page's font (English prose, spaces included).
SAMPLE = "Magistrates read the brochure of interventions at the bench, often on small court laptops."


def char_width(view) -> float:
    """The width of a typical character of the view's body text."""
    return QFontMetricsF(view.document().defaultFont()).horizontalAdvance(SAMPLE) / len(SAMPLE)


def chars_width(view, chars: int) -> float:
    """The width a page view needs to show chars characters a line of its body text (margins and scroll bar in)."""
    return (chars * char_width(view) + 2 * view.document().documentMargin()
            + view.verticalScrollBar().sizeHint().width() + 2 * view.frameWidth())


def page_chars(view, width: int | None = None) -> float:
    """How many characters of body text a line of the view holds at its current width (or at width, the view's)."""
    width = view.width() if width is None else width
    room = (width - 2 * view.frameWidth() - view.verticalScrollBar().sizeHint().width()
            - 2 * view.document().documentMargin())
    return room / char_width(view)
