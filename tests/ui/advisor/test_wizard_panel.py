"""The decision aid's panel on its own: Yes / No / Not known circumstances, the wheel, the words it shows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from brochure_app.advisor import Profile, recommend
from brochure_app.domain import taxonomy as tx


def shown_panel(qtbot, width: int, height: int = 700):
    """A decision-aid panel on its own, shown at width x height."""
    from brochure_app.ui.advisor.wizard_panel import WizardPanel

    p = WizardPanel()
    qtbot.addWidget(p)
    p.resize(width, height)
    p.show()
    qtbot.waitExposed(p)
    return p


@pytest.fixture
def panel(qtbot):
    return shown_panel(qtbot, 420)


def _results(catalogue, region, profile):
    return recommend(catalogue.items(region), profile, catalogue.regions[region])


def test_every_circumstance_starts_not_known_and_takes_three_answers(panel, qtbot):
    assert set(panel.circumstances) == set(tx.FLAGS)
    assert panel.profile().flags == frozenset() and panel.profile().no_flags == frozenset()
    with qtbot.waitSignal(panel.profile_changed) as blocker:
        panel.circumstances["ipv-offence"].buttons["yes"].click()
    assert blocker.args[0].flags == {"ipv-offence"}
    with qtbot.waitSignal(panel.profile_changed) as blocker:
        panel.circumstances["ipv-offence"].buttons["no"].click()
    assert blocker.args[0].flags == frozenset() and blocker.args[0].no_flags == {"ipv-offence"}
    with qtbot.waitSignal(panel.profile_changed) as blocker:
        panel.circumstances["ipv-offence"].buttons[None].click()
    assert blocker.args[0].no_flags == frozenset()
    names = {b.accessibleName() for c in panel.circumstances.values() for b in c.buttons.values()}
    assert "IPV offence: Not known" in names and len(names) == 3 * len(tx.FLAGS)


def test_none_of_the_others_answers_no_in_one_click_and_keeps_yes(panel, qtbot):
    panel.circumstances["drug-dependent"].buttons["yes"].click()
    with qtbot.waitSignal(panel.profile_changed) as blocker:
        panel.none_else.click()
    p = blocker.args[0]
    assert p.flags == {"drug-dependent"} and p.no_flags == set(tx.FLAGS) - {"drug-dependent"}


def test_set_profile_round_trips_the_three_answers(panel):
    given = Profile(needs=frozenset({"drugs"}), flags=frozenset({"homeless"}),
                    no_flags=frozenset({"unemployed", "ipv-offence"}), age=30, sex="male")
    panel.set_profile(given)
    assert panel.profile() == given


def test_the_wheel_over_a_question_not_clicked_into_leaves_the_answer(panel, qtbot):
    combo = panel.sex
    panel.reset_button.setFocus()
    assert not combo.hasFocus()
    before = combo.currentIndex()
    for spin_or_combo in (combo, panel.age):
        value = spin_or_combo.currentIndex() if spin_or_combo is combo else spin_or_combo.value()
        event = QWheelEvent(QPointF(5, 5), QPointF(spin_or_combo.mapToGlobal(QPoint(5, 5))), QPoint(0, 0),
                            QPoint(0, -120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                            Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(spin_or_combo, event)
        after = spin_or_combo.currentIndex() if spin_or_combo is combo else spin_or_combo.value()
        assert after == value
    assert combo.currentIndex() == before
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus


def test_the_area_question_appears_only_where_the_region_names_areas(panel, catalogue):
    panel.set_areas(catalogue.regions["dlnr"].areas)
    assert not panel.area.isHidden() and panel.area.findData("Derbyshire") > 0
    panel.area.setCurrentIndex(panel.area.findData("Derbyshire"))
    assert panel.profile().area == "Derbyshire"
    panel.set_areas(catalogue.regions["london"].areas)
    assert panel.area.isHidden() and panel.profile().area is None


def test_results_words_warnings_history_and_what_would_settle_it(panel, catalogue):
    profile = Profile(needs=frozenset({"thinking-behaviour"}), risk="low", ogrs=90)
    panel.show_results(_results(catalogue, "dlnr", profile), profile)
    text = panel.results.toPlainText()
    assert text.lstrip().startswith("⚠") and "OGRS 90" in text
    assert "Historical" in text and "Would settle it:" in text
    assert "Suitable" not in text and "To check" in text


def test_alternatives_sit_under_the_item_they_stand_in_for(panel, catalogue):
    profile = Profile(needs=frozenset({"domestic-abuse"}), sex="male", age=40, flags=frozenset({"ipv-offence"}))
    panel.show_results(_results(catalogue, "london", profile), profile)
    text = panel.results.toPlainText()
    assert "an alternative to BBR" in text
    bbr_at = text.index("Building Better Relationships")
    assert any(text.index(title) > bbr_at for title in ("Skills for Relationships", "Positive Pathways Plus")
               if title in text)


def test_a_change_shows_the_top_of_the_results(panel, catalogue):
    panel.resize(420, 500)
    everything = Profile(needs=frozenset(tx.NEEDS))
    panel.show_results(_results(catalogue, "london", everything), everything)
    bar = panel.results.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert bar.value() > 0
    panel.show_results(_results(catalogue, "london", everything), everything)
    assert bar.value() == 0


def test_f9_puts_the_focus_on_the_first_question(make_window, qtbot):
    w = make_window()
    w.advisor.dock.hide()
    w.search.box.setFocus()
    w.action("advisor.toggle").trigger()
    assert w.advisor.dock.isVisible()
    first = next(iter(w.advisor.wizard.need_boxes.values()))
    qtbot.waitUntil(first.hasFocus)


def test_high_contrast_results_are_light_on_the_black_window(make_window, qtbot):
    """In high contrast the window is black: the reasons and links of the results must not stay dark."""
    from PySide6.QtGui import QColor, QTextFormat

    w = make_window()
    w.advisor.wizard.need_boxes["domestic-abuse"].setChecked(True)
    w.set_high_contrast(True)
    doc = w.advisor.wizard.results.document()
    block = doc.begin()
    colours = set()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()     # text without a colour of its own takes the window's (white) one
            if (fragment.text().strip() and fmt.hasProperty(QTextFormat.Property.ForegroundBrush)
                    and not fmt.hasProperty(QTextFormat.Property.BackgroundBrush)):
                colours.add(fmt.foreground().color().lightness())
            it += 1
        block = block.next()
    assert colours and min(colours) >= QColor("#ffff00").lightness() // 2, colours
    w.set_high_contrast(False)
    assert "#0b0c0c" in w.advisor.wizard.results.document().defaultStyleSheet()


def test_need_areas_take_one_column_when_two_would_be_cut_off(qtbot):
    panel = shown_panel(qtbot, 900)
    boxes = list(panel.need_boxes.values())
    qtbot.waitUntil(lambda: boxes[1].y() == boxes[0].y())                    # wide: side by side
    panel.resize(2 * max(b.sizeHint().width() for b in panel.need_boxes.values()) - 20, 700)
    qtbot.waitUntil(lambda: boxes[1].y() > boxes[0].y())                     # narrow: one under the other
    viewport = panel.form_scroll.viewport()
    for box in boxes:
        right = box.mapTo(viewport, box.rect().topLeft()).x() + box.sizeHint().width()
        assert right <= viewport.width(), box.text()                         # none cut off at the edge


def test_the_results_summary_gets_the_height_its_words_need_in_large_type(qtbot, catalogue):
    from PySide6.QtGui import QFont

    from brochure_app.advisor import Profile, recommend

    panel = shown_panel(qtbot, 420, 600)
    profile = Profile()
    panel.show_results(recommend(catalogue.items("london"), profile, catalogue.regions["london"]), profile)
    big = QFont(panel.font())
    big.setPointSizeF(panel.font().pointSizeF() * 2.5)
    panel.setFont(big)
    label = panel.summary
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))     # every line shown whole
    assert label.heightForWidth(label.width()) > 3 * label.fontMetrics().lineSpacing()
