"""Actions as data. Each feature lists its commands as `Command`s (id, text, keys, what it runs, its tip); the window
makes the QActions from them, lays out the menus and the toolbar by id (window/menus.py), and the README's table of
shortcuts is generated from the same list (tests/ui/window/test_actions.py checks it is current)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence


@dataclass(frozen=True)
class Command:
    id: str                    # "feature.name": unique, used by the menu layout and tests
    text: str                  # as in the menu ("…" when it asks something first)
    run: str = ""              # the feature's method to call (checkable: called with the new state)
    keys: tuple[str, ...] = ()  # portable key sequences, the first one shown in tips and the README
    standard: str = ""         # a QKeySequence.StandardKey name whose platform bindings are added
    tip: str = ""              # what it does, for the tooltip and status line (the shortcut is appended)
    checkable: bool = False
    dock: str = ""             # the feature's dock this action shows and hides (its toggleViewAction); its keys
                               # show the panel and put the focus in it (Feature.panel_key), the menu item toggles
    enabled: bool = True

    @property
    def shortcut(self) -> str:
        return self.keys[0] if self.keys else ""

    def tooltip(self) -> str:
        text = self.tip or self.text.rstrip("…")
        return f"{text} ({self.shortcut})" if self.shortcut else text


def key_sequences(command: Command) -> list[QKeySequence]:
    keys: list[QKeySequence] = []
    standard = [getattr(QKeySequence.StandardKey, command.standard)] if command.standard else []
    for seq in [QKeySequence(k) for k in command.keys] + [b for s in standard for b in QKeySequence.keyBindings(s)]:
        if not seq.isEmpty() and seq not in keys:
            keys.append(seq)
    return keys


def make_action(command: Command, feature, parent) -> QAction:
    """The QAction of a command, its handler found on the feature by name. A dock's action is the dock's own
    toggleViewAction, given the command's text and keys."""
    run = _resolve(feature, command.run) if command.run else None
    if command.dock:
        act = _resolve(feature, command.dock).toggleViewAction()
        if run:
            act.triggered.connect(run)
        act.installEventFilter(_PanelKey(feature, act))
    else:
        act = QAction(parent)     # not QAction(text, parent): that overload sets up PySide's QIcon type (~4 ms)
        act.setCheckable(command.checkable)
        if run:
            act.triggered.connect(run if command.checkable else _without_checked(run))
    act.setText(command.text)
    act.setObjectName(command.id)
    act.setShortcuts(key_sequences(command))
    act.setToolTip(command.tooltip())
    act.setStatusTip(command.tooltip())
    act.setEnabled(command.enabled)
    parent.addAction(act)         # its keys work while the menu bar is hidden (presentation mode)
    return act


class _PanelKey(QObject):
    """A dock action's keys (F8, F9) go to the feature's panel_key: a panel already shown is given the focus rather
    than hidden, as the check item in the View menu would. Qt sends a shortcut to its action as a Shortcut event."""

    def __init__(self, feature, action: QAction):
        super().__init__(action)
        self.feature = feature

    def eventFilter(self, _obj, event) -> bool:
        if event.type() == QEvent.Type.Shortcut and not event.isAmbiguous():
            self.feature.panel_key()
            return True
        return False


def _resolve(obj, dotted: str):
    for name in dotted.split("."):
        obj = getattr(obj, name)
    return obj


def _without_checked(fn):
    return lambda _checked=False: fn()


def shortcut_rows(commands, more=()) -> list[tuple[str, tuple[str, ...]]]:
    """(action, keys) of every command that has keys, then more (keys a feature gives outside its commands)."""
    return [(c.text.rstrip("…"), c.keys) for c in commands if c.keys] + list(more)


def shortcut_table(commands, more=()) -> str:
    """The table of keyboard shortcuts (Markdown) of the README and Help, from the commands and more."""
    rows = ["| Action | Keys |", "|---|---|"]
    rows += [f"| {text} | {' or '.join(f'`{k}`' for k in keys)} |" for text, keys in shortcut_rows(commands, more)]
    return "\n".join(rows)
