"""A tool window's status line keeps to two lines, so that the tool keeps the window (a band's full source wording
took half a 600-pixel window at 250 %); the whole report stays in its tooltip and for a screen reader."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def test_a_long_report_takes_two_lines_and_stays_whole_in_the_tooltip(qtbot):
    from brochure_app.ui.common.tool_window import ToolWindow

    window = ToolWindow("Tool", QWidget())
    qtbot.addWidget(window)
    window.resize(600, 400)
    window.show()
    qtbot.waitExposed(window)
    status = window.status
    report = " ".join(f"Curfew, band {n}: the source says “Low — a few weeks”, section “Curfew”." for n in range(12))
    window.show_status(report)
    qtbot.waitUntil(lambda: status.height() <= 2 * status.fontMetrics().lineSpacing() + 4)
    assert status.text().endswith("…") and status.text()[:-1] in report
    assert status.toolTip() == report and status.accessibleDescription() == report

    window.show_status("Curfew, low seriousness: a few weeks.")
    assert status.text() == "Curfew, low seriousness: a few weeks."
    font = status.font()
    font.setPointSizeF(font.pointSizeF() * 2.5)          # 250 %: still two lines, fewer words
    window.setFont(font)
    window.show_status(report)
    qtbot.waitUntil(lambda: status.height() <= 2 * status.fontMetrics().lineSpacing() + 4)
