"""Commands as data (ui/common/actions.py): the menus and toolbar name only commands, no two commands share an id
or a key, every QAction shows its shortcut in its tip, and the README's table of shortcuts is the commands' own."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from brochure_app.ui.window import menus
from brochure_app.ui.window.main_window import MainWindow
from brochure_app.ui.window.shortcuts import END, START, readme_section

README = Path(__file__).resolve().parents[3] / "README.md"


def test_menus_and_toolbar_name_only_commands_and_ids_are_unique():
    ids = [c.id for c in MainWindow.all_commands()]
    assert len(ids) == len(set(ids))
    assert set(menus.menu_ids()) <= set(ids)
    unplaced = {c.id for c in MainWindow.all_commands()} - set(menus.menu_ids())
    # Commands with no menu place are keys only: presentation's steps (its bar has buttons for them).
    assert unplaced <= {"presentation.next", "presentation.previous", "presentation.exit"}


def test_no_two_commands_share_a_key():
    keys = Counter(k for c in MainWindow.all_commands() for k in c.keys)
    assert [k for k, n in keys.items() if n > 1] == []


def test_every_action_with_keys_shows_them_in_its_tip(make_window):
    from PySide6.QtGui import QKeySequence

    w = make_window()
    for command in MainWindow.all_commands():
        act = w.action(command.id)
        assert act.text() == command.text
        if command.keys:
            assert f"({command.keys[0]})" in act.toolTip()
            assert act.shortcuts()[0] == QKeySequence(command.keys[0])


def test_the_readme_table_is_made_from_the_commands():
    text = README.read_text(encoding="utf-8")
    start, end = text.index(START), text.index(END) + len(END)
    assert text[start:end] == readme_section(), \
        "README's shortcuts are out of date: run python -m brochure_app.ui.window.shortcuts"
    for command in MainWindow.all_commands():
        for key in command.keys:
            assert f"`{key}`" in text[start:end]


def test_a_shortcut_key_runs_its_command(make_window, qtbot):
    from PySide6.QtCore import Qt

    w = make_window()
    w.open_page("item:bbr", new_tab=True)
    assert w.bench.shortlisted() == []
    qtbot.keyClick(w, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert w.bench.shortlisted() == ["bbr"]


def test_help_user_guide_says_the_decision_aids_words_and_every_shortcut(make_window, qtbot):
    from PySide6.QtCore import Qt

    from brochure_app.advisor import VERDICT_WORDS

    w = make_window()
    qtbot.keyClick(w, Qt.Key.Key_F1)
    assert w.tabs.current_key() == "help:guide"
    text = w.tabs.current_view().toPlainText()
    assert all(word in text for word in VERDICT_WORDS.values())
    for command in MainWindow.all_commands():
        for key in command.keys:
            assert key in text, key
    help_action = next(a for a in w.menuBar().actions() if a.text() == "&Help")   # held: see test_keyboard
    assert [a.text() for a in help_action.menu().actions() if a.text()][:3] == ["User guide", "Keyboard shortcuts",
                                                                               "What's new in this edition"]
