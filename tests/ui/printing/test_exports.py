"""File ▸ Export PDF and Export website from the window, in the background."""

from __future__ import annotations


def test_export_current_page_pdf_in_the_background(make_window, qtbot, tmp_path):
    w = make_window()
    w.open_page("item:tsp", new_tab=True)
    out = tmp_path / "tsp.pdf"
    job = w.printing.export_pdf("page", out)
    assert job is not None
    with qtbot.waitSignal(job.done, timeout=60000) as blocker:
        pass
    assert blocker.args[0].path == out and blocker.args[0].pages >= 1
    assert out.read_bytes().startswith(b"%PDF")
    qtbot.waitUntil(lambda: not job.running(), timeout=10000)
    assert "Saved" in w.statusBar().currentMessage()
    file_menu = w.menuBar().actions()[0]   # held: PySide 6.9 drops a menu() reached from a temporary action
    texts = [a.text() for a in file_menu.menu().actions()]
    assert "Export PDF" in texts and "Bench card…" in texts


def test_export_website_from_the_window_in_the_background(make_window, qtbot, tmp_path):
    w = make_window()
    out = tmp_path / "site"
    job = w.printing.export_website(out)
    with qtbot.waitSignal(job.done, timeout=120000) as blocker:
        pass
    assert blocker.args[0].pages > 10 and (out / "index.html").is_file()
    assert "Saved the website" in w.statusBar().currentMessage()
    file_menu = w.menuBar().actions()[0]   # held: PySide 6.9 drops a menu() reached from a temporary action
    texts = [a.text() for a in file_menu.menu().actions()]
    assert "Export website…" in texts
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("a person's file", encoding="utf-8")
    job = w.printing.export_website(tmp_path / "mine")
    with qtbot.waitSignal(job.failed, timeout=60000) as blocker:
        pass
    assert blocker.args[0].startswith("The website could not be made") and "not empty" in blocker.args[0]
    assert (tmp_path / "mine" / "notes.txt").read_text(encoding="utf-8") == "a person's file"
