"""The sentencing ladder: what the sources say about low / medium / high seriousness, as bands on one scale.

The shared scale is the sources' own: low → medium → high seriousness, left to right. Each measure (Unpaid Work
hours, curfew length, RAR days and length of order by OGRS band, SAC hours) is a row; each band sits under its
level, shows the figure exactly as the source gives it, a small gauge of where the figure lies on the measure's
range, and the source it comes from. A band the source ties to no single level spans the levels, drawn dashed.
Drawn with QPainter so it can be looked at rather than read; the arrow keys move between bands, Enter (or a click)
opens the page behind it, and the focused band's source wording is reported for the status line.

It is drawn at the window's zoom (set_zoom: its type grows with the window's text; when the columns beside the
measures' names would be too narrow for a figure, the names go above their bands) and in the window's theme
(set_high_contrast: the theme's white on black, bands outlined in its yellow). The bench feature tells it both.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QScrollArea, QSizePolicy, QWidget

from brochure_app.catalogue.ladder import LEVELS, Band, Ladder, Measure
from brochure_app.ui.common import theme
from brochure_app.ui.common.markup import as_text

PAD, GAP, INNER = 16.0, 8.0, 8.0
# A column narrower than this many characters of a band's figure is too narrow to read: the measure's name and note
# then go above its bands instead of beside them (large text, a narrow window).
MIN_COLUMN_CHARS = 12


@dataclass(frozen=True)
class Colours:
    """What the ladder paints with in one theme (colour names QColor reads; #AARRGGBB for a see-through one)."""

    paper: str
    ink: str
    muted: str                                  # secondary text: the introduction, a measure's note
    headers: dict[str, tuple[str, str]]         # level → (fill, text) of its header
    bands: dict[str, tuple[str, str, str]]      # level → (fill, figure, caption) of its bands
    span: tuple[str, str, str]                  # the same for a band the source ties to no single level
    band_edge: str | None                       # a band's outline (None: its fill alone marks it)
    span_edge: str                              # a spanning band's dashed outline
    gauge: dict[str, tuple[str, str]]           # first level → (track, range) of a band's gauge
    gauge_edge: str | None                      # the gauge's outline (None: none)
    historical: tuple[str, str]                 # the "Historical" tag: (fill, text)
    historical_ink: str                         # a historical source's heading
    rule: str                                   # the line under a source's heading
    focus: str                                  # the ring round the chosen band
    focus_edge: str | None                      # a thin line round that ring (None: none)
    problem: str                                # "could not be loaded"


# The default theme: the ladder's own calm blues on white, as it has always looked.
DEFAULT_COLOURS = Colours(
    paper="#ffffff", ink="#0b0c0c", muted=theme.MUTED,
    headers={"low": ("#d2e2f1", "#0b0c0c"), "medium": ("#8fb8de", "#0b0c0c"), "high": ("#1d70b8", "#ffffff")},
    bands={"low": ("#d2e2f1", "#0b0c0c", "#2b3a45"), "medium": ("#8fb8de", "#0b0c0c", "#1b2a36"),
           "high": ("#1d70b8", "#ffffff", "#e8f1f8")},
    span=("#ffffff", "#0b0c0c", theme.MUTED), band_edge=None, span_edge="#1d70b8",
    gauge={"low": ("#ffffff", "#0b0c0c"), "medium": ("#96ffffff", "#0b0c0c"), "high": ("#5a0b0c0c", "#ffffff")},
    gauge_edge=None, historical=("#fcd6c3", "#6e3619"), historical_ink="#6e3619", rule="#b1b4b6",
    focus="#ffdd00", focus_edge="#0b0c0c", problem="#942514")

# High contrast: the theme's colours (those of its palette and style sheet, ui/common/theme). White text on black;
# the headers white with black text, as the pages' tags are; each band, which opens a page when pressed, outlined in
# the yellow of what can be pressed (dashed when it spans levels); the chosen band ringed in the focus's cyan.
HIGH_CONTRAST_COLOURS = Colours(
    paper=theme.HC_PAPER, ink=theme.HC_INK, muted=theme.HC_INK,
    headers={level: (theme.HC_INK, theme.HC_PAPER) for level, _label in LEVELS},
    bands={level: (theme.HC_PAPER, theme.HC_INK, theme.HC_INK) for level, _label in LEVELS},
    span=(theme.HC_PAPER, theme.HC_INK, theme.HC_INK), band_edge=theme.HC_ACCENT, span_edge=theme.HC_ACCENT,
    gauge={level: (theme.HC_PAPER, theme.HC_INK) for level, _label in LEVELS}, gauge_edge=theme.HC_INK,
    historical=(theme.HC_INK, theme.HC_PAPER), historical_ink=theme.HC_INK, rule=theme.HC_INK,
    focus=theme.HC_FOCUS, focus_edge=None, problem=theme.HC_INK)


@dataclass
class _BandBox:
    measure: int
    band: int
    rect: QRectF


def _font(points: float, bold: bool = False) -> QFont:
    f = QFont()
    f.setFamilies(["DejaVu Sans", "Arial", "Helvetica"])
    f.setPointSizeF(points)
    f.setBold(bold)
    return f


def _text_height(font: QFont, width: float, text: str) -> float:
    if not text:
        return 0.0
    return QFontMetricsF(font).boundingRect(QRectF(0, 0, max(10.0, width), 100000),
                                            int(Qt.TextFlag.TextWordWrap), text).height()


def band_words(measure: Measure, band: Band) -> str:
    """The band in words: what a screen reader says and the status line shows."""
    levels = " to ".join(dict(LEVELS)[lv] for lv in (band.levels[0], band.levels[-1])) if band.spans \
        else dict(LEVELS)[band.levels[0]]
    qualifier = f" ({band.qualifier})" if band.qualifier else ""
    says = " ".join(band.says.split())
    return (f"{measure.label}, {levels.lower()} seriousness: {band.text}{qualifier}. The source says “{says}” — "
            f"{band.source.title}, section “{band.source.section}”.")


class SentencingLadder(QWidget):
    """The ladder, drawn at the window's zoom (set_zoom) in the window's theme (set_high_contrast)."""

    item_requested = Signal(str, bool)       # item id, whether the source is historical
    detail_changed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Sentencing ladder")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.ladder: Ladder | None = None
        self.problems: list[str] = []
        self.current: tuple[int, int] = (0, 0)
        self._boxes: list[_BandBox] = []
        self._layout_width = -1.0
        self._height = 400.0
        self._rows: list = []
        self._texts: list[tuple[str, QRectF]] = []
        self.stacked = False          # the measures' names above their bands (narrow, large text), not beside them
        self.scale = 1.0
        self.colours = DEFAULT_COLOURS

    # --- data ----------------------------------------------------------------------------------------------------
    def set_ladder(self, ladder: Ladder | None, problems: list[str]) -> None:
        self.ladder, self.problems = ladder, list(problems)
        self.current = (0, 0)
        self._layout_width = -1
        if ladder is None:
            self.setAccessibleDescription("The sentencing ladder could not be loaded: " + "; ".join(problems))
        else:
            self.setAccessibleDescription(" ".join(band_words(m, b) for m in ladder.measures for b in m.bands))
        self._relayout()
        self.update()
        self._announce()

    def set_scale(self, scale: float) -> None:
        """Type size factor (1: actual size)."""
        self.scale = max(0.5, min(2.5, scale))
        self._layout_width = -1
        self._relayout()
        self.update()

    def set_zoom(self, percent: int) -> None:
        """The window's text size in percent (View ▸ Zoom, presentation's large type): the ladder's type follows."""
        self.set_scale(percent / 100)

    def set_high_contrast(self, on: bool) -> None:
        """The high-contrast theme's colours, or the ladder's own (the default theme)."""
        self.colours = HIGH_CONTRAST_COLOURS if on else DEFAULT_COLOURS
        self.update()

    def current_band(self) -> tuple[Measure, Band] | None:
        if self.ladder is None:
            return None
        m, b = self.current
        measure = self.ladder.measures[m]
        return measure, measure.bands[b]

    def text(self) -> str:
        """The ladder as plain text (copy, tests, accessibility)."""
        if self.ladder is None:
            return "\n".join(self.problems)
        return "\n".join(band_words(m, b) for m in self.ladder.measures for b in m.bands)

    def painted_text(self) -> list[tuple[str, QRectF]]:
        """Each run of text the last paint drew, with the rectangle its glyphs fill (what a test measures)."""
        return list(self._texts)

    # --- geometry ------------------------------------------------------------------------------------------------
    def _fonts(self):
        s = self.scale
        return {"title": _font(15 * s, True), "sub": _font(9.5 * s), "level": _font(11 * s, True),
                "group": _font(10.5 * s, True), "label": _font(11 * s, True), "small": _font(8.5 * s),
                "figure": _font(12.5 * s, True), "qual": _font(9 * s), "caption": _font(8 * s)}

    def _columns(self, width: float, stacked: bool):
        """(gutter, column width, the three columns' left edges): the gutter holds the measures' names beside their
        bands, or nothing when they are stacked above them."""
        gutter = 0.0 if stacked else max(190.0, min(320.0, width * 0.24)) * min(self.scale, 1.4)
        col = max(60.0, (width - 2 * PAD - gutter - 2 * GAP) / 3)
        xs = [PAD + gutter + n * (col + GAP) for n in range(3)]
        return gutter, col, xs

    def _stacks(self, width: float, f) -> bool:
        """Whether the bands' columns beside a gutter would be too narrow for their figures."""
        _gutter, col, _xs = self._columns(width, False)
        return col - 2 * INNER < MIN_COLUMN_CHARS * QFontMetricsF(f["figure"]).averageCharWidth()

    def _label_height(self, f, measure: Measure, width: float) -> float:
        """The height of a measure's name, historical tag and note set in width."""
        h = _text_height(f["label"], width, measure.label) + 4
        h += _text_height(f["small"], width, self._gutter_text(measure)) + 4
        if measure.historical:
            h += QFontMetricsF(f["small"]).height() + 6
        return h

    def _relayout(self) -> None:
        width = float(max(self.width(), 320))
        if width == self._layout_width:
            return
        self._layout_width = width
        f = self._fonts()
        self.stacked = self._stacks(width, f)
        gutter, col, xs = self._columns(width, self.stacked)
        y = PAD
        y += _text_height(f["title"], width - 2 * PAD, self._title()) + 4
        y += _text_height(f["sub"], width - 2 * PAD, self._subtitle()) + 10
        self._level_top = y
        self._level_h = max(_text_height(f["level"], col - 2 * INNER, f"{label} seriousness")
                            for _level, label in LEVELS) + 2 * INNER
        y += self._level_h + 18
        self._boxes = []
        self._rows = []
        if self.ladder is None:
            self._height = y + 40 + sum(_text_height(f["sub"], width - 2 * PAD, p) + 6 for p in self.problems)
            self.setMinimumHeight(int(self._height))
            return
        group = None
        for m, measure in enumerate(self.ladder.measures):
            title = measure.source.title
            if title != group:
                group = title
                y += 6
                group_h = _text_height(f["group"], width - 2 * PAD, self._group_words(measure)) + 4
                self._rows.append(("group", y, measure, group_h))
                y += group_h + 4
            if self.stacked:         # the name and note across the width, the bands below them
                label_h = self._label_height(f, measure, width - 2 * PAD)
                self._rows.append(("measure", y, measure, QRectF(PAD, y, width - 2 * PAD, label_h)))
                y += label_h
            top = y
            heights = []
            for band in measure.bands:
                w = (xs[band.last] + col - xs[band.first]) - 2 * INNER - 4
                h = _text_height(f["figure"], w, band.text) + 2
                h += _text_height(f["qual"], w, band.qualifier) + (3 if band.qualifier else 0)
                h += _text_height(f["caption"], w, self._caption(band)) + 4
                h += self._gauge_height(f) + 4 if band.min is not None else 0
                heights.append(h + 2 * INNER)
            row_h = max(heights)
            if not self.stacked:
                row_h = max(row_h, self._label_height(f, measure, gutter - 12))
                self._rows.append(("measure", top, measure, QRectF(PAD, top, gutter - 12, row_h)))
            for b, band in enumerate(measure.bands):
                x = xs[band.first]
                w = xs[band.last] + col - x
                self._boxes.append(_BandBox(m, b, QRectF(x, top, w, row_h)))
            y = top + row_h + GAP
        self._height = y + PAD
        self.setMinimumHeight(int(self._height))

    @staticmethod
    def _gauge_height(f) -> float:
        """The gauge's track: a little thicker with larger type."""
        return max(6.0, round(QFontMetricsF(f["caption"]).height() * 0.4))

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(1000, int(self._height))

    def resizeEvent(self, event):  # noqa: N802
        self._relayout()
        super().resizeEvent(event)

    def band_rect(self, measure: int, band: int) -> QRectF:
        self._relayout()
        return next(b.rect for b in self._boxes if (b.measure, b.band) == (measure, band))

    def _hit(self, pos: QPointF) -> _BandBox | None:
        return next((b for b in self._boxes if b.rect.contains(pos)), None)

    # --- words ---------------------------------------------------------------------------------------------------
    def _title(self) -> str:
        return self.ladder.title if self.ladder else "Sentencing ladder"

    @staticmethod
    def _subtitle() -> str:
        return ("Seriousness rises from left to right. Each band gives the source's figure, a gauge of where it "
                "lies on the measure's range, and the document and section it comes from. Click a band, or move "
                "with the arrow keys and press Enter, to open its page.")

    @staticmethod
    def _caption(band: Band) -> str:
        return f"Source: {band.source.title}, “{band.source.section}”"

    @staticmethod
    def _group_words(measure: Measure) -> str:
        return (f"Historical — {measure.source.title}: services have changed since" if measure.historical
                else measure.source.title)

    @staticmethod
    def _gutter_text(measure: Measure) -> str:
        parts = []
        if measure.note:
            parts.append(measure.note.text + ".")
        if measure.scale:
            low, high = measure.scale
            parts.append(f"Gauge: {low:g}–{high:g} {measure.unit}.")
        return " ".join(parts)

    # --- painting ------------------------------------------------------------------------------------------------
    def _draw_text(self, p: QPainter, rect: QRectF, flags: int, text: str, colour: str, font: QFont) -> None:
        """Draws text, remembering where its glyphs went (painted_text)."""
        p.setFont(font)
        p.setPen(QColor(colour))
        self._texts.append((text, p.drawText(rect, flags, text)))

    def paintEvent(self, _event):  # noqa: N802
        self._relayout()
        self._texts = []
        f, c = self._fonts(), self.colours
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        p.fillRect(self.rect(), QColor(c.paper))
        width = self._layout_width
        gutter, col, xs = self._columns(width, self.stacked)
        wrap = int(Qt.TextFlag.TextWordWrap)
        y = PAD
        h = _text_height(f["title"], width - 2 * PAD, self._title())
        self._draw_text(p, QRectF(PAD, y, width - 2 * PAD, h), wrap, self._title(), c.ink, f["title"])
        y += h + 4
        h = _text_height(f["sub"], width - 2 * PAD, self._subtitle())
        self._draw_text(p, QRectF(PAD, y, width - 2 * PAD, h), wrap, self._subtitle(), c.muted, f["sub"])
        # the scale: three level headers and an arrow under them
        top, level_h = self._level_top, self._level_h
        for n, (level, label) in enumerate(LEVELS):
            bg, fg = c.headers[level]
            rect = QRectF(xs[n], top, col, level_h)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(bg))
            p.drawRoundedRect(rect, 4, 4)
            self._draw_text(p, rect.adjusted(INNER, 0, -INNER, 0), int(Qt.AlignmentFlag.AlignCenter) | wrap,
                            f"{label} seriousness", fg, f["level"])
        arrow_y = top + level_h + 9
        p.setPen(QPen(QColor(c.ink), 2))
        p.drawLine(QPointF(xs[0], arrow_y), QPointF(xs[2] + col - 2, arrow_y))
        head = QPainterPath()
        head.moveTo(xs[2] + col, arrow_y)
        head.lineTo(xs[2] + col - 10, arrow_y - 5)
        head.lineTo(xs[2] + col - 10, arrow_y + 5)
        head.closeSubpath()
        p.fillPath(head, QColor(c.ink))
        if not self.stacked:
            self._draw_text(p, QRectF(PAD, top, gutter - 12, level_h), int(Qt.AlignmentFlag.AlignVCenter),
                            "Measure", c.muted, f["small"])
        if self.ladder is None:
            self._paint_problems(p, f, top + level_h + 30, width)
            p.end()
            return
        for row in self._rows:
            if row[0] == "group":
                _kind, gy, measure, gh = row
                self._draw_text(p, QRectF(PAD, gy, width - 2 * PAD, gh), int(Qt.AlignmentFlag.AlignVCenter) | wrap,
                                self._group_words(measure), c.historical_ink if measure.historical else c.ink,
                                f["group"])
                p.setPen(QPen(QColor(c.rule), 1))
                line_y = int(gy + gh + 1) + 0.5          # on one row of pixels, not blurred over two
                p.drawLine(QPointF(PAD, line_y), QPointF(width - PAD, line_y))
                continue
            _kind, _ry, measure, rect = row
            self._paint_gutter(p, f, measure, rect)
        for box in self._boxes:
            measure = self.ladder.measures[box.measure]
            self._paint_band(p, f, measure, measure.bands[box.band], box.rect,
                             focused=self.hasFocus() and self.current == (box.measure, box.band),
                             current=self.current == (box.measure, box.band))
        p.end()

    def _paint_gutter(self, p: QPainter, f, measure: Measure, rect: QRectF) -> None:
        """A measure's name, historical tag and note: in the gutter beside its bands, or above them."""
        wrap = int(Qt.TextFlag.TextWordWrap)
        c = self.colours
        y = rect.top() + 2
        h = _text_height(f["label"], rect.width(), measure.label)
        self._draw_text(p, QRectF(rect.left(), y, rect.width(), h), wrap, measure.label, c.ink, f["label"])
        y += h + 4
        if measure.historical:
            tag = " Historical, " + measure.source.title.rsplit("(", 1)[-1].rstrip(")") + " "
            tw = QFontMetricsF(f["small"]).horizontalAdvance(tag) + 4
            th = QFontMetricsF(f["small"]).height() + 2
            p.fillRect(QRectF(rect.left(), y, tw, th), QColor(c.historical[0]))
            self._draw_text(p, QRectF(rect.left(), y, tw, th), int(Qt.AlignmentFlag.AlignCenter), tag,
                            c.historical[1], f["small"])
            y += th + 4
        text = self._gutter_text(measure)
        if text:
            self._draw_text(p, QRectF(rect.left(), y, rect.width(), rect.bottom() - y), wrap, text, c.muted,
                            f["small"])

    def _paint_band(self, p: QPainter, f, measure: Measure, band: Band, rect: QRectF, focused: bool,
                    current: bool) -> None:
        wrap = int(Qt.TextFlag.TextWordWrap)
        c = self.colours
        bg, fg, muted = c.span if band.spans else c.bands[band.levels[0]]
        p.setBrush(QColor(bg))
        if band.spans:
            p.setPen(QPen(QColor(c.span_edge), 2, Qt.PenStyle.DashLine))
        elif c.band_edge:
            p.setPen(QPen(QColor(c.band_edge), 2))
        else:
            p.setPen(Qt.PenStyle.NoPen)
        p.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 6, 6)
        if focused or current:
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(QColor(c.focus), 4))
            p.drawRoundedRect(rect.adjusted(2, 2, -2, -2), 6, 6)
            if c.focus_edge:
                p.setPen(QPen(QColor(c.focus_edge), 1.5 if focused else 1))
                p.drawRoundedRect(rect.adjusted(0, 0, 0, 0), 6, 6)
        inner = rect.adjusted(INNER + 2, INNER, -INNER - 2, -INNER)
        y = inner.top()
        h = _text_height(f["figure"], inner.width(), band.text)
        self._draw_text(p, QRectF(inner.left(), y, inner.width(), h), wrap, band.text, fg, f["figure"])
        y += h + 2
        if band.qualifier:
            h = _text_height(f["qual"], inner.width(), band.qualifier)
            self._draw_text(p, QRectF(inner.left(), y, inner.width(), h), wrap, band.qualifier, fg, f["qual"])
            y += h + 3
        if band.min is not None and measure.scale is not None:
            low, high = measure.scale
            gauge_h = self._gauge_height(f)
            track = QRectF(inner.left(), y + 2, inner.width(), gauge_h)
            back, front = c.gauge[band.levels[0]]
            p.setPen(QPen(QColor(c.gauge_edge), 1) if c.gauge_edge else Qt.PenStyle.NoPen)
            p.setBrush(QColor(back))
            p.drawRoundedRect(track, gauge_h / 2, gauge_h / 2)
            x0 = track.left() + (band.min - low) / (high - low) * track.width()
            x1 = track.left() + (band.max - low) / (high - low) * track.width()
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(front))
            p.drawRoundedRect(QRectF(x0, track.top(), max(3.0, x1 - x0), track.height()), gauge_h / 2, gauge_h / 2)
            y += gauge_h + 4
        self._draw_text(p, QRectF(inner.left(), y + 2, inner.width(), inner.bottom() - y), wrap, self._caption(band),
                        muted, f["caption"])

    def _paint_problems(self, p: QPainter, f, y: float, width: float) -> None:
        wrap = int(Qt.TextFlag.TextWordWrap)
        c = self.colours
        heading = "The sentencing ladder could not be loaded. Run 'brochure-app check' or fix:"
        h = _text_height(f["label"], width - 2 * PAD, heading)
        self._draw_text(p, QRectF(PAD, y, width - 2 * PAD, h), wrap, heading, c.problem, f["label"])
        y += h + 4
        for problem in self.problems:
            h = _text_height(f["sub"], width - 2 * PAD, problem)
            self._draw_text(p, QRectF(PAD, y, width - 2 * PAD, h), wrap, problem, c.ink, f["sub"])
            y += h + 6

    # --- interaction ---------------------------------------------------------------------------------------------
    def _announce(self) -> None:
        chosen = self.current_band()
        if chosen is None:
            self.detail_changed.emit("The sentencing ladder could not be loaded.")
            return
        words = band_words(*chosen)
        self.setAccessibleName(f"Sentencing ladder: {words}")
        self.setToolTip(as_text(words))          # tooltips render markup: the ladder's words are content
        self.detail_changed.emit(words)

    def select(self, measure: int, band: int) -> None:
        if self.ladder is None:
            return
        measure = max(0, min(len(self.ladder.measures) - 1, measure))
        band = max(0, min(len(self.ladder.measures[measure].bands) - 1, band))
        if (measure, band) != self.current:
            self.current = (measure, band)
            self.update()
        self._show_chosen()
        self._announce()

    def _show_chosen(self) -> None:
        """The chosen band in view when the ladder scrolls inside its window (large text, a small screen): the arrow
        keys moved the choice out of sight."""
        viewport = self.parentWidget()
        area = viewport.parentWidget() if viewport is not None else None
        box = next((b for b in self._boxes if (b.measure, b.band) == self.current), None)
        if box is None or not isinstance(area, QScrollArea):
            return
        centre = box.rect.center()
        area.ensureVisible(int(centre.x()), int(centre.y()), int(box.rect.width() / 2) + 8,
                           int(box.rect.height() / 2) + 8)

    def activate(self) -> None:
        chosen = self.current_band()
        if chosen is not None and chosen[0].opens:
            self.item_requested.emit(chosen[0].opens, chosen[0].historical)

    def keyPressEvent(self, event):  # noqa: N802
        if self.ladder is None:
            super().keyPressEvent(event)
            return
        m, b = self.current
        key = event.key()
        if key == Qt.Key.Key_Right:
            self.select(m, b + 1)
        elif key == Qt.Key.Key_Left:
            self.select(m, b - 1)
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            target = m + (1 if key == Qt.Key.Key_Down else -1)
            if 0 <= target < len(self.ladder.measures):
                level = self.ladder.measures[m].bands[b].first
                bands = self.ladder.measures[target].bands
                nearest = min(range(len(bands)), key=lambda i: (0 if bands[i].first <= level <= bands[i].last
                                                                else abs(bands[i].first - level)))
                self.select(target, nearest)
        elif key == Qt.Key.Key_Home:
            self.select(0, 0)
        elif key == Qt.Key.Key_End:
            self.select(len(self.ladder.measures) - 1, len(self.ladder.measures[-1].bands) - 1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activate()
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event):  # noqa: N802
        box = self._hit(event.position())
        if box is not None and event.button() == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.select(box.measure, box.band)
            self.activate()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event):  # noqa: N802
        box = self._hit(event.position())
        self.setCursor(Qt.CursorShape.PointingHandCursor if box else Qt.CursorShape.ArrowCursor)
        if box is not None and self.ladder is not None:
            measure = self.ladder.measures[box.measure]
            self.setToolTip(as_text(band_words(measure, measure.bands[box.band])))
        super().mouseMoveEvent(event)

    def focusInEvent(self, event):  # noqa: N802
        self.update()
        self._announce()
        super().focusInEvent(event)

    def focusOutEvent(self, event):  # noqa: N802
        self.update()
        super().focusOutEvent(event)
