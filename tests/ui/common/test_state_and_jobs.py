"""The window's shared parts without a window: the state object's signals, the background Job helper, and a feature
driven through a small fake window."""

from __future__ import annotations

import threading
from types import SimpleNamespace

from brochure_app.ui.common.jobs import Job, JobError
from brochure_app.ui.common.state import WindowState


def test_state_signals_only_real_changes(qtbot):
    state = WindowState()
    seen = []
    state.region_changed.connect(seen.append)
    state.set_region("london")
    state.set_region("london")
    state.set_region("dlnr")
    assert seen == ["london", "dlnr"] and state.region == "dlnr"
    state.set_page("item:bbr")
    assert state.item_id() == "bbr"
    state.set_page("home")
    assert state.item_id() is None


def test_a_job_runs_off_the_ui_thread_and_reports_on_it(qtbot):
    ui_thread = threading.get_ident()
    ran_on, reported_on = [], []

    def task(report):
        ran_on.append(threading.get_ident())
        report(1, 2)
        return 42

    job = Job(task, "test")
    job.progress.connect(lambda *_a: reported_on.append(threading.get_ident()))
    with qtbot.waitSignal(job.done, timeout=5000) as done:
        job.start()
    assert done.args == [42]
    assert ran_on and ran_on[0] != ui_thread
    qtbot.waitUntil(lambda: reported_on == [ui_thread], timeout=5000)
    assert job.wait(1000) and not job.running()


def test_a_job_says_what_went_wrong_in_words_for_a_person(qtbot):
    for raised, said in ((JobError("The PDF could not be made: disk full"), "The PDF could not be made: disk full"),
                         (KeyError("x"), "KeyError: 'x'")):
        def task(report, raised=raised):
            raise raised

        job = Job(task, "test")
        with qtbot.waitSignal(job.failed, timeout=5000) as failed:
            job.start()
        assert failed.args == [said]


def test_a_cancelled_job_is_told_at_its_next_report(qtbot):
    go = threading.Event()
    answers = []

    def task(report):
        go.wait(5)
        answers.append(report(1, 10))
        return None

    job = Job(task, "test")
    with qtbot.waitSignal(job.ended, timeout=5000):
        job.start()
        job.cancel()
        go.set()
    assert answers == [False] and job.cancelled()


def test_presentation_order_through_a_fake_window(catalogue):
    """The running order: saved order first, else the shortlist, else home and the sections."""
    from PySide6.QtCore import QObject

    from brochure_app.ui.presentation.feature import PresentationFeature

    saved: dict[str, list[str]] = {}
    shortlist: list[str] = []
    fake = QObject()        # a window with only what the feature asks of it
    fake.state, fake.catalogue = WindowState(fake), catalogue
    fake.stores = SimpleNamespace(orders=SimpleNamespace(get=lambda r: saved.get(r, [])))
    fake.bench = SimpleNamespace(shortlisted=lambda: shortlist)
    fake.state.region = "london"
    feature = PresentationFeature(fake)
    order = feature.running_order()
    assert order[0] == "home" and all(k.startswith("section:") for k in order[1:])
    shortlist[:] = ["tsp", "bbr"]
    assert feature.running_order() == ["item:tsp", "item:bbr"]
    saved["london"] = ["item:bbr", "no-such-page", "home"]
    assert feature.running_order() == ["item:bbr", "home"]
