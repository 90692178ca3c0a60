"""Saved decision-aid presets: one click applies, Ctrl+1...9, rename, delete, replace, kept across runs, and values
the app no longer knows left out with a word."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from brochure_app.advisor import Profile
from brochure_app.advisor.presets import profile_from_dict, suggest_name
from brochure_app.userdata.atomic import data_dir
from tests.ui.conftest import _activate


def test_save_and_apply_preset_in_one_click(make_window, qtbot):
    w = make_window()
    wiz = w.advisor.wizard
    wiz.set_profile(Profile(needs=frozenset({"accommodation"}), sex="female", age=35))
    assert suggest_name("London", wiz.profile()) == "London · women · age 35 · accommodation"
    w.advisor.presets.save("London · women · accommodation")
    assert w.advisor.preset_bar.names() == ["London · women · accommodation"]
    saved = json.loads((data_dir() / "presets.json").read_text())["presets"][0]
    assert saved["region"] == "london" and saved["profile"]["sex"] == "female"
    wiz.reset()
    w.set_region("north-east")
    chip = w.advisor.preset_bar.chips.item(0)
    with qtbot.waitSignal(w.advisor.updated):
        rect = w.advisor.preset_bar.chips.visualItemRect(chip)
        qtbot.mouseClick(w.advisor.preset_bar.chips.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.region == "london"
    profile = wiz.profile()
    assert profile.sex == "female" and profile.age == 35 and profile.needs == {"accommodation"}
    assert wiz.need_boxes["accommodation"].isChecked()


def test_presets_menu_shortcuts_and_restart(make_window, qtbot):
    w = make_window()
    w.advisor.wizard.set_profile(Profile(needs=frozenset({"maturity"}), age=19))
    w.advisor.presets.save("Young adults")
    w.advisor.wizard.set_profile(Profile(needs=frozenset({"alcohol"})))
    w.advisor.presets.save("Alcohol")
    texts = [a.text() for a in w.advisor.presets.menu.actions()]
    assert "Young adults" in texts and "Alcohol" in texts
    w.advisor.wizard.reset()
    _activate(w)
    qtbot.keyClick(w, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert w.advisor.wizard.profile().age == 19
    qtbot.keyClick(w, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert w.advisor.wizard.profile().needs == {"alcohol"} and w.advisor.wizard.profile().age is None
    w2 = make_window()
    assert w2.advisor.preset_bar.names() == ["Young adults", "Alcohol"]


def test_preset_rename_delete_and_replace(make_window, monkeypatch):
    from brochure_app.ui.advisor import presets

    w = make_window()
    w.advisor.wizard.set_profile(Profile(sex="male"))
    w.advisor.presets.save("Men")
    monkeypatch.setattr(presets, "ask_text", lambda *a, **k: ("Adult men", True))
    w.advisor.presets.rename_dialog("Men")
    assert w.advisor.preset_bar.names() == ["Adult men"]
    w.advisor.wizard.set_profile(Profile(sex="female"))
    w.advisor.presets.save("adult MEN")                    # same name, any case: replaced in place
    assert w.stores.presets.find("Adult men").profile["sex"] == "female"
    w.advisor.presets.delete_dialog("adult men", confirm=False)
    assert w.advisor.preset_bar.names() == [] and not w.advisor.preset_bar.chips.isVisible()


def test_preset_with_values_the_app_no_longer_knows(make_window):
    profile, left_out = profile_from_dict({"needs": ["alcohol", "gambling"], "sex": "other", "age": 300,
                                           "flags": ["homeless"]})
    assert profile == Profile(needs=frozenset({"alcohol"}), flags=frozenset({"homeless"}))
    assert sorted(left_out) == ["age 300", "need 'gambling'", "sex 'other'"]
    (data_dir()).mkdir(parents=True, exist_ok=True)
    (data_dir() / "presets.json").write_text(json.dumps({"presets": [
        {"name": "Old", "profile": {"needs": ["alcohol", "gambling"]}}, "junk"]}))
    w = make_window()
    assert w.advisor.preset_bar.names() == ["Old"] and "Saved data" in w.banner.label.text()
    assert w.advisor.presets.apply("Old") and "gambling" in w.statusBar().currentMessage()
    assert w.advisor.wizard.profile().needs == {"alcohol"}
