"""The whole window's text at a zoom level: a font size for every widget (panels, lists, toolbar, status bar,
dialogs), set in the application's style sheet, in proportion to the font the app started with. The pages scale
their own stylesheet's sizes to match (see PagesFeature.page_css).

A style sheet rather than QApplication.setFont: a widget styled by a style sheet of its own (the toolbar, the status
bar, the tab bar) keeps the font it had, and a QTabWidget whose tab bar is one stops the font there (the pages kept
9 pt at "200 %"). At actual size nothing is set: no widget goes through the style sheet engine for it (start-up)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from brochure_app.ui.common import app_style, theme


def apply(percent: int) -> None:
    """Every widget's text at percent of the application's font (100: the part is taken out)."""
    app = QApplication.instance()
    if app is None:
        return
    css = ""
    if percent != 100:
        base = app.font()
        points = base.pointSizeF() if base.pointSizeF() > 0 else base.pixelSize() * 0.75
        css = f"QWidget {{ font-size: {points * percent / 100:.1f}pt; }}\n{theme.indicator_size_qss(percent)}"
    app_style.set_part("zoom", css)
