"""The decision aid: its dock (the panel is made just after the first paint), the results for the current region and
answers, and the presets (advisor/presets.py). The answers are the window state's profile."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDockWidget, QLabel, QVBoxLayout, QWidget

from brochure_app.ui.advisor.presets import Presets
from brochure_app.ui.common.actions import Command
from brochure_app.ui.common.feature import Feature
from brochure_app.ui.common.lazy_qt import Qt

PRESENT_QSS = "font-size: 14pt;"     # the panel's type in presentation mode


class AdvisorFeature(Feature):
    COMMANDS = (
        Command("advisor.toggle", "Decision aid", "focus_if_shown", ("F9",), dock="dock",
                tip="Show or hide the decision aid"),
        *Presets.COMMANDS,
    )
    MORE_KEYS = Presets.MORE_KEYS
    updated = Signal(object)          # the results shown (advisor.recommend's)

    def __init__(self, window):
        super().__init__(window)
        self._wizard = None
        self._preset_bar = None
        host = QWidget()
        self._box = QVBoxLayout(host)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(0)
        self._placeholder = QLabel("Preparing the decision aid…")
        self._placeholder.setProperty("alignment", "AlignCenter")      # by name: see lazy_qt
        self._box.addWidget(self._placeholder, 1)
        self.dock = QDockWidget("Decision aid", window)
        self.dock.setObjectName("wizard")
        self.dock.setWidget(host)
        self.presets = Presets(self)

    def wire(self) -> None:
        self.state.region_changed.connect(lambda _r: self.built and self._follow_region())
        self.state.profile_changed.connect(self.update)
        self.state.contrast_changed.connect(lambda on: self.built and self._wizard.set_high_contrast(on))
        self.state.presenting_changed.connect(lambda on: self.dock.widget().setStyleSheet(PRESENT_QSS if on else ""))

    def after_first_paint(self) -> None:
        self.build()

    @property
    def built(self) -> bool:
        return self._wizard is not None

    @property
    def wizard(self):
        """The decision aid's panel, made now if it is not yet."""
        self.build()
        return self._wizard

    @property
    def preset_bar(self):
        self.build()
        return self._preset_bar

    def build(self) -> None:
        """Makes the panel and the preset bar, wires them, and shows the region's results."""
        if self._wizard is not None:
            return
        from brochure_app.advisor import Profile
        from brochure_app.ui.advisor.preset_bar import PresetBar
        from brochure_app.ui.advisor.wizard_panel import WizardPanel

        w = self._wizard = WizardPanel()
        bar = self._preset_bar = PresetBar()
        self._box.removeWidget(self._placeholder)
        self._placeholder.hide()           # at once: deleteLater waits for the event loop (a screenshot has none)
        self._placeholder.deleteLater()
        self._box.addWidget(bar)
        self._box.addWidget(w, 1)
        w.set_high_contrast(self.state.high_contrast)
        w.results.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        w.profile_changed.connect(self.state.set_profile)
        w.compact_changed.connect(bar.set_compact)
        bar.set_compact(w.compact)
        w.item_activated.connect(lambda item_id: self.window.pages.open(f"item:{item_id}", True))
        w.results.customContextMenuRequested.connect(self._menu)
        self.presets.attach(bar)
        if self.state.profile is None:
            self.state.profile = Profile()
        if self.state.region:
            self._follow_region()

    def profile(self):
        """The answers given (an empty profile before the panel is made)."""
        if self.state.profile is None:
            from brochure_app.advisor import Profile

            return Profile()
        return self.state.profile

    def set_profile(self, profile) -> None:
        self.wizard.set_profile(profile)

    def _follow_region(self) -> None:
        self.wizard.set_areas(self.window.catalogue.regions[self.state.region].areas)
        self.update(self.wizard.profile())

    def update(self, profile) -> None:
        """The results of the region's interventions for these answers."""
        if not self.state.region or not self.built:
            return
        from brochure_app.advisor import recommend

        cat = self.window.catalogue
        results = recommend(cat.items(self.state.region), profile, cat.regions.get(self.state.region))
        self.wizard.show_results(results, profile)
        self.updated.emit(results)

    def focus_in_panel(self) -> bool:
        """The focus on the first question (F9 when it opens the panel, F6)."""
        self.wizard.focus_first_question()
        return True

    def _menu(self, pos) -> None:
        browser = self.wizard.results
        anchor = browser.anchorAt(pos)
        menu = browser.createStandardContextMenu(pos)
        if anchor.startswith("item:"):
            menu = self.window.item_menu(anchor[5:], self.state.region, menu)
        menu.exec(browser.viewport().mapToGlobal(pos))
