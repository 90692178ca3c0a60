"""Search as you type in the window: results arrive off the UI thread, the keyboard opens them, words stay lit."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_search_as_you_type_and_open_with_keyboard(make_window, qtbot, catalogue):
    from brochure_app.ui.app import search_factory
    from brochure_app.ui.search.search_worker import SearchWorker

    worker = SearchWorker(search_factory(catalogue))
    w = make_window(worker=worker)
    w.search.box.setFocus()
    with qtbot.waitSignal(w.search.results_shown, timeout=60000) as blocker:
        qtbot.keyClicks(w.search.box, "housing")
    results = blocker.args[0]
    assert results.hits and results.hits[0].id == "crs-accommodation" or \
        "accommodation" in catalogue.item("london", results.hits[0].id).need_areas
    assert w.search.dock.isVisible() and w.search.panel.list.count() == len(results.hits)
    qtbot.keyClick(w.search.box, Qt.Key.Key_Down)
    qtbot.keyClick(w.search.box, Qt.Key.Key_Up)
    qtbot.keyClick(w.search.box, Qt.Key.Key_Return)
    assert w.tabs.current_key() == f"item:{results.hits[0].id}"
    assert w.tabs.current_view().extraSelections()


def test_scope_all_regions(make_window, qtbot, catalogue):
    from brochure_app.ui.app import search_factory
    from brochure_app.ui.search.search_worker import SearchWorker

    w = make_window(worker=SearchWorker(search_factory(catalogue)))
    w.search.box.setText("covaid")
    with qtbot.waitSignal(w.search.results_shown, timeout=60000) as blocker:
        w.search.run("covaid")
    assert not [h for h in blocker.args[0].hits if h.id == "covaid"]
    with qtbot.waitSignal(w.search.results_shown, timeout=60000) as blocker:
        w.search.panel.all_regions.setChecked(True)
    hits = blocker.args[0].hits
    assert hits[0].id == "covaid" and list(hits[0].regions) == ["dlnr"]
    w.search.panel.activate_current()
    assert w.region == "london" and w.tabs.current_key() == "item:covaid@dlnr"     # marked with its region


def test_index_is_prepared_after_paint_with_a_busy_sign(make_window, qtbot, catalogue):
    from brochure_app.ui.app import search_factory
    from brochure_app.ui.search.search_worker import SearchWorker

    w = make_window(worker=SearchWorker(search_factory(catalogue)))
    with qtbot.waitSignal(w.search_worker.opened, timeout=60000):
        w.search.prepare()
        assert w.search.busy is not None
    qtbot.waitUntil(lambda: w.search.busy is None)


def test_a_build_shows_how_far_it_has_got(make_window, qtbot, catalogue, tmp_path):
    from brochure_app.search import SearchService
    from brochure_app.search.index import document_count
    from brochure_app.ui.search.search_worker import SearchWorker

    def factory(progress=None):
        return SearchService(catalogue, cache_root=tmp_path / "index", progress=progress)

    w = make_window(worker=SearchWorker(factory))
    shown, ranges = [], []
    w.statusBar().messageChanged.connect(shown.append)
    w.search_worker.progress.connect(lambda *_a: ranges.append((w.search.busy.minimum(), w.search.busy.maximum(),
                                                               w.search.busy.value(), w.search.busy.isVisible())))
    with qtbot.waitSignal(w.search_worker.opened, timeout=60000):
        w.search.prepare()
    qtbot.waitUntil(lambda: w.search.busy is None)
    total = document_count(catalogue)
    assert f"Preparing search: 0 of {total:,} pages indexed" in shown
    assert any(m.startswith("Preparing search: ") and f" of {total:,} pages indexed" in m and not m.startswith(
        "Preparing search: 0 ") for m in shown)
    assert shown.index("Preparing search: saving the index") > shown.index(f"Preparing search: 0 of {total:,} pages "
                                                                            "indexed")
    assert "Search ready" in shown
    assert all(shows for *_r, shows in ranges)   # beside the status line's messages, not hidden by them
    assert ranges[0][:3] == (0, total, 0) and ranges[-2][:2] == (0, total) and ranges[-2][2] > total // 2
    # a measure while pages are added (above), then
    assert ranges[-1][:2] == (0, 0)   # busy while the files are written


def test_large_content_is_indexed_apart_with_the_same_progress(make_window, qtbot, catalogue, tmp_path, monkeypatch):
    from brochure_app.search import builder
    from brochure_app.search.index import document_count
    from brochure_app.ui.app import search_factory
    from brochure_app.ui.search.search_worker import SearchWorker

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))     # no index yet, for this process and the child
    monkeypatch.setattr(builder, "APART_FROM", 1)           # the shipped content counts as large
    started = []
    real_popen = builder.subprocess.Popen
    monkeypatch.setattr(builder.subprocess, "Popen", lambda *a, **k: started.append(a[0]) or real_popen(*a, **k))
    w = make_window(worker=SearchWorker(search_factory(catalogue)))
    shown = []
    w.statusBar().messageChanged.connect(shown.append)
    with qtbot.waitSignal(w.search_worker.opened, timeout=60000):
        w.search.prepare()
    total = document_count(catalogue)
    assert started and started[0][1:3] == ["-m", "brochure_app.search.builder"]
    assert f"Preparing search: 0 of {total:,} pages indexed" in shown and "Preparing search: saving the index" in shown
    with qtbot.waitSignal(w.search.results_shown, timeout=60000) as blocker:
        w.search.run("housing")
    assert blocker.args[0].hits


def test_hits_open_where_they_were_found_and_light_the_matched_words(make_window, qtbot, catalogue):
    """A typo finds Anger Management and its page lights the words the search matched (not the typed ones); a
    region's home page found by its foreword opens as the home tab; a historical hit says so in the list."""
    from brochure_app.ui.app import search_factory
    from brochure_app.ui.search.search_worker import SearchWorker

    w = make_window(region="dlnr", worker=SearchWorker(search_factory(catalogue)))
    w.search.box.setText("angre managment")
    with qtbot.waitSignal(w.search.results_shown, timeout=60000) as blocker:
        w.search.run("angre managment")
    hit = blocker.args[0].hits[0]
    assert hit.id == "anger-management" and hit.terms and hit.historical
    label = w.search.panel.list.itemWidget(w.search.panel.list.item(0))
    assert "Historical" in label.text()
    w.search.panel.activate_current()
    assert w.tabs.current_key() == "item:anger-management"
    lit = {s.cursor.selectedText().lower() for s in w.tabs.current_view().extraSelections()}
    assert lit and lit <= {t.lower() for t in hit.terms} and "angre" not in lit

    w.set_region("london")
    w.search.box.setText("veterans")
    with qtbot.waitSignal(w.search.results_shown, timeout=60000) as blocker:
        w.search.run("veterans")
    homes = [n for n, h in enumerate(blocker.args[0].hits) if h.id == "home"]
    assert homes
    w.tabs.setCurrentIndex(1)
    w.search.panel.list.setCurrentRow(homes[0])
    w.search.panel.activate_current()
    assert w.region == "london" and w.tabs.current_key() == "home"
