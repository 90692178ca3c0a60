"""Presets: the decision aid's answers kept under a name (userdata.presets), in the Presets menu (Ctrl+1…9) and as
chips above the questions; saved, applied, renamed and deleted here."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from brochure_app.ui.common.actions import Command
from brochure_app.ui.common.fit import ask_text
from brochure_app.ui.common.markup import ask


class Presets:
    MORE_KEYS = (("Apply preset 1 to 9 (Presets menu)", ("Ctrl+1 … Ctrl+9",)),)     # made per preset in refresh
    COMMANDS = (
        Command("advisor.preset_save", "Save answers as preset…", "presets.save_dialog", ("Ctrl+Shift+P",),
                tip="Keep the decision aid's answers under a name"),
        Command("advisor.preset_rename", "Rename preset…", "presets.rename_dialog"),
        Command("advisor.preset_delete", "Delete preset…", "presets.delete_dialog"),
    )

    def __init__(self, feature):
        self.feature = feature
        self.window = feature.window
        self.menu = None            # the window's Presets menu, filled by refresh
        self.bar = None
        self.group = QActionGroup(feature)
        self.group.setExclusive(False)
        self.group.triggered.connect(lambda act: self.apply(act.data()))
        self.actions: list[QAction] = []

    @property
    def store(self):
        return self.window.stores.presets

    def attach(self, bar) -> None:
        self.bar = bar
        bar.apply_requested.connect(self.apply)
        bar.save_requested.connect(self.save_dialog)
        bar.rename_requested.connect(self.rename_dialog)
        bar.delete_requested.connect(self.delete_dialog)
        self.refresh()

    def refresh(self) -> None:
        """The menu and the chips, from the saved presets."""
        names = {rid: r.name for rid, r in self.window.catalogue.regions.items()}
        presets = self.store.all()
        if presets or self.bar is not None:
            from brochure_app.advisor.presets import describe, profile_from_dict
        if self.bar is not None:
            self.bar.set_presets([(p.name, describe(profile_from_dict(p.profile)[0], names.get(p.region, "")))
                                  for p in presets])
        for act in self.actions:
            self.group.removeAction(act)
            self.window.removeAction(act)
            act.deleteLater()
        self.actions = []
        menu = self.menu
        menu.clear()
        menu.addAction(self.window.action("advisor.preset_save"))
        menu.addSeparator()
        for n, preset in enumerate(presets):
            act = QAction(preset.name, self.window)
            act.setData(preset.name)
            if n < 9:
                act.setShortcut(QKeySequence(f"Ctrl+{n + 1}"))
            act.setStatusTip(describe(profile_from_dict(preset.profile)[0], names.get(preset.region, "")))
            self.group.addAction(act)
            self.window.addAction(act)
            menu.addAction(act)
            self.actions.append(act)
        if not presets:
            menu.addAction("No presets saved yet").setEnabled(False)
        menu.addSeparator()
        for name in ("advisor.preset_rename", "advisor.preset_delete"):
            menu.addAction(self.window.action(name))
            self.window.action(name).setEnabled(bool(presets))

    def apply(self, name: str) -> bool:
        from brochure_app.advisor.presets import profile_from_dict

        preset = self.store.find(name or "")
        if preset is None:
            return False
        profile, left_out = profile_from_dict(preset.profile)
        if preset.region and preset.region in self.window.catalogue.regions:
            self.window.set_region(preset.region)
        self.feature.set_profile(profile)
        self.feature.dock.show()
        note = f" Left out (no longer known): {', '.join(left_out)}." if left_out else ""
        self.window.status(f"Applied the preset “{preset.name}”.{note}")
        return True

    def save(self, name: str, with_region: bool = True) -> None:
        region = self.window.state.region
        try:
            self.store.save_preset(name, self.feature.profile().as_dict(), region if with_region else None)
        except (ValueError, OSError) as exc:
            self.refresh()             # an OSError leaves it in memory for this session
            self.window.status(f"The preset could not be saved: {exc}")
            return
        self.refresh()
        self.window.status(f"Saved the preset “{' '.join(name.split())}”.")

    def save_dialog(self) -> None:
        from brochure_app.advisor.presets import suggest_name

        region = self.window.state.region
        region_name = self.window.catalogue.regions[region].short_name if region else ""
        name, ok = ask_text(self.window, "Save answers as preset", "Name of the preset:",
                            suggest_name(region_name, self.feature.profile()))
        if not ok or not name.strip():
            return
        if self.store.find(name) is not None and not ask(
                self.window, "Replace preset", f"A preset called “{name.strip()}” exists. Replace it with the "
                "current answers?"):
            return
        self.save(name)

    def _choose(self, title: str) -> str | None:
        from PySide6.QtWidgets import QInputDialog

        names = self.store.names()
        if not names:
            return None
        name, ok = QInputDialog.getItem(self.window, title, "Preset:", names, 0, False)
        return name if ok else None

    def rename_dialog(self, name: str | None = None) -> None:
        name = name or self._choose("Rename preset")
        if not name:
            return
        new, ok = ask_text(self.window, "Rename preset", "New name:", name)
        if ok and new.strip():
            try:
                self.store.rename(name, new)
            except (ValueError, OSError) as exc:
                self.window.status(f"The preset could not be renamed: {exc}")
                return
            self.refresh()

    def delete_dialog(self, name: str | None = None, confirm: bool = True) -> None:
        name = name or self._choose("Delete preset")
        if not name:
            return
        if confirm and not ask(self.window, "Delete preset", f"Delete the preset “{name}”?"):
            return
        try:
            self.store.remove(name)
        except OSError as exc:
            self.window.status(f"The preset could not be deleted: {exc.strerror or exc}")
            return
        self.refresh()
