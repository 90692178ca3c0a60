"""The wrapping row of controls: one line when there is room, more lines when not, never wider than its widest
control; the compare tool's bar uses it (at 200 % its one row made the tool wider than a laptop's window)."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget


def test_controls_wrap_onto_more_lines_when_narrow(qtbot):
    from brochure_app.ui.common.flow_layout import FlowLayout

    host = QWidget()
    qtbot.addWidget(host)
    bar = FlowLayout(host)
    buttons = [QPushButton(f"Button number {n}") for n in range(4)]
    for button in buttons:
        bar.addWidget(button)
    one_line = bar.sizeHint()
    assert bar.heightForWidth(one_line.width()) == one_line.height()
    narrow = max(b.sizeHint().width() for b in buttons) + 10
    assert bar.heightForWidth(narrow) >= 4 * buttons[0].sizeHint().height()
    assert bar.minimumSize().width() <= narrow
    host.resize(narrow, bar.heightForWidth(narrow))
    host.show()
    qtbot.waitExposed(host)
    assert all(host.rect().contains(b.geometry()) for b in buttons)
    assert len({b.geometry().top() for b in buttons}) == 4          # one a line


def test_the_compare_tool_fits_a_narrow_window_at_large_text(qtbot, catalogue):
    from brochure_app.ui.bench.compare_view import CompareView

    view = CompareView(catalogue)
    qtbot.addWidget(view)
    font = view.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    view.setFont(font)
    assert view.minimumSizeHint().width() <= 700
