"""Stylesheets: the calm default and a high-contrast theme (pages and the window chrome)."""

from __future__ import annotations

from functools import lru_cache

from brochure_app.catalogue.paths import resources_dir

# The window chrome's styles, each set on the widget it styles. A stylesheet set on the main window would run every
# widget in it through Qt's stylesheet engine, pages and panels included (about 10 ms of the first paint here); the
# high-contrast theme, which restyles everything, is set on the window when it is chosen.
TOOLBAR_QSS = "QToolBar { spacing: 6px; padding: 4px; }"
TABBAR_QSS = "QTabBar::tab { padding: 6px 12px; }"
STATUS_QSS = "QStatusBar { padding: 0 4px; }"       # no font size of its own: it grows with the zoom
MUTED_QSS = "QLabel { color: #505a5f; }"
BANNER_QSS = "#banner { background: #fff7bf; border-bottom: 2px solid #b58840; }"
BANNER_HIGH_CONTRAST_QSS = "#banner { background: #ffff00; color: #000000; border-bottom: 2px solid #b58840; }"

HIGH_CONTRAST_QSS = """
QWidget { background: #000000; color: #ffffff; }
QLineEdit, QComboBox, QSpinBox, QTextBrowser, QListWidget { background: #000000; color: #ffffff;
    border: 2px solid #ffff00; }
QTabBar::tab:selected { background: #ffff00; color: #000000; }
QPushButton, QToolButton { border: 2px solid #ffff00; padding: 4px; }
"""

HIGH_CONTRAST_CSS = """
body { background-color: #000000; color: #ffffff; }
a { color: #ffff00; }
.tag-kind, .tag-need, .tag-historical { background-color: #ffffff; color: #000000; }
.banner { background-color: #ffff00; color: #000000; }
.facts th { background-color: #333333; color: #ffffff; }
.note, .sources, .regions { color: #ffffff; }
"""


@lru_cache(maxsize=1)
def page_css() -> str:
    try:
        return (resources_dir() / "styles" / "page.css").read_text(encoding="utf-8")
    except OSError:
        return ""


def css_for(high_contrast: bool) -> str:
    return page_css() + (HIGH_CONTRAST_CSS if high_contrast else "")
