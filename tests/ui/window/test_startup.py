"""The start-up's fast way: the window is painted from the region's snapshot; the catalogue loads after the paint."""

from __future__ import annotations

import gc
import json

import pytest

from tests.ui.conftest import _activate


@pytest.fixture
def fast_window(qtbot):
    """A window made the fast way: (window, loads), loads counting catalogue loads."""
    from brochure_app.ui.window.main_window import MainWindow
    from brochure_app.ui.window.settings import open_settings

    made = []

    def make(snapshot, catalogue):
        loads = []

        def loader():
            loads.append(1)
            return catalogue

        settings, _warning = open_settings()
        window = MainWindow(loader, settings, edition="test", snapshot=snapshot)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show_snapshot(snapshot)
        made.append(window)
        return window, loads

    return make


def _texts(window) -> list[tuple[str, str]]:
    return [(window.tabs.widget(i).key, window.tabs.tabText(i)) for i in range(window.tabs.count())]


def test_window_painted_from_the_snapshot_matches_the_long_way(make_window, fast_window, catalogue, qtbot):
    from brochure_app.render.snapshot import read_snapshot

    long_way = make_window()
    assert read_snapshot(None, "london") is None          # nothing kept yet
    assert long_way.save_snapshot()
    snapshot = read_snapshot(None, "london")
    assert snapshot is not None and snapshot.region == "london"

    w, loads = fast_window(snapshot, catalogue)
    w.show()
    qtbot.waitExposed(w)
    assert loads == []                                     # painted without the catalogue
    assert _texts(w) == _texts(long_way)
    assert w.windowTitle() == long_way.windowTitle() and w.status_label.text() == long_way.status_label.text()
    assert w.tabs.current_key() == "home"
    assert w.tabs.current_view().toPlainText() == long_way.tabs.current_view().toPlainText()
    assert [w.region_box.itemText(i) for i in range(w.region_box.count())] == \
        [long_way.region_box.itemText(i) for i in range(long_way.region_box.count())]

    with qtbot.waitSignal(w.advisor.updated):
        w.finish_startup()                                 # what the app runs just after the first paint
    assert loads == [1] and w.catalogue is catalogue and w.advisor.built
    for i in range(1, w.tabs.count()):                     # background tabs render when first shown
        w.tabs.setCurrentIndex(i)
        assert w.tabs.widget(i).toPlainText() == long_way.tabs.widget(i).toPlainText()
    assert loads == [1]


def test_a_section_tab_opened_before_the_catalogue_loads_it(make_window, fast_window, catalogue):
    from brochure_app.render.snapshot import read_snapshot

    make_window().save_snapshot()
    w, loads = fast_window(read_snapshot(None, "london"), catalogue)
    w.tabs.setCurrentIndex(1)
    assert loads == [1] and "Thinking Skills Programme" in w.tabs.current_view().toPlainText()


def test_saved_tabs_open_after_the_first_paint_without_moving_the_page(make_window, fast_window, catalogue, qtbot):
    from brochure_app.render.snapshot import read_snapshot

    w1 = make_window()
    w1.open_page("item:bbr", new_tab=True, activate=False)
    w1.save_state()
    w1.save_snapshot()
    w, loads = fast_window(read_snapshot(None, "london"), catalogue)
    w.restore_state("london")
    assert loads == [] and "item:bbr" not in w.tabs.keys()
    w.finish_startup()
    assert "item:bbr" in w.tabs.keys() and w.tabs.current_key() == "home"


def test_saved_page_on_top_is_shown_at_the_first_paint(make_window, fast_window, catalogue):
    from brochure_app.render.snapshot import read_snapshot

    w1 = make_window()
    w1.open_page("item:bbr", new_tab=True)
    w1.save_state()
    w1.save_snapshot()
    w, loads = fast_window(read_snapshot(None, "london"), catalogue)
    w.restore_state("london")
    assert loads == [1] and w.tabs.current_key() == "item:bbr"   # that page needs the catalogue: loaded first


def test_content_problems_show_from_the_snapshot(make_window, fast_window, content_copy):
    from brochure_app.catalogue import load
    from brochure_app.render.snapshot import read_snapshot

    page = next((content_copy / "content" / "pages").rglob("bbr.md"))
    page.write_text("---\nid: [\n---\n", encoding="utf-8")
    cat = load(content_copy)
    assert make_window(cat=cat).save_snapshot()
    snapshot = read_snapshot(content_copy, "london")
    assert snapshot.problems and "bbr.md" in snapshot.problems[0]
    w, loads = fast_window(snapshot, cat)
    assert loads == [] and not w.banner.isHidden() and "bbr.md" in w.banner.label.text()


def test_an_edited_content_file_makes_the_snapshot_stale(make_window, content_copy):
    from brochure_app.catalogue import load
    from brochure_app.render.snapshot import read_snapshot

    assert make_window(cat=load(content_copy)).save_snapshot()
    assert read_snapshot(content_copy, "london") is not None
    assert read_snapshot(content_copy, "dlnr") is None      # kept per region
    page = next((content_copy / "content" / "pages").rglob("bbr.md"))
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert read_snapshot(content_copy, "london") is None


@pytest.mark.parametrize("damage", ["garbage", "not-utf8", "wrong-types", "region-missing", "other-root",
                                    "a-folder", "too-big", "empty"])
def test_a_damaged_snapshot_means_the_long_way(make_window, damage, tmp_path):
    from brochure_app.catalogue.paths import bundled_root
    from brochure_app.catalogue.store import fingerprint
    from brochure_app.render import snapshot as snap

    make_window().save_snapshot()
    path = snap._path(fingerprint(bundled_root().resolve()), "london")
    good = json.loads(path.read_text(encoding="utf-8"))
    assert snap.read_snapshot(None, "london") is not None
    path.unlink()
    if damage == "garbage":
        path.write_bytes(b"\x00\x01{not json")
    elif damage == "not-utf8":
        path.write_bytes(b"\xff\xfe" + json.dumps(good).encode("utf-16-le"))
    elif damage == "wrong-types":
        path.write_text(json.dumps(dict(good, tabs=[["home", 3]])), encoding="utf-8")
    elif damage == "region-missing":
        path.write_text(json.dumps(dict(good, regions=[["dlnr", "DLNR"]])), encoding="utf-8")
    elif damage == "other-root":
        path.write_text(json.dumps(dict(good, root=str(tmp_path))), encoding="utf-8")
    elif damage == "a-folder":
        path.mkdir()
    elif damage == "too-big":
        path.write_text(json.dumps(dict(good, home_html="x" * (snap.MAX_BYTES + 1))), encoding="utf-8")
    else:
        path.write_bytes(b"")
    assert snap.read_snapshot(None, "london") is None


def test_screenshot_paints_from_the_snapshot_on_the_second_start(tmp_path, monkeypatch):
    """The first `gui --screenshot` keeps the snapshot; the second paints without loading the catalogue at all."""
    from brochure_app.catalogue import store
    from brochure_app.cli import main

    first, second = tmp_path / "1.png", tmp_path / "2.png"
    assert main(["gui", "--region", "london", "--screenshot", str(first)]) == 0

    def refuse(*_a, **_k):
        raise AssertionError("the catalogue was loaded before the first paint")

    monkeypatch.setattr(store, "load_catalogue", refuse)
    assert main(["gui", "--region", "london", "--screenshot", str(second)]) == 0
    assert second.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and second.stat().st_size > 20000


def test_keyboard_still_works_on_a_window_painted_from_the_snapshot(make_window, fast_window, catalogue, qtbot):
    from PySide6.QtCore import Qt

    from brochure_app.render.snapshot import read_snapshot

    make_window().save_snapshot()
    w, loads = fast_window(read_snapshot(None, "london"), catalogue)
    w.show()
    qtbot.waitExposed(w)
    _activate(w)
    qtbot.keyClick(w, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)     # find bar, made on first use
    assert w.pages.find_bar.isVisible()
    assert w.pages.find("Foreword")


def test_the_fast_way_paints_the_same_pixels_as_the_long_way(tmp_path):
    from PySide6.QtGui import QImage

    from brochure_app.cli import main
    from brochure_app.render.snapshot import read_snapshot

    long_way, fast_way = tmp_path / "long.png", tmp_path / "fast.png"
    assert main(["gui", "--region", "dlnr", "--screenshot", str(long_way)]) == 0
    assert read_snapshot(None, "dlnr") is not None
    assert main(["gui", "--region", "dlnr", "--screenshot", str(fast_way)]) == 0
    assert QImage(str(long_way)) == QImage(str(fast_way))


FIRST_PAINT_PROBE = """
import sys
import PySide6.QtCore as QtCore
from PySide6.QtWidgets import QApplication
from brochure_app.render.snapshot import read_snapshot
from brochure_app.ui.window.main_window import MainWindow
from brochure_app.ui.window.settings import open_settings
app = QApplication([])
snapshot = read_snapshot(None, "london")
assert snapshot is not None
window = MainWindow(lambda: None, open_settings()[0], snapshot=snapshot)
window.show_snapshot(snapshot)
window.resize(1280, 800)
window.show()
app.processEvents()
window.grab()
print("Qt" in QtCore.__dict__)
"""


def test_the_first_paint_builds_none_of_qts_enum_types(make_window):
    """PySide builds the Qt namespace's ~100 enum types on first touch (tens of ms): not before the first paint."""
    import os
    import subprocess
    import sys

    assert make_window().save_snapshot()
    out = subprocess.run([sys.executable, "-c", FIRST_PAINT_PROBE], capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_the_app_started_the_fast_way_finishes_its_start_and_searches(tmp_path, qtbot):
    """The real start-up (`gui`, not a screenshot) on a snapshot: after the first paint the catalogue, the decision
    aid and the search index arrive, the saved tabs are back, and a search answers."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from brochure_app.cli import main
    from brochure_app.ui.window.main_window import MainWindow
    from brochure_app.ui.window.settings import open_settings

    assert main(["gui", "--region", "london", "--screenshot", str(tmp_path / "first.png")]) == 0
    settings = open_settings()[0]
    settings.setValue("region", "london")          # as a person's earlier session left it
    settings.sync()
    seen: dict = {}

    def drive():
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not windows:
            return
        w = windows[0]
        if not w.started or w.search.busy is not None:
            return                                  # the start is not finished yet
        if "results" not in seen:
            seen["results"] = None
            w.search.results_shown.connect(lambda results: seen.update(results=results))
            qtbot.keyClicks(w.search.box, "housing")
            return
        if seen["results"] is None:
            return
        seen.update(region=w.region, keys=w.tabs.keys(), wizard=w.advisor.wizard.results.toPlainText(),
                    loaded=w.catalogue_loaded(), collecting=gc.isenabled(), frozen=gc.get_freeze_count())
        poll.stop()
        w.close()

    poll = QTimer()
    poll.timeout.connect(drive)
    poll.start(20)
    QTimer.singleShot(60_000, lambda: [w.close() for w in QApplication.topLevelWidgets()])   # never hang the suite
    assert main(["gui"]) == 0
    poll.stop()
    assert seen.get("loaded") and seen["region"] == "london"
    assert seen["keys"][0] == "home" and "section:toolkit" in seen["keys"]
    assert seen["wizard"]
    titles = [h.title for h in seen["results"].hits]
    assert titles and any("ccommodation" in t for t in titles)
    assert seen["collecting"], "the garbage collector resumes once the start-up is over"
    assert seen["frozen"] > 1000, "what the start-up made is frozen out of the collector's way"
    gc.unfreeze()      # the rest of the test session collects as usual


def test_the_garbage_collector_waits_for_the_first_paint(tmp_path, monkeypatch):
    """No cyclic garbage collection while the window is made and painted (the start-up's objects live on); the
    collector runs again when the start-up returns, and one that the caller had paused stays paused."""
    import gc

    from brochure_app.cli import main
    from brochure_app.ui.window.main_window import MainWindow

    states = []
    show = MainWindow.show

    def spy(self):
        states.append(gc.isenabled())
        show(self)

    monkeypatch.setattr(MainWindow, "show", spy)
    assert gc.isenabled()
    assert main(["gui", "--region", "london", "--screenshot", str(tmp_path / "a.png")]) == 0
    assert states == [False] and gc.isenabled()
    gc.disable()
    try:
        assert main(["gui", "--region", "london", "--screenshot", str(tmp_path / "b.png")]) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_presets_menu_and_banner_arrive_even_if_the_catalogue_loaded_early(make_window, fast_window, catalogue):
    """Something may need the catalogue before finish_startup (a high-contrast restore re-renders the page): the
    presets menu and the saved-data warnings still arrive."""
    from brochure_app.render.snapshot import read_snapshot

    make_window().save_snapshot()
    w, loads = fast_window(read_snapshot(None, "london"), catalogue)
    assert w.advisor.presets.menu.actions() == []
    w.set_high_contrast(True)
    assert loads == [1]
    w.finish_startup()
    assert w.action("advisor.preset_save") in w.advisor.presets.menu.actions()


def test_a_screenshot_run_leaves_the_persons_settings_alone(make_window, tmp_path):
    from brochure_app.cli import main
    from brochure_app.ui.window.settings import open_settings

    w = make_window(region="london")
    w.save_state()
    assert main(["gui", "--region", "dlnr", "--screenshot", str(tmp_path / "shot.png")]) == 0
    assert open_settings()[0].value("region") == "london"


def test_the_start_up_childs_first_paint_is_the_windows_own_snapshot(make_window, catalogue, fast_window, qtbot):
    """A cold start's child renders the first paint (render.snapshot.first_paint): the same snapshot the window
    keeps, but for the docks' record, which only Qt knows (empty: the window places them as the app ships them). A
    window made before that snapshot came paints it as the window made with it does."""
    from brochure_app.render.snapshot import first_paint, parse_snapshot, read_snapshot

    long_way = make_window()
    assert long_way.save_snapshot()
    kept = read_snapshot(None, "london")
    data, keep = first_paint(catalogue, "london")
    made = parse_snapshot(data, catalogue.root, "london", catalogue.content_hash)
    assert made.window_state == "" and kept.window_state
    assert dict(made.as_dict(), window_state=kept.window_state) == kept.as_dict()
    assert keep()                                          # kept already by the window: left as it is
    assert read_snapshot(None, "london").window_state == kept.window_state
    assert first_paint(catalogue, "narnia") is None and first_paint(catalogue, "../london") is None
    assert parse_snapshot(data, catalogue.root, "dlnr", catalogue.content_hash) is None
    assert parse_snapshot(data, catalogue.root, "london", "0" * 32) is None

    from brochure_app.ui.window.main_window import MainWindow
    from brochure_app.ui.window.settings import open_settings

    settings, _warning = open_settings()
    late = MainWindow(lambda: catalogue, settings, edition="test")      # a cold start's window, made first
    qtbot.addWidget(late)
    late.resize(1280, 800)
    late.show_snapshot(made)
    early, _loads = fast_window(kept, catalogue)
    for w in (late, early):
        w.show()
        qtbot.waitExposed(w)
    assert late.grab().toImage() == early.grab().toImage()
    assert [late.region_box.itemText(i) for i in range(late.region_box.count())] == \
        [long_way.region_box.itemText(i) for i in range(long_way.region_box.count())]


def test_the_quick_exit_still_runs_the_apps_exit_handlers(tmp_path):
    """A screenshot run ends at once (os._exit, without Qt's teardown), yet what the app's exit handlers keep (the
    rendered-page cache) is written, and the exit code is the run's."""
    import os
    import subprocess
    import sys

    kept = tmp_path / "kept.txt"
    probe = ("import atexit, sys\n"
             "import PySide6.QtCore\n"
             "from brochure_app.ui.app import _quick_exit\n"
             "atexit.register(lambda: open(sys.argv[1], 'w').write('kept'))\n"
             "_quick_exit(3)\n"
             "print('not reached')\n")
    env = {k: v for k, v in os.environ.items() if k != "BROCHURE_APP_SLOW_EXIT"}
    out = subprocess.run([sys.executable, "-c", probe, str(kept)], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 3 and "not reached" not in out.stdout
    assert kept.read_text() == "kept"


def test_background_tabs_make_their_page_view_when_first_shown(make_window, fast_window, catalogue, qtbot):
    """The first paint makes one page view (the home page's); a section tab's is made when the tab is first shown,
    in the same place, with the same title, tooltip and close button, showing its page."""
    from brochure_app.render.snapshot import read_snapshot
    from brochure_app.ui.pages.page_view import PageView
    from brochure_app.ui.pages.pending_page import PendingPage

    make_window().save_snapshot()
    w, _loads = fast_window(read_snapshot(None, "london"), catalogue)
    tabs = w.tabs
    pages = [tabs._page_at(i) for i in range(tabs.count())]
    assert isinstance(pages[0], PageView) and pages[0].key == "home"
    assert pages[1:] and all(isinstance(p, PendingPage) for p in pages[1:])
    keys, texts = tabs.keys(), [tabs.tabText(i) for i in range(tabs.count())]
    i = keys.index("section:toolkit")
    with qtbot.waitSignal(tabs.current_page_changed, timeout=5000) as shown:
        tabs.setCurrentIndex(i)
    assert shown.args == ["section:toolkit"]
    view = tabs._page_at(i)
    assert isinstance(view, PageView) and tabs.current_view() is view and tabs.currentIndex() == i
    assert tabs.keys() == keys and [tabs.tabText(j) for j in range(tabs.count())] == texts
    assert tabs.tabToolTip(i) == texts[i]
    button = tabs.tabBar().tabButton(i, tabs.tabBar().ButtonPosition.RightSide)
    assert button.accessibleName() == f"Close tab: {view.title}"
    assert "Toolkits" in view.toPlainText() and view.document().defaultStyleSheet() == tabs._css
    assert sum(isinstance(tabs._page_at(j), PageView) for j in range(tabs.count())) == 2


def test_a_pending_tab_follows_zoom_and_style_and_closes_without_being_made(make_window, fast_window, catalogue):
    from brochure_app.render.snapshot import read_snapshot
    from brochure_app.ui.pages.pending_page import PendingPage

    make_window().save_snapshot()
    w, _loads = fast_window(read_snapshot(None, "london"), catalogue)
    tabs = w.tabs
    w.finish_startup()
    w.pages.zoom(+1)
    w.pages.zoom(+1)
    w.set_high_contrast(True)
    home = tabs.current_view()
    i = tabs.index_of("section:toolkit")
    assert isinstance(tabs._page_at(i), PendingPage)
    made = tabs.widget(i)
    assert made.font().pointSizeF() == home.font().pointSizeF()
    assert made.document().defaultStyleSheet() == home.document().defaultStyleSheet() == tabs._css
    last = tabs.count() - 1
    pending_key = tabs.keys()[last]
    assert isinstance(tabs._page_at(last), PendingPage)
    tabs.close_tab(last)
    assert pending_key not in tabs.keys() and tabs.pop_closed() == pending_key
