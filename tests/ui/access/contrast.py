"""Measuring what a person sees: WCAG 2.2 contrast ratios of the colours a widget actually paints with.

Text in rich-text views is read from the laid-out document (each fragment's colour on its own, its block's or the
view's background); widget text from the palette the style sheet and palette leave on the widget, against the colour
that fills most of its grabbed picture; controls (a check box's indicator, a focus ring) from rendered pixels."""

from __future__ import annotations

from array import array
from collections import Counter

from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QColor, QImage, QPalette


def luminance(colour: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def ratio(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(QColor(a)), luminance(QColor(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def image_of(widget) -> QImage:
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def pixels(image: QImage, rect=None) -> array:
    """The 0xAARRGGBB values of the pixels of an RGB32 picture in rect (all of it by default)."""
    part = image.copy(rect.intersected(image.rect())) if rect is not None else image
    values = array("I")
    values.frombytes(bytes(part.constBits())[:part.sizeInBytes()])
    return values


def dominant(image: QImage, rect=None) -> QColor:
    """The colour that fills most of the picture: its background."""
    return QColor.fromRgb(Counter(pixels(image, rect)).most_common(1)[0][0])


def strongest(image: QImage, background: QColor, rect=None) -> float:
    """The highest contrast of any pixel in rect against background (a border, a ring, a glyph's core)."""
    return max((ratio(QColor.fromRgb(p), background) for p in set(pixels(image, rect))), default=1.0)


def document_pairs(view) -> list[tuple[str, QColor, QColor]]:
    """(text, colour, background) of every run of text a QTextEdit/QTextBrowser shows."""
    palette = view.palette()
    return _fragments(view.document(), palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Link),
                      dominant(image_of(view.viewport())))


def document_runs(doc, colour: QColor, link: QColor, background: QColor) -> list[tuple[str, QColor, QColor]]:
    """The same for a document painted with colour and link colour on background (a sheet of paper)."""
    return _fragments(doc, colour, link, background)


def label_pairs(label, background: QColor) -> list[tuple[str, QColor, QColor]]:
    """The same for a rich-text label painted over background (a list row's item widget)."""
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(label.text())
    palette = label.palette()
    return _fragments(doc, palette.color(label.foregroundRole()), palette.color(QPalette.ColorRole.Link), background)


def _fragments(doc, default_fg: QColor, link: QColor, base: QColor) -> list[tuple[str, QColor, QColor]]:
    out = []
    block = doc.begin()
    while block.isValid():
        block_bg = block.blockFormat().background()
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            text = frag.text().strip()
            if text:
                fmt = frag.charFormat()
                has_fg = fmt.foreground().style().value != 0
                fg = fmt.foreground().color() if has_fg else link if fmt.isAnchor() else default_fg
                bg = (fmt.background().color() if fmt.background().style().value else
                      block_bg.color() if block_bg.style().value else base)
                out.append((text, fg, bg))
            it += 1
        block = block.next()
    return out


def list_rows(view) -> list[tuple[str, QColor, QColor]]:
    """(text, colour, background) of each row of a list as rendered: the colour that stands out most inside the row
    (its text) against the colour filling the row (plain, or the selection's)."""
    image = image_of(view.viewport())
    out = []
    for row in range(view.count()):
        rect = view.visualItemRect(view.item(row))
        background = dominant(image, rect)
        inside = rect.adjusted(3, 3, -3, -3)
        fg = max((QColor.fromRgb(p) for p in set(pixels(image, inside))), key=lambda p: ratio(p, background))
        out.append((view.item(row).text(), fg, background))
    return out


def table_cells(table) -> list[tuple[str, QColor, QColor]]:
    """(text, colour, background) of every cell of a QTableWidget with text: its own colours, else the table's (for
    a cell on screen, the colour painted in its own rectangle; else the viewport's commonest colour)."""
    palette = table.palette()
    shot = image_of(table.viewport())
    base = dominant(shot)
    column_bg: dict[int, QColor] = {}
    out = []
    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            cell = table.item(row, column)
            if cell is None or not cell.text().strip():
                continue
            own = cell.foreground()
            fg = own.color() if own.style().value else palette.color(QPalette.ColorRole.Text)
            if cell.background().style().value:
                bg = cell.background().color()
            else:                   # painted in its rectangle; scrolled out of view: as its column's others
                rect = table.visualItemRect(cell).adjusted(1, 1, -1, -1)
                if rect.isValid() and shot.rect().contains(rect):
                    bg = column_bg.setdefault(column, dominant(shot, rect))
                else:
                    bg = column_bg.get(column, base)
            out.append((cell.text(), fg, bg))
    return out


def widget_pairs(root, kinds) -> list[tuple[str, QColor, QColor]]:
    """(name, text colour, background) of every visible, enabled widget of the given classes under root (not the
    rows of a list, measured with their list). A label's text colour is its palette's (what the style sheet left
    there); a button's is the rendered colour inside its border that stands out most from its background."""
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLabel

    out = []
    for widget in (w for kind in kinds for w in root.findChildren(kind)):
        if not widget.isVisible() or not widget.isEnabled() or widget.width() < 12 or widget.height() < 12:
            continue
        parent = widget.parentWidget()
        if parent is not None and isinstance(parent.parentWidget(), QAbstractItemView):
            continue
        image = image_of(widget)
        background = dominant(image)
        if isinstance(widget, QAbstractButton):
            inset = min(5, widget.width() // 4, widget.height() // 4)
            inside = image.rect().adjusted(inset, inset, -inset, -inset)
            fg = max((QColor.fromRgb(p) for p in set(pixels(image, inside))), key=lambda p: ratio(p, background))
        elif isinstance(widget, QLabel) and "<" in widget.text():      # rich text: each run in its own colours
            out += label_pairs(widget, background)
            continue
        else:
            fg = widget.palette().color(widget.foregroundRole())
        text = getattr(widget, "text", lambda: "")()
        name = (widget.accessibleName() or text) if text else f"icon: {widget.accessibleName()}"
        out.append((name, fg, background))
    return out


def failures(pairs, minimum: float) -> list[str]:
    return [f"{text[:40]!r}: {fg.name()} on {bg.name()} = {ratio(fg, bg):.2f}" for text, fg, bg in pairs
            if ratio(fg, bg) < minimum]


def worst(pairs) -> float:
    return min((ratio(fg, bg) for _t, fg, bg in pairs), default=21.0)


# --- drawn widgets (a QPainter's text and lines, a picture of a sheet) ----------------------------------------------
def standing_out(image: QImage, background: QColor, rect=None) -> QColor:
    """The colour in rect that stands out most from background: a glyph's core, a line's."""
    return max((QColor.fromRgb(p) for p in set(pixels(image, rect))), key=lambda p: ratio(p, background),
               default=QColor(background))


def text_boxes(image: QImage, boxes) -> list[tuple[str, QColor, QColor]]:
    """(text, colour, background) of text a widget painted itself, given (text, rectangle its glyphs fill): the
    colour filling most of the rectangle is what the text is painted on, the one standing out most the text."""
    scale = image.devicePixelRatio()
    out = []
    for text, box in boxes:
        rect = QRectF(box.x() * scale, box.y() * scale, box.width() * scale, box.height() * scale).toAlignedRect()
        if text.strip() and rect.intersects(image.rect()):
            background = dominant(image, rect)
            out.append((text, standing_out(image, background, rect), background))
    return out


def lines(image: QImage, rect=None, shortest: int = 40, thickest: int = 6) -> list[tuple[str, QColor, QColor]]:
    """(where, colour, ground) of the lines in a picture (or in rect of it): runs of pixels at least `shortest`
    long, across or down, in bands of rows (columns) no more than `thickest` thick, antialiased edges included;
    each line's colour is its core's (the one standing out most), measured against the picture's ground (the colour
    filling most of it). Blocks of colour (a filled box) are thicker and are not lines; text breaks into short runs."""
    from PySide6.QtGui import QTransform

    part = image.copy(rect.intersected(image.rect())) if rect is not None else image
    ground = QColor.fromRgb(Counter(pixels(part)[::7]).most_common(1)[0][0])     # as dominant, from a sample
    out = []
    for turned, name in ((part, "across"), (part.transformed(QTransform().rotate(90)), "down")):
        out += [(f"line {name} at {n}", colour, ground) for n, colour in _thin_runs(turned, ground, shortest,
                                                                                     thickest)]
    return out


def _thin_runs(image: QImage, ground: QColor, shortest: int, thickest: int) -> list[tuple[int, QColor]]:
    import re

    image = image.convertToFormat(QImage.Format.Format_RGB32)
    width, values, paper = image.width(), pixels(image), ground.rgb()
    data = values.tobytes()
    same = re.compile(b"(?<!\\x00)\\x00{%d,}" % (4 * (shortest - 1)))      # whole runs only: no quadratic retries
    rows = []                    # per row: [(start, end)] of long runs of one colour other than the ground
    for y in range(image.height()):
        line = data[y * width * 4:(y + 1) * width * 4]
        # each pixel against the next, all at once: a run of equal pixels is a run of zero bytes
        changes = (int.from_bytes(line, "little") ^ int.from_bytes(line[4:], "little")).to_bytes(len(line), "little")
        runs = []
        for found in same.finditer(changes[:-4]):
            x0, x1 = -(-found.start() // 4), found.end() // 4 + 1
            if x1 - x0 < shortest or values[y * width + x0] == paper:
                continue
            row = values[y * width + x0:y * width + x1]
            if row.count(row[0]) == len(row):
                runs.append((x0, x1))
        rows.append(runs)
    found, y = [], 0
    while y < len(rows):          # a band of rows with long runs that overlap: a line, if it is thin
        if not rows[y]:
            y += 1
            continue
        top, span = y, rows[y]
        while y + 1 < len(rows) and any(a < d and c < b for a, b in span for c, d in rows[y + 1]):
            y += 1
            span = rows[y]
        if y - top + 1 <= thickest:
            x0 = min(a for r in rows[top:y + 1] for a, _b in r)
            x1 = max(b for r in rows[top:y + 1] for _a, b in r)
            found.append((top, standing_out(image, ground, QRect(x0, top, x1 - x0, y - top + 1))))
        y += 1
    return found
