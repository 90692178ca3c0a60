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
MUTED = "#505a5f"            # secondary text: 7.0:1 on white
BANNER_QSS = "#banner { background: #fff7bf; border-bottom: 2px solid #b58840; }"
# High contrast, the whole window and its dialogs: one palette (high_contrast_palette) and one style sheet, both set
# on the application when the theme is chosen (ui/access). White text on black (21:1), yellow for what can be pressed
# and what is chosen (19.6:1 on black; black on yellow for selections), grey for what is disabled (8.6:1: readable, and
# plainly unlike the white and yellow of what works), cyan for the focus (16.7:1).
HC_INK, HC_PAPER, HC_ACCENT, HC_DISABLED, HC_FOCUS, HC_VISITED = \
    "#ffffff", "#000000", "#ffff00", "#a6a6a6", "#00ffff", "#ffb3ff"
# The default theme's selection and links: GOV.UK blue, 5.2:1 under white text (Fusion's own blue gives 3.4:1).
SELECTION, LINK = "#1d70b8", "#1d70b8"

HIGH_CONTRAST_QSS = """
QWidget { background: #000000; color: #ffffff; }
QWidget:disabled { color: #a6a6a6; }
QToolTip { background: #000000; color: #ffffff; border: 1px solid #ffffff; }
QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit, QAbstractItemView {
    border: 2px solid #ffffff; selection-background-color: #ffff00; selection-color: #000000; }
QLineEdit:focus, QComboBox:focus, QAbstractSpinBox:focus, QPlainTextEdit:focus, QTextEdit:focus,
QAbstractItemView:focus { border: 2px solid #00ffff; }
QComboBox { padding: 2px 6px; }
QComboBox QAbstractItemView { border: 2px solid #ffffff; }
QAbstractItemView::item:selected { background: #ffff00; color: #000000; }
QAbstractItemView::item:hover { border: 1px solid #ffff00; }
QAbstractItemView QLabel { background: transparent; }
QAbstractItemView QLabel[selected="true"] { color: #000000; }
QHeaderView::section { background: #000000; color: #ffffff; border: 1px solid #ffffff; padding: 3px; }
QPushButton, QToolButton { border: 2px solid #ffff00; padding: 4px 8px; }
QPushButton:hover, QToolButton:hover { background: #262626; }
QPushButton:pressed, QToolButton:pressed, QToolButton:checked { background: #ffff00; color: #000000; }
QPushButton:disabled, QToolButton:disabled { border: 2px dashed #a6a6a6; color: #a6a6a6; }
QPushButton:focus, QToolButton:focus { border: 2px solid #00ffff; }
QToolButton::menu-indicator { image: none; }
QToolButton#qt_toolbar_ext_button { qproperty-icon: url("{right}"); padding: 0px; }
QCheckBox, QRadioButton { spacing: 6px; padding: 2px; }
QCheckBox::indicator, QRadioButton::indicator { width: 14px; height: 14px; border: 2px solid #ffffff;
    background: #000000; }
QRadioButton::indicator { border-radius: 9px; }
QCheckBox::indicator:checked { background: #ffff00; border-color: #ffff00; image: url("{check}"); }
QRadioButton::indicator:checked { border-color: #ffff00; image: url("{radio}"); }
QCheckBox::indicator:disabled, QRadioButton::indicator:disabled { border: 2px dashed #a6a6a6; }
QCheckBox:focus, QRadioButton:focus { border: 2px solid #00ffff; }
QGroupBox { border: 1px solid #ffffff; margin-top: 1.4em; padding-top: 4px; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; }
QMenuBar::item:selected, QMenu::item:selected { background: #ffff00; color: #000000; }
QMenu { border: 2px solid #ffffff; }
QMenu::item:disabled { color: #a6a6a6; }
QMenu::separator { height: 1px; background: #ffffff; margin: 4px 8px; }
QTabBar::tab { padding: 6px 12px; border: 1px solid #ffffff; }
QTabBar::tab:selected { background: #ffff00; color: #000000; }
QTabBar::close-button { image: url("{close}"); }
QTabBar QToolButton { border: 2px solid #ffffff; padding: 0px; }
QTabBar QToolButton::left-arrow { image: url("{left}"); }
QTabBar QToolButton::right-arrow { image: url("{right}"); }
QTabBar::close-button:hover { background: #333333; }
QDockWidget { titlebar-close-icon: url("{close}"); titlebar-normal-icon: url("{float}"); }
QDockWidget::title { background: #000000; border: 1px solid #ffffff; padding: 4px; }
QDockWidget::close-button, QDockWidget::float-button { border: 1px solid #ffffff; }
QScrollBar { background: #000000; border: 1px solid #ffffff; }
QScrollBar:vertical { width: 16px; }
QScrollBar:horizontal { height: 16px; }
QScrollBar::handle { background: #ffffff; min-width: 24px; min-height: 24px; margin: 2px; }
QScrollBar::add-line, QScrollBar::sub-line { width: 0px; height: 0px; border: none; }
QScrollBar::add-page, QScrollBar::sub-page { background: none; }
QSplitter::handle { background: #ffffff; }
QProgressBar { border: 2px solid #ffffff; }
QProgressBar::chunk { background: #ffff00; }
QStatusBar, QToolBar { border-top: 1px solid #ffffff; }
#banner, #banner QLabel { background: #ffff00; color: #000000; }
#banner { border-bottom: 2px solid #ffffff; }
#banner QPushButton { background: #000000; color: #ffffff; }
"""


def mute(widget) -> None:
    """Secondary text (an introduction, a tool's status line): grey in the default theme, by the widget's palette,
    which the high-contrast style sheet overrides with its white."""
    from PySide6.QtGui import QColor, QPalette

    pal = widget.palette()
    pal.setColor(QPalette.ColorRole.WindowText, QColor(MUTED))
    widget.setPalette(pal)


# The default theme's style sheet, on the whole app after the first paint (ui/access; the high-contrast sheet takes
# its place): check boxes and radio buttons with a dark outline, 19:1 (Fusion's light grey one is 1.7:1 on white),
# and the tabs' close and scroll buttons dark, 19:1 (Fusion's grey cross is 1.5:1, its scroll arrows 2.96:1).
DEFAULT_QSS = """
QCheckBox::indicator, QRadioButton::indicator { width: 14px; height: 14px; border: 2px solid #0b0c0c;
    background: #ffffff; }
QRadioButton::indicator { border-radius: 9px; }
QCheckBox::indicator:checked { background: #0b0c0c; image: url("{check-white}"); }
QRadioButton::indicator:checked { image: url("{radio-dark}"); }
QCheckBox::indicator:disabled, QRadioButton::indicator:disabled { border: 2px dashed #6f777b; }
QTabBar::close-button { image: url("{close-dark}"); }
QTabBar::close-button:hover { background: #dddddd; }
QTabBar QToolButton::left-arrow { image: url("{left-dark}"); }
QTabBar QToolButton::right-arrow { image: url("{right-dark}"); }
QTabBar QToolButton::left-arrow:disabled { image: url("{left-grey}"); }
QTabBar QToolButton::right-arrow:disabled { image: url("{right-grey}"); }
"""


def indicator_size_qss(percent: int) -> str:
    """The check boxes' and radio buttons' indicators (14 px in both themes' sheets) at a zoom level, so that they
    grow with the text beside them (ui/pages/text_zoom)."""
    side = round(14 * percent / 100)
    return (f"QCheckBox::indicator, QRadioButton::indicator {{ width: {side}px; height: {side}px; }}\n"
            f"QRadioButton::indicator {{ border-radius: {side // 2 + 2}px; }}")


def _with_pictures(sheet: str) -> str:
    """A style sheet with its pictures' names ({check}, …) made paths to the resources' SVG files."""
    styles = resources_dir() / "styles"
    for name, file in (("check", "hc-check"), ("radio", "hc-radio"), ("close", "hc-close"), ("float", "hc-float"),
                       ("left", "hc-left"), ("right", "hc-right"), ("check-white", "check-white"),
                       ("radio-dark", "radio-dark"), ("close-dark", "close-dark"), ("left-dark", "left-dark"),
                       ("right-dark", "right-dark"), ("left-grey", "left-grey"), ("right-grey", "right-grey")):
        sheet = sheet.replace("{" + name + "}", (styles / f"{file}.svg").as_posix())
    return sheet


def high_contrast_qss() -> str:
    return _with_pictures(HIGH_CONTRAST_QSS)


def default_qss() -> str:
    return _with_pictures(DEFAULT_QSS)


def palette_for(high_contrast: bool, base):
    """The application's palette: base (the style's own) with the default theme's selection and link colours, or
    the high-contrast palette. The style sheet's colours are these; rich text (links, a list's selection) reads them."""
    from PySide6.QtGui import QColor, QPalette

    pal = QPalette(base)
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    groups = (group.Active, group.Inactive, group.Disabled)
    if not high_contrast:
        for g in groups:
            pal.setColor(g, role.Highlight, QColor(SELECTION))
            pal.setColor(g, role.HighlightedText, QColor("#ffffff"))
            pal.setColor(g, role.Link, QColor(LINK))
        return pal
    colours = {role.Window: HC_PAPER, role.WindowText: HC_INK, role.Base: HC_PAPER, role.AlternateBase: "#1a1a1a",
               role.Text: HC_INK, role.Button: HC_PAPER, role.ButtonText: HC_INK, role.BrightText: HC_ACCENT,
               role.Highlight: HC_ACCENT, role.HighlightedText: HC_PAPER, role.Link: HC_ACCENT,
               role.LinkVisited: HC_VISITED, role.ToolTipBase: HC_PAPER, role.ToolTipText: HC_INK,
               role.PlaceholderText: "#c8c8c8", role.Light: HC_INK, role.Midlight: HC_INK, role.Mid: HC_DISABLED,
               role.Dark: HC_INK, role.Shadow: HC_INK}
    for g in groups:
        for r, colour in colours.items():
            pal.setColor(g, r, QColor(colour))
    for r in (role.WindowText, role.Text, role.ButtonText):
        pal.setColor(group.Disabled, r, QColor(HC_DISABLED))
    return pal


HIGH_CONTRAST_CSS = """
body { background-color: #000000; color: #ffffff; }
a { color: #ffff00; }
.tag-kind, .tag-need, .tag-historical { background-color: #ffffff; color: #000000; }
.banner { background-color: #ffff00; color: #000000; }
.facts th { background-color: #333333; color: #ffffff; }
.note, .sources, .regions, .quote, .summary, .crumbs, .edition-line { color: #ffffff; }
"""


@lru_cache(maxsize=1)
def page_css() -> str:
    try:
        return (resources_dir() / "styles" / "page.css").read_text(encoding="utf-8")
    except OSError:
        return ""


def css_for(high_contrast: bool) -> str:
    return page_css() + (HIGH_CONTRAST_CSS if high_contrast else "")
