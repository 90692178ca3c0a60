"""The sentencing ladder: what the sources say about low / medium / high seriousness, as bands on one scale.

The shared scale is the sources' own: low → medium → high seriousness, left to right. Each measure (Unpaid Work
hours, curfew length, RAR days and length of order by OGRS band, SAC hours) is a row; each band sits under its
level, shows the figure exactly as the source gives it, a small gauge of where the figure lies on the measure's
range, and the source it comes from. A band the source ties to no single level spans the levels, drawn dashed.
Drawn with QPainter so it can be looked at rather than read; the arrow keys move between bands, Enter (or a click)
opens the page behind it, and the focused band's source wording is reported for the status line.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from brochure_app.catalogue.ladder import LEVELS, Band, Ladder, Measure
from brochure_app.ui.common.markup import as_text

PAD, GAP, INNER = 16.0, 8.0, 8.0
LEVEL_COLOURS = {"low": ("#d2e2f1", "#0b0c0c", "#2b3a45"), "medium": ("#8fb8de", "#0b0c0c", "#1b2a36"),
                 "high": ("#1d70b8", "#ffffff", "#e8f1f8")}
SPAN_COLOURS = ("#ffffff", "#0b0c0c", "#505a5f")
HISTORICAL_TAG = ("#fcd6c3", "#6e3619")
FOCUS = "#ffdd00"


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
        self.scale = 1.0

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
        """Type size factor (presentation and zoom)."""
        self.scale = max(0.6, min(2.5, scale))
        self._layout_width = -1
        self._relayout()
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

    # --- geometry ------------------------------------------------------------------------------------------------
    def _fonts(self):
        s = self.scale
        return {"title": _font(15 * s, True), "sub": _font(9.5 * s), "level": _font(11 * s, True),
                "group": _font(10.5 * s, True), "label": _font(11 * s, True), "small": _font(8.5 * s),
                "figure": _font(12.5 * s, True), "qual": _font(9 * s), "caption": _font(8 * s)}

    def _columns(self, width: float):
        gutter = max(190.0, min(320.0, width * 0.24)) * min(self.scale, 1.4)
        col = max(120.0, (width - 2 * PAD - gutter - 2 * GAP) / 3)
        xs = [PAD + gutter + n * (col + GAP) for n in range(3)]
        return gutter, col, xs

    def _relayout(self) -> None:
        width = float(max(self.width(), 640))
        if width == self._layout_width:
            return
        self._layout_width = width
        f = self._fonts()
        gutter, col, xs = self._columns(width)
        y = PAD
        y += _text_height(f["title"], width - 2 * PAD, self._title()) + 4
        y += _text_height(f["sub"], width - 2 * PAD, self._subtitle()) + 10
        self._level_top = y
        y += QFontMetricsF(f["level"]).height() + 2 * INNER + 18
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
                self._rows.append(("group", y, measure))
                y += QFontMetricsF(f["group"]).height() + 8
            top = y
            left_h = _text_height(f["label"], gutter - 12, measure.label) + 4
            left_h += _text_height(f["small"], gutter - 12, self._gutter_text(measure)) + 4
            if measure.historical:
                left_h += QFontMetricsF(f["small"]).height() + 6
            heights = []
            for band in measure.bands:
                w = (xs[band.last] + col - xs[band.first]) - 2 * INNER
                h = _text_height(f["figure"], w, band.text) + 2
                h += _text_height(f["qual"], w, band.qualifier) + (3 if band.qualifier else 0)
                h += _text_height(f["caption"], w, self._caption(band)) + 4
                h += 10 if band.min is not None else 0
                heights.append(h + 2 * INNER)
            row_h = max([left_h] + heights)
            for b, band in enumerate(measure.bands):
                x = xs[band.first]
                w = xs[band.last] + col - x
                self._boxes.append(_BandBox(m, b, QRectF(x, top, w, row_h)))
            self._rows.append(("measure", top, measure, row_h))
            y = top + row_h + GAP
        self._height = y + PAD
        self.setMinimumHeight(int(self._height))

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
    def _gutter_text(measure: Measure) -> str:
        parts = []
        if measure.note:
            parts.append(measure.note.text + ".")
        if measure.scale:
            low, high = measure.scale
            parts.append(f"Gauge: {low:g}–{high:g} {measure.unit}.")
        return " ".join(parts)

    # --- painting ------------------------------------------------------------------------------------------------
    def paintEvent(self, _event):  # noqa: N802
        self._relayout()
        f = self._fonts()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        width = self._layout_width
        gutter, col, xs = self._columns(width)
        wrap = int(Qt.TextFlag.TextWordWrap)
        ink = QColor("#0b0c0c")
        p.setPen(ink)
        p.setFont(f["title"])
        y = PAD
        h = _text_height(f["title"], width - 2 * PAD, self._title())
        p.drawText(QRectF(PAD, y, width - 2 * PAD, h), wrap, self._title())
        y += h + 4
        p.setFont(f["sub"])
        p.setPen(QColor("#505a5f"))
        h = _text_height(f["sub"], width - 2 * PAD, self._subtitle())
        p.drawText(QRectF(PAD, y, width - 2 * PAD, h), wrap, self._subtitle())
        # the scale: three level headers and an arrow under them
        top = self._level_top
        level_h = QFontMetricsF(f["level"]).height() + 2 * INNER
        p.setFont(f["level"])
        for n, (level, label) in enumerate(LEVELS):
            bg, fg, _muted = LEVEL_COLOURS[level]
            rect = QRectF(xs[n], top, col, level_h)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(bg))
            p.drawRoundedRect(rect, 4, 4)
            p.setPen(QColor(fg))
            p.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), f"{label} seriousness")
        arrow_y = top + level_h + 9
        p.setPen(QPen(ink, 2))
        p.drawLine(QPointF(xs[0], arrow_y), QPointF(xs[2] + col - 2, arrow_y))
        head = QPainterPath()
        head.moveTo(xs[2] + col, arrow_y)
        head.lineTo(xs[2] + col - 10, arrow_y - 5)
        head.lineTo(xs[2] + col - 10, arrow_y + 5)
        head.closeSubpath()
        p.fillPath(head, ink)
        p.setFont(f["small"])
        p.setPen(QColor("#505a5f"))
        p.drawText(QRectF(PAD, top, gutter - 12, level_h), int(Qt.AlignmentFlag.AlignVCenter), "Measure")
        if self.ladder is None:
            self._paint_problems(p, f, top + level_h + 30, width)
            p.end()
            return
        for row in self._rows:
            if row[0] == "group":
                _kind, gy, measure = row
                p.setFont(f["group"])
                p.setPen(QColor(HISTORICAL_TAG[1]) if measure.historical else ink)
                words = (f"Historical — {measure.source.title}: services have changed since" if measure.historical
                         else measure.source.title)
                p.drawText(QRectF(PAD, gy, width - 2 * PAD, QFontMetricsF(f["group"]).height() + 4),
                           int(Qt.AlignmentFlag.AlignVCenter), words)
                p.setPen(QPen(QColor("#b1b4b6"), 1))
                line_y = gy + QFontMetricsF(f["group"]).height() + 5
                p.drawLine(QPointF(PAD, line_y), QPointF(width - PAD, line_y))
                continue
            _kind, ry, measure, rh = row
            self._paint_gutter(p, f, measure, QRectF(PAD, ry, gutter - 12, rh))
        for box in self._boxes:
            measure = self.ladder.measures[box.measure]
            self._paint_band(p, f, measure, measure.bands[box.band], box.rect,
                             focused=self.hasFocus() and self.current == (box.measure, box.band),
                             current=self.current == (box.measure, box.band))
        p.end()

    def _paint_gutter(self, p: QPainter, f, measure: Measure, rect: QRectF) -> None:
        wrap = int(Qt.TextFlag.TextWordWrap)
        y = rect.top() + 2
        p.setPen(QColor("#0b0c0c"))
        p.setFont(f["label"])
        h = _text_height(f["label"], rect.width(), measure.label)
        p.drawText(QRectF(rect.left(), y, rect.width(), h), wrap, measure.label)
        y += h + 4
        if measure.historical:
            p.setFont(f["small"])
            tag = " Historical, " + measure.source.title.rsplit("(", 1)[-1].rstrip(")") + " "
            tw = QFontMetricsF(f["small"]).horizontalAdvance(tag) + 4
            th = QFontMetricsF(f["small"]).height() + 2
            p.fillRect(QRectF(rect.left(), y, tw, th), QColor(HISTORICAL_TAG[0]))
            p.setPen(QColor(HISTORICAL_TAG[1]))
            p.drawText(QRectF(rect.left(), y, tw, th), int(Qt.AlignmentFlag.AlignCenter), tag)
            y += th + 4
        text = self._gutter_text(measure)
        if text:
            p.setFont(f["small"])
            p.setPen(QColor("#505a5f"))
            p.drawText(QRectF(rect.left(), y, rect.width(), rect.bottom() - y), wrap, text)

    def _paint_band(self, p: QPainter, f, measure: Measure, band: Band, rect: QRectF, focused: bool,
                    current: bool) -> None:
        wrap = int(Qt.TextFlag.TextWordWrap)
        bg, fg, muted = SPAN_COLOURS if band.spans else LEVEL_COLOURS[band.levels[0]]
        p.setBrush(QColor(bg))
        if band.spans:
            p.setPen(QPen(QColor("#1d70b8"), 2, Qt.PenStyle.DashLine))
        else:
            p.setPen(Qt.PenStyle.NoPen)
        p.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 6, 6)
        if focused or current:
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(QColor(FOCUS), 4))
            p.drawRoundedRect(rect.adjusted(2, 2, -2, -2), 6, 6)
            p.setPen(QPen(QColor("#0b0c0c"), 1.5 if focused else 1))
            p.drawRoundedRect(rect.adjusted(0, 0, 0, 0), 6, 6)
        inner = rect.adjusted(INNER + 2, INNER, -INNER - 2, -INNER)
        y = inner.top()
        p.setPen(QColor(fg))
        p.setFont(f["figure"])
        h = _text_height(f["figure"], inner.width(), band.text)
        p.drawText(QRectF(inner.left(), y, inner.width(), h), wrap, band.text)
        y += h + 2
        if band.qualifier:
            p.setFont(f["qual"])
            h = _text_height(f["qual"], inner.width(), band.qualifier)
            p.drawText(QRectF(inner.left(), y, inner.width(), h), wrap, band.qualifier)
            y += h + 3
        if band.min is not None and measure.scale is not None:
            low, high = measure.scale
            track = QRectF(inner.left(), y + 2, inner.width(), 6)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush({"low": QColor("#ffffff"), "medium": QColor(255, 255, 255, 150)}.get(band.levels[0],
                                                                                           QColor(11, 12, 12, 90)))
            p.drawRoundedRect(track, 3, 3)
            x0 = track.left() + (band.min - low) / (high - low) * track.width()
            x1 = track.left() + (band.max - low) / (high - low) * track.width()
            p.setBrush(QColor(fg if band.levels[0] == "high" else "#0b0c0c"))
            p.drawRoundedRect(QRectF(x0, track.top(), max(3.0, x1 - x0), track.height()), 3, 3)
            y += 10
        p.setPen(QColor(muted))
        p.setFont(f["caption"])
        caption = self._caption(band)
        p.drawText(QRectF(inner.left(), y + 2, inner.width(), inner.bottom() - y), wrap, caption)

    def _paint_problems(self, p: QPainter, f, y: float, width: float) -> None:
        wrap = int(Qt.TextFlag.TextWordWrap)
        p.setFont(f["label"])
        p.setPen(QColor("#942514"))
        p.drawText(QRectF(PAD, y, width - 2 * PAD, 30), wrap,
                   "The sentencing ladder could not be loaded. Run 'brochure-app check' or fix:")
        y += 34
        p.setFont(f["sub"])
        p.setPen(QColor("#0b0c0c"))
        for problem in self.problems:
            h = _text_height(f["sub"], width - 2 * PAD, problem)
            p.drawText(QRectF(PAD, y, width - 2 * PAD, h), wrap, problem)
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
        self._announce()

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
