"""Access: high contrast (one palette and one style sheet on the whole app, following the system's contrast setting
until the person chooses), the focus ring, F6 / Shift+F6 between the page and the panels, and Help ▸ Keyboard
shortcuts."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from brochure_app.ui.common import app_style, theme
from brochure_app.ui.common.actions import Command
from brochure_app.ui.common.feature import Feature

# F6 goes round these features' panels in this order (those shown), as in many desktop apps.
PANEL_ORDER = ("pages", "advisor", "search", "bench")


class AccessFeature(Feature):
    COMMANDS = (
        Command("access.contrast", "High contrast", "choose_high_contrast", ("Ctrl+Shift+H",), checkable=True,
                tip="High contrast: white text on black, yellow controls"),
        Command("access.next_panel", "Next panel", "next_panel", ("F6",),
                tip="The focus to the next panel: page, decision aid, search results, shortlist"),
        Command("access.previous_panel", "Previous panel", "previous_panel", ("Shift+F6",),
                tip="The focus to the previous panel"),
        Command("access.shortcuts", "Keyboard shortcuts", "show_shortcuts", ("Ctrl+F1",),
                tip="Every command's keys"),
    )

    def __init__(self, window):
        super().__init__(window)
        self._base_palette = None     # the style's own palette, before any theme's colours
        self.ring = None
        self.dialog = None
        self._hints = None

    def wire(self) -> None:
        self.state.contrast_changed.connect(self._apply)

    def after_first_paint(self) -> None:
        """The focus ring, the default theme's colours, and the system's contrast setting, which may have changed
        since the theme painted first was saved (reading it builds Qt's enums, see lazy_qt: on a first run it is
        read before the first paint, persistence.restore_window)."""
        from brochure_app.ui.access.focus_ring import FocusRing, install

        if self.ring is None:
            self.ring = FocusRing()
            self.ring.set_high_contrast(self.state.high_contrast)
            install(self.ring)
        if not self.state.high_contrast:
            self._apply(False)
        hints = self._accessibility_hints()
        if hints is not None:      # Qt 6.10 and later: the system's setting is known
            hints.contrastPreferenceChanged.connect(lambda _p: self.follow_system())
            self.follow_system()   # the theme shown first was last run's (restore_window): the system's may differ

    # --- high contrast ---------------------------------------------------------------------------------------
    def system_prefers_high_contrast(self) -> bool:
        from PySide6.QtCore import Qt

        hints = self._accessibility_hints()
        return hints is not None and hints.contrastPreference() == Qt.ContrastPreference.HighContrast

    def _accessibility_hints(self):
        """Qt's accessibility hints, with the style hints they belong to kept: PySide deletes the hints' wrapper
        with a temporary style hints' one ('Internal C++ object already deleted'). None before Qt 6.10 (the glibc
        2.28 bundle has Qt 6.9), which has no such hints: the system's contrast setting is not followed there, and
        high contrast is chosen from the View menu or with Ctrl+Shift+H."""
        if self._hints is None:
            style_hints = QApplication.instance().styleHints()
            accessibility = getattr(style_hints, "accessibility", None)
            self._hints = (style_hints, accessibility() if accessibility is not None else None)
        return self._hints[1]

    def follow_system(self) -> None:
        """The system's high-contrast setting, unless the person has chosen the theme here (View menu or keys)."""
        if self.window.settings.value("contrast_chosen", False) not in (True, "true", "1", 1):
            self.set_high_contrast(self.system_prefers_high_contrast())

    def choose_high_contrast(self, on: bool) -> None:
        """The person's choice (the command): kept, and the system's setting no longer followed."""
        self.window.settings.setValue("contrast_chosen", True)
        self.set_high_contrast(on)

    def set_high_contrast(self, on: bool) -> None:
        self.state.set_high_contrast(on)
        self.action("access.contrast").setChecked(self.state.high_contrast)
        self.window.schedule_save()

    def _apply(self, on: bool) -> None:
        """The theme on the whole app (window, docks, dialogs, tool windows): its palette, then its style sheet."""
        app = QApplication.instance()
        if self._base_palette is None:
            from PySide6.QtGui import QPalette

            self._base_palette = QPalette(app.palette())
        app.setPalette(theme.palette_for(on, self._base_palette))
        app_style.set_part("theme", theme.high_contrast_qss() if on else theme.default_qss())
        self.window.banner.setStyleSheet("" if on else theme.BANNER_QSS)
        if self.ring is not None:
            self.ring.set_high_contrast(on)

    def close(self) -> None:
        """The app as it was (a test's next window, a window made again): the style's palette, no style sheet."""
        app = QApplication.instance()
        if self._base_palette is not None:
            app.setPalette(self._base_palette)
            app_style.set_part("theme", "")
        if self.ring is not None:
            from brochure_app.ui.access.focus_ring import uninstall

            uninstall(self.ring)
            self.ring.deleteLater()
            self.ring = None

    # --- the keyboard ----------------------------------------------------------------------------------------
    def panels(self) -> list:
        return [getattr(self.window, name) for name in PANEL_ORDER]

    def next_panel(self) -> None:
        self._step(+1)

    def previous_panel(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        """The focus to the next (or previous) panel that is shown, from the one that has it (from the page when
        none does)."""
        focus = QApplication.focusWidget()
        panels = self.panels()
        here = next((n for n, p in enumerate(panels) if focus is not None and p.panel_host() is not None
                     and (p.panel_host() is focus or p.panel_host().isAncestorOf(focus))), None)
        start = here if here is not None else (0 if step > 0 else len(panels))
        for n in range(1, len(panels) + 1):
            feature = panels[(start + step * n) % len(panels)]
            if feature.focus_panel():
                return

    def show_shortcuts(self) -> None:
        from brochure_app.ui.access.shortcuts_dialog import ShortcutsDialog

        if self.dialog is None:
            self.dialog = ShortcutsDialog(self.window.all_commands(), self.window.more_keys(), self.window)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
