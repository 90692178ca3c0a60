"""The wizard side panel: what is known about the person → which interventions fit, and why."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from brochure_app.advisor import CHECK, SUITABLE, UNSUITABLE, Profile
from brochure_app.domain import taxonomy as tx
from brochure_app.ui.safe_document import empty_resource
from brochure_app.ui.theme import MUTED_QSS

_GROUPS = ((SUITABLE, "Suitable", "tag-suitable"), (CHECK, "Check", "tag-check"),
           (UNSUITABLE, "Unsuitable", "tag-unsuitable"))
_CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #0b0c0c; }
h3 { margin-top: 10px; margin-bottom: 4px; }
a { color: #1d70b8; font-weight: bold; }
.tag-suitable { background-color: #cce2d8; color: #005a30; font-weight: bold; }
.tag-check { background-color: #fff7bf; color: #594d00; font-weight: bold; }
.tag-unsuitable { background-color: #f4cdc6; color: #942514; font-weight: bold; }
.reason { color: #0b0c0c; }
.muted { color: #505a5f; }
"""


class WizardPanel(QWidget):
    profile_changed = Signal(object)     # Profile
    item_activated = Signal(str)         # item id

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Decision aid")
        self._building = True
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        splitter = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(splitter)

        form_host = QWidget()
        form = QVBoxLayout(form_host)
        intro = QLabel("Tick the needs and add what you know. Anything left blank is treated as not known; "
                       "a circumstance left unticked as not present.")
        intro.setWordWrap(True)
        intro.setStyleSheet(MUTED_QSS)
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
        form.addWidget(needs_box)

        person = QGroupBox("The person")
        rows = QFormLayout(person)
        self.sex = self._combo(rows, "Sex", (("Not known", None), ("Male", "male"), ("Female", "female")),
                               "Some programmes are for men or for women only.")
        self.age = self._spin(rows, "Age", 9, 120, "Not known", "Whole years; some services have age limits.")
        self.risk = self._combo(rows, "Likelihood of reoffending",
                                (("Not known", None),) + tuple((b.capitalize(), b) for b in tx.RISK_BANDS),
                                "If an OGRS score is given too, the score decides.")
        self.ogrs = self._spin(rows, "OGRS score", -1, 100, "Not known",
                               "0-100. DLNR bands: low 0-49, medium 50-74, high 75+.")
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
        form.addWidget(person)

        flags_box = QGroupBox("Circumstances (ticked = present)")
        flags = QGridLayout(flags_box)
        flags.setColumnStretch(1, 1)
        self.flag_boxes: dict[str, QCheckBox] = {}
        for row, (flag, (label, explain)) in enumerate(tx.FLAGS.items()):
            box = QCheckBox(label)
            hint = QLabel(explain)
            hint.setStyleSheet(MUTED_QSS)
            hint.setWordWrap(True)
            hint.setBuddy(box)
            box.setToolTip(explain)
            box.setAccessibleName(f"Circumstance: {label}")
            box.setAccessibleDescription(explain)
            box.toggled.connect(self._changed)
            self.flag_boxes[flag] = box
            flags.addWidget(box, row, 0)
            flags.addWidget(hint, row, 1)
        form.addWidget(flags_box)
        form.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(form_host)
        scroll.setAccessibleName("Questions about the person")
        splitter.addWidget(scroll)

        results_host = QWidget()
        rl = QVBoxLayout(results_host)
        rl.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.summary = QLabel("Tick a need area to see the interventions.")
        self.summary.setWordWrap(True)
        head.addWidget(self.summary, 1)
        self.reset_button = QPushButton("Reset")
        self.reset_button.setAccessibleName("Reset the decision aid")
        self.reset_button.setToolTip("Clear every answer")
        self.reset_button.clicked.connect(self.reset)
        head.addWidget(self.reset_button)
        rl.addLayout(head)
        self.results = QTextBrowser()
        self.results.setOpenLinks(False)
        self.results.setAccessibleName("Decision aid results")
        self.results.setAccessibleDescription("Interventions grouped Suitable, Check and Unsuitable, with reasons. "
                                              "Follow a title to open its page.")
        self.results.document().setDefaultStyleSheet(_CSS)
        self.results.anchorClicked.connect(self._on_link)
        self.results.loadResource = lambda kind, _url: empty_resource(kind)
        rl.addWidget(self.results)
        splitter.addWidget(results_host)
        splitter.setSizes([420, 380])
        self._building = False

    # --- building blocks -------------------------------------------------------------------------------------
    def _combo(self, rows: QFormLayout, label: str, options, hint: str) -> QComboBox:
        combo = QComboBox()
        for text, value in options:
            combo.addItem(text, value)
        combo.setAccessibleName(label)
        combo.setAccessibleDescription(hint)
        combo.setToolTip(hint)
        combo.currentIndexChanged.connect(self._changed)
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
        rows.addRow(label, spin)
        return spin

    # --- state -----------------------------------------------------------------------------------------------
    def profile(self) -> Profile:
        def spin_value(spin: QSpinBox):
            return None if spin.value() == spin.minimum() else spin.value()

        return Profile(
            needs=frozenset(n for n, b in self.need_boxes.items() if b.isChecked()),
            sex=self.sex.currentData(), age=spin_value(self.age), risk=self.risk.currentData(),
            ogrs=spin_value(self.ogrs), rosh=self.rosh.currentData(), sara=self.sara.currentData(),
            order_months=spin_value(self.order),
            flags=frozenset(f for f, b in self.flag_boxes.items() if b.isChecked()),
            consents=self.consents.currentData(),
        )

    def set_profile(self, p: Profile) -> None:
        self._building = True
        try:
            for n, box in self.need_boxes.items():
                box.setChecked(n in p.needs)
            for f, box in self.flag_boxes.items():
                box.setChecked(f in p.flags)
            for combo, value in ((self.sex, p.sex), (self.risk, p.risk), (self.rosh, p.rosh), (self.sara, p.sara),
                                 (self.consents, p.consents)):
                combo.setCurrentIndex(max(0, combo.findData(value)))
            for spin, value in ((self.age, p.age), (self.ogrs, p.ogrs), (self.order, p.order_months)):
                spin.setValue(spin.minimum() if value is None else value)
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

    # --- results ---------------------------------------------------------------------------------------------
    def show_results(self, results, profile: Profile) -> None:
        counts = {v: sum(1 for r in results if r.verdict == v) for v, _l, _c in _GROUPS}
        if not profile.needs:
            self.summary.setText("No need ticked: showing every intervention of the region. "
                                 f"{counts[SUITABLE]} suitable, {counts[CHECK]} to check, "
                                 f"{counts[UNSUITABLE]} unsuitable.")
        else:
            self.summary.setText(f"{counts[SUITABLE]} suitable, {counts[CHECK]} to check, "
                                 f"{counts[UNSUITABLE]} unsuitable.")
        parts: list[str] = []
        for verdict, label, css in _GROUPS:
            group = [r for r in results if r.verdict == verdict]
            parts.append(f"<h3><span class='{css}'>&nbsp;{label}&nbsp;</span> ({len(group)})</h3>")
            if not group:
                parts.append("<p class='muted'>None.</p>")
            for r in group:
                needs = ", ".join(tx.NEEDS[n][0] for n in r.needs_met)
                reasons = "".join(f"<li class='reason'>{html.escape(x)}</li>" for x in r.reasons[:3])
                more = f"<li class='muted'>… {len(r.reasons) - 3} more</li>" if len(r.reasons) > 3 else ""
                notes = (f"<br><span class='muted'>To confirm in person: {html.escape('; '.join(r.notes[:2]))}"
                         f"{' …' if len(r.notes) > 2 else ''}</span>") if r.notes else ""
                parts.append(f"<p><a href='item:{html.escape(r.item.id)}'>{html.escape(r.item.title)}</a>"
                             f"{' · <span class=muted>' + html.escape(needs) + '</span>' if needs else ''}"
                             f"<ul>{reasons}{more}</ul>{notes}</p>")
        bar = self.results.verticalScrollBar().value()
        self.results.setHtml("".join(parts))
        self.results.verticalScrollBar().setValue(bar)
