"""The wizard side panel: what is known about the person → which interventions fit, and why."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from brochure_app.advisor import Profile
from brochure_app.domain import taxonomy as tx
from brochure_app.ui.advisor.results_html import CSS, CSS_HIGH_CONTRAST, results_html, summary_text
from brochure_app.ui.common.controls import push_button
from brochure_app.ui.common.safe_document import empty_resource
from brochure_app.ui.common.theme import mute

YES, NO, NOT_KNOWN = "yes", "no", None
# The questions and the results share the panel's height while it holds this many lines of its text; below that
# (a 600-pixel screen at 150 % and more) they are two tabs, each with the whole height (set_compact).
COMPACT_LINES, COMPACT_HYSTERESIS = 24, 5      # and back above 29 lines (the preset bar's hint comes and goes)


class _WheelGuard(QObject):
    """The mouse wheel over a combo box or spin box the person has not clicked into scrolls the form instead of
    changing the answer under the pointer."""

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Wheel and not watched.hasFocus():
            event.ignore()
            return True
        return False


class _Circumstance:
    """One circumstance as Yes / No / Not known: three radio buttons in an exclusive group."""

    def __init__(self, flag: str, label: str, explain: str, on_change):
        self.flag = flag
        self.group = QButtonGroup()
        self.buttons: dict = {}
        for value, text in ((YES, "Yes"), (NO, "No"), (NOT_KNOWN, "Not known")):
            button = QRadioButton(text)
            button.setAccessibleName(f"{label}: {text}")
            button.setAccessibleDescription(explain)
            button.setToolTip(explain)
            self.group.addButton(button)
            self.buttons[value] = button
        self.buttons[NOT_KNOWN].setChecked(True)
        self.group.buttonToggled.connect(lambda _b, checked: checked and on_change())

    def value(self):
        return next(v for v, b in self.buttons.items() if b.isChecked())

    def set_value(self, value) -> None:
        self.buttons[value].setChecked(True)


class _Reflow(QObject):
    """Lays the questions out again when their room changes, and gives the results' summary line the
    height its words need at its width (a layout does not ask a wrapped label for it: large text was clipped)."""

    SUMMARY_EVENTS = (QEvent.Type.Resize, QEvent.Type.FontChange, QEvent.Type.StyleChange)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        panel = self.parent()
        if watched is panel.summary:
            if event.type() in self.SUMMARY_EVENTS:
                panel.fit_summary()
        elif event.type() == QEvent.Type.Resize:
            panel.reflow(watched.width())
        return False


class WizardPanel(QWidget):
    profile_changed = Signal(object)     # Profile
    item_activated = Signal(str)         # item id
    compact_changed = Signal(bool)       # the questions and the results became tabs (True) or a split (False)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Decision aid")
        self._building = True
        self._wheel_guard = _WheelGuard(self)
        self._needs_reflow = _Reflow(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        self.splitter = splitter = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(splitter)
        self.tabs = QTabWidget()           # the compact layout (set_compact): the same two parts as tabs
        self.tabs.setAccessibleName("Decision aid: questions and results")
        self.tabs.setDocumentMode(True)
        self.tabs.hide()
        outer.addWidget(self.tabs)
        self.compact = False
        # After the event that changed the height or the text: the parts change parent, which must not happen
        # while Qt goes through the widgets (a new application style sheet: a segmentation fault, seen).
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.fit_height)

        form_host = QWidget()
        form = QVBoxLayout(form_host)
        intro = QLabel("Tick the needs and add what you know. Anything not answered is not known, and what is not "
                       "known never rules an intervention out: it is listed to check.")
        intro.setWordWrap(True)
        mute(intro)
        form.addWidget(intro)

        needs_box = QGroupBox("Need areas")
        grid = QGridLayout(needs_box)
        self.need_boxes: dict[str, QCheckBox] = {}
        for n, (need, (label, explain)) in enumerate(tx.NEEDS.items()):
            box = QCheckBox(label)
            box.setToolTip(explain)
            box.setAccessibleName(f"Need: {label}")
            box.setAccessibleDescription(explain)
            box.toggled.connect(self._changed)
            self.need_boxes[need] = box
            grid.addWidget(box, n // 2, n % 2)
        self._needs_grid, self._need_columns = grid, 2
        form.addWidget(needs_box)

        person = QGroupBox("The person")
        rows = QFormLayout(person)
        rows.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)    # a label above its field when narrow
        self.sex = self._combo(rows, "Sex", (("Not known", None), ("Male", "male"), ("Female", "female")),
                               "Some programmes are for men or for women only.")
        self.age = self._spin(rows, "Age", 9, 120, "Not known", "Whole years; some services have age limits.")
        self.risk = self._combo(rows, "Likelihood of reoffending",
                                (("Not known", None),) + tuple((b.capitalize(), b) for b in tx.RISK_BANDS),
                                "The likelihood as assessed. An OGRS score alone can meet a likelihood criterion "
                                "but never rule one out: other predictors can raise it.")
        self.ogrs = self._spin(rows, "OGRS score", -1, 100, "Not known",
                               "0-100. Bands: low 0-49, medium 50-74, high 75+.")
        self.rosh = self._combo(rows, "Risk of serious harm (RoSH)",
                                (("Not known", None),) + tuple((b.replace("-", " ").capitalize(), b)
                                                               for b in tx.ROSH_BANDS), "From the RoSH assessment.")
        self.sara = self._combo(rows, "SARA", (("Not known", None),) + tuple((b.capitalize(), b)
                                                                              for b in tx.SARA_BANDS),
                                "Spousal Assault Risk Assessment band.")
        self.order = self._spin(rows, "Order length (months)", 0, 60, "Not known",
                                "Length of the order being considered.")
        self.consents = self._combo(rows, "Consents to treatment", (("Not known", None), ("Yes", "yes"),
                                                                    ("No", "no")),
                                    "Treatment requirements need the person's consent.")
        self.area = self._combo(rows, "Area", (("Not known", None),),
                                "Where in the region the person will be supervised: some services are "
                                "available in part of the region only.")
        self._area_row = rows.rowCount() - 1
        self._person_rows = rows
        rows.setRowVisible(self._area_row, False)
        form.addWidget(person)

        flags_box = QGroupBox("Circumstances")
        flags = QGridLayout(flags_box)
        flags.setColumnStretch(0, 1)
        self.none_else = QPushButton("None of the others")
        self.none_else.setAccessibleName("Answer No to every circumstance still not known")
        self.none_else.setToolTip("Sets every circumstance still 'Not known' to 'No'")
        self.none_else.clicked.connect(self.none_of_the_others)
        flags.addWidget(self.none_else, 0, 0, 1, 4, Qt.AlignmentFlag.AlignLeft)
        self.circumstances: dict[str, _Circumstance] = {}
        self._flag_names: list[QLabel] = []
        for flag, (label, explain) in tx.FLAGS.items():
            name = QLabel(f"<b>{label}</b>")
            name.setTextFormat(Qt.TextFormat.RichText)
            name.setToolTip(explain)
            name.setWordWrap(True)
            self.circumstances[flag] = _Circumstance(flag, label, explain, self._changed)
            self._flag_names.append(name)
        self._flags_grid, self._flags_stacked = flags, None
        self._place_circumstances(stacked=False)
        form.addWidget(flags_box)
        form.addStretch(1)

        self.form_scroll = scroll = QScrollArea()
        self._results_host = results_host = QWidget()
        scroll.setWidgetResizable(True)
        # Sideways only when the questions cannot fit (large text in a narrow drawer): never cut off unreachably.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        scroll.setWidget(form_host)
        scroll.setAccessibleName("Questions about the person")
        splitter.addWidget(scroll)

        rl = QVBoxLayout(results_host)
        rl.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.summary = QLabel("Tick a need area to see the interventions.")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        head.addWidget(self.summary, 1)
        self.reset_button = push_button("Reset", "Clear every answer", self.reset, "Reset the decision aid", head)
        rl.addLayout(head)
        self.results = QTextBrowser()
        self.results.setOpenLinks(False)
        self.results.setAccessibleName("Decision aid results")
        self.results.setAccessibleDescription("Interventions grouped: meets every stated criterion checked, to "
                                              "check, ruled out by the source; with reasons. Follow a title to open "
                                              "its page.")
        self.results.document().setDefaultStyleSheet(CSS)
        self._shown: tuple | None = None      # the last (results, profile), to show again in another theme
        self.decorate = lambda html: html     # marks the person's data adds to the results ("Updated" tags)
        self.results.anchorClicked.connect(self._on_link)
        self.results.loadResource = lambda kind, _url: empty_resource(kind)
        rl.addWidget(self.results, 1)        # the room left over is the results', not the summary line's
        splitter.addWidget(results_host)
        splitter.setSizes([420, 380])
        scroll.viewport().installEventFilter(self._needs_reflow)     # the room the questions have
        self.summary.installEventFilter(self._needs_reflow)
        self._building = False

    # --- building blocks -------------------------------------------------------------------------------------
    def _guard(self, widget) -> None:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)   # not WheelFocus: the wheel never focuses it
        widget.installEventFilter(self._wheel_guard)

    def _combo(self, rows: QFormLayout, label: str, options, hint: str) -> QComboBox:
        combo = QComboBox()
        for text, value in options:
            combo.addItem(text, value)
        combo.setAccessibleName(label)
        combo.setAccessibleDescription(hint)
        combo.setToolTip(hint)
        combo.currentIndexChanged.connect(self._changed)
        self._guard(combo)
        rows.addRow(label, combo)
        return combo

    def _spin(self, rows: QFormLayout, label: str, low: int, high: int, special: str, hint: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setSpecialValueText(special)
        spin.setValue(low)
        spin.setAccessibleName(label)
        spin.setAccessibleDescription(hint)
        spin.setToolTip(hint)
        spin.valueChanged.connect(self._changed)
        self._guard(spin)
        rows.addRow(label, spin)
        return spin

    def fit_summary(self) -> None:
        """The summary's height for its lines at its width, from the font's measure (QLabel.heightForWidth gave
        six lines for four at 250 %, leaving the results a sliver)."""
        label = self.summary
        margins = label.contentsMargins()
        lines = label.fontMetrics().boundingRect(0, 0, max(1, label.contentsRect().width()), 1 << 20,
                                                 int(Qt.TextFlag.TextWordWrap), label.text())
        height = lines.height() + margins.top() + margins.bottom()
        if height > 0 and height != label.minimumHeight():
            label.setMinimumHeight(height)

    def reflow(self, width: int) -> None:
        """The questions laid out for the room they have (see reflow_needs and _place_circumstances)."""
        self.reflow_needs(width)
        first = self.circumstances[next(iter(self.circumstances))]
        answers = sum(b.sizeHint().width() for b in first.buttons.values()) + 4 * self._flags_grid.spacing()
        name = self.fontMetrics().horizontalAdvance("x" * 14)      # a circumstance's name beside them, wrapped
        self._place_circumstances(stacked=width < answers + name + 48)

    def _place_circumstances(self, stacked: bool) -> None:
        """Each circumstance's name with its Yes / No / Not known beside it, or above them when the panel is too
        narrow for both (large text in a drawer: they were cut off, or scrolled sideways)."""
        if stacked == self._flags_stacked:
            return
        self._flags_stacked = stacked
        grid = self._flags_grid
        grid.setColumnStretch(0, 0 if stacked else 1)      # the names take the room left, or the answers' end does
        grid.setColumnStretch(3, 1 if stacked else 0)
        for n, (name, c) in enumerate(zip(self._flag_names, self.circumstances.values(), strict=True)):
            row = 1 + (2 * n if stacked else n)
            grid.removeWidget(name)
            grid.addWidget(name, row, 0, 1, 3 if stacked else 1)
            for col, value in enumerate((YES, NO, NOT_KNOWN)):
                grid.removeWidget(c.buttons[value])
                grid.addWidget(c.buttons[value], row + 1 if stacked else row, col if stacked else col + 1)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_timer.start()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name: larger text, fewer lines in the same height
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_timer.start()

    def fit_height(self) -> None:
        """The compact layout while the panel holds fewer than COMPACT_LINES lines of its text."""
        lines = self.height() / max(1, self.fontMetrics().lineSpacing())
        limit = COMPACT_LINES + (COMPACT_HYSTERESIS if self.compact else 0)
        self.set_compact(lines < limit)

    def set_compact(self, on: bool) -> None:
        """The questions and the results as two tabs, each with the panel's whole height (a short panel: large
        text on a small screen), or one above the other."""
        if on == self.compact:
            return
        self.compact = on
        focus = self.focusWidget()
        if on:
            self.tabs.addTab(self.form_scroll, "&Questions")        # Alt+Q, Alt+R: Ctrl+Tab is the pages'
            self.tabs.addTab(self._results_host, "&Results")
            self._name_results_tab()
        else:
            self.tabs.clear()
            self.splitter.addWidget(self.form_scroll)
            self.splitter.addWidget(self._results_host)
            self.form_scroll.show()
            self._results_host.show()
        self.splitter.setVisible(not on)
        self.tabs.setVisible(on)
        if focus is not None and self.isAncestorOf(focus):
            self.show_part_of(focus)
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self.compact_changed.emit(on)

    def show_part_of(self, widget) -> None:
        """In the compact layout, the tab that holds widget made current."""
        if self.compact:
            part = self.form_scroll if self.form_scroll.isAncestorOf(widget) else self._results_host
            self.tabs.setCurrentWidget(part)

    def _name_results_tab(self) -> None:
        if self.compact and self._shown is not None:
            self.tabs.setTabText(1, f"&Results ({len(self._shown[0])})")

    def reflow_needs(self, width: int) -> None:
        """The need areas in two columns, or one when two would not fit the panel's width (large text, a narrow
        drawer): a box cut off at the panel's edge cannot be read or ticked."""
        widest = max(b.sizeHint().width() for b in self.need_boxes.values())
        spacing = self._needs_grid.horizontalSpacing() + 48          # and the group box's and form's margins
        columns = 2 if width >= 2 * widest + spacing else 1
        if columns == self._need_columns:
            return
        self._need_columns = columns
        for n, box in enumerate(self.need_boxes.values()):
            self._needs_grid.removeWidget(box)
            self._needs_grid.addWidget(box, n // columns, n % columns)

    def focus_first_question(self) -> None:
        """F9: the focus on the first need, so the keyboard starts where the questions start."""
        first = next(iter(self.need_boxes.values()))
        self.show_part_of(first)
        self.form_scroll.ensureWidgetVisible(first)
        first.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def set_areas(self, areas: tuple[str, ...]) -> None:
        """The region's areas for the Area question; hidden when the region names none."""
        self._building = True
        try:
            current = self.area.currentData()
            self.area.clear()
            self.area.addItem("Not known", None)
            for name in areas:
                self.area.addItem(name, name)
            self.area.setCurrentIndex(max(0, self.area.findData(current)))
            self._person_rows.setRowVisible(self._area_row, bool(areas))
        finally:
            self._building = False

    # --- state -----------------------------------------------------------------------------------------------
    def profile(self) -> Profile:
        def spin_value(spin: QSpinBox):
            return None if spin.value() == spin.minimum() else spin.value()

        answers = {f: c.value() for f, c in self.circumstances.items()}
        return Profile(
            needs=frozenset(n for n, b in self.need_boxes.items() if b.isChecked()),
            sex=self.sex.currentData(), age=spin_value(self.age), risk=self.risk.currentData(),
            ogrs=spin_value(self.ogrs), rosh=self.rosh.currentData(), sara=self.sara.currentData(),
            order_months=spin_value(self.order),
            flags=frozenset(f for f, v in answers.items() if v == YES),
            no_flags=frozenset(f for f, v in answers.items() if v == NO),
            consents=self.consents.currentData(), area=self.area.currentData(),
        )

    def set_profile(self, p: Profile) -> None:
        self._building = True
        try:
            for n, box in self.need_boxes.items():
                box.setChecked(n in p.needs)
            for f, c in self.circumstances.items():
                c.set_value(YES if f in p.flags else NO if f in p.no_flags else NOT_KNOWN)
            for combo, value in ((self.sex, p.sex), (self.risk, p.risk), (self.rosh, p.rosh), (self.sara, p.sara),
                                 (self.consents, p.consents), (self.area, p.area)):
                combo.setCurrentIndex(max(0, combo.findData(value)))
            for spin, value in ((self.age, p.age), (self.ogrs, p.ogrs), (self.order, p.order_months)):
                spin.setValue(spin.minimum() if value is None else value)
        finally:
            self._building = False
        self._changed()

    def none_of_the_others(self) -> None:
        """Every circumstance still not known becomes No, in one change."""
        self._building = True
        try:
            for c in self.circumstances.values():
                if c.value() is NOT_KNOWN:
                    c.set_value(NO)
        finally:
            self._building = False
        self._changed()

    def reset(self) -> None:
        self.set_profile(Profile())

    def _changed(self, *_args) -> None:
        if not self._building:
            self.profile_changed.emit(self.profile())

    def _on_link(self, url: QUrl) -> None:
        if url.scheme() == "item":
            self.item_activated.emit(url.toString()[5:])

    # --- results ----------------------------------------------------------------------------------------------
    def set_high_contrast(self, on: bool) -> None:
        """The results' colours for the theme; the results on show are laid out again in them."""
        self.results.document().setDefaultStyleSheet(CSS_HIGH_CONTRAST if on else CSS)
        if self._shown is not None:
            self.show_results(*self._shown)

    def redraw(self) -> None:
        """The results shown again (their marks changed)."""
        if self._shown is not None:
            self.show_results(*self._shown)

    def show_results(self, results, profile: Profile) -> None:
        self._shown = (results, profile)
        self.summary.setText(summary_text(results, profile))
        self.fit_summary()
        self._name_results_tab()
        self.results.setHtml(self.decorate(results_html(results, profile)))
        self.results.verticalScrollBar().setValue(0)     # a change shows the top of the new answer
