"""Starts the desktop app: first paint first, everything else (search index, caches) after it."""

from __future__ import annotations

import sys
from pathlib import Path


def _install_excepthook(app) -> None:
    """Unexpected errors: written to a log file and shown as a short apology, never a raw traceback."""

    showing = []   # the apology being shown: errors raised while it is open are logged, not shown again

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        import traceback  # here: the start-up's child process never needs it

        from brochure_app.folders import log_error

        text = "".join(traceback.format_exception(exc_type, exc, tb))
        path = log_error(text)
        where = "The details could not be written to a log file." if path is None else \
            f"The details were written to {path}."
        print(text, file=sys.stderr)
        if showing:
            return   # one apology at a time: a fault that repeats (say, on every repaint) must not stack dialogs
        showing.append(True)
        try:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(None, "Sorry — something went wrong",
                                f"The app hit an unexpected problem and carried on. {where}")
        except Exception:  # noqa: BLE001
            pass
        finally:
            showing.clear()

    sys.excepthook = hook


APP_ID = "uk.gov.justice.probation.JudicialBrochure"     # as packaging/brochure_app.spec names the desktop entry
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def set_window_icon(app) -> None:
    """The app's icon for its windows (task bars and docks show it, tied to the launcher): the installed theme's
    icon of the app id, else the bundled PNGs. Set after the first paint (QIcon's set-up costs start-up time)."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    from brochure_app.catalogue.paths import resources_dir

    bundled = QIcon()
    for n in ICON_SIZES:
        path = resources_dir() / "icons" / f"brochure-app-{n}.png"
        if path.is_file():
            bundled.addFile(str(path), QSize(n, n))
    app.setWindowIcon(QIcon.fromTheme(APP_ID, bundled))


def _quick_exit(code: int, window=None) -> int:
    """Ends the process without tearing down thousands of Qt and Python objects one by one (a few hundred ms).

    Everything that must reach the disk is written first: the atexit handlers (the rendered-page cache) run, and
    the standard streams are flushed. Settings were already synced when the window closed. PySide's own handler is
    left out: it tears Qt down (about 5 ms), which the end of the process does at once. Used where the process has
    nothing left to do; with BROCHURE_APP_SLOW_EXIT=1 (tests that run in-process) it returns normally, having closed
    the window when one is given (a process about to end need not: about 6 ms of a screenshot run).
    """
    import atexit
    import os

    if os.environ.get("BROCHURE_APP_SLOW_EXIT"):
        if window is not None:
            window.close()
        return code
    qt_teardown = getattr(sys.modules.get("PySide6.QtCore"), "__moduleShutdown", None)
    if qt_teardown is not None:
        atexit.unregister(qt_teardown)
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def search_factory(catalogue, cache_root=None):
    """The search worker's way to make its service, called on the worker thread with a progress(done, total)
    function for a build (see search.index.build). A large content set is indexed in a process of its own (see
    search.builder), a small one on the worker's thread (quicker to have, and its pauses are short). catalogue: the
    Catalogue, or a function that returns it (the window's, loaded by then: prepare_search runs after the catalogue
    is loaded). cache_root: where the index is kept (default: the user cache)."""
    def make(progress=None):
        from brochure_app.search import SearchService, builder
        from brochure_app.search.index import document_count

        cat = catalogue() if callable(catalogue) else catalogue
        return SearchService(cat, cache_root, progress=progress,
                             build_apart=document_count(cat) >= builder.APART_FROM)

    return make


def run(args) -> int:
    """Starts the app (see _start). Python's cyclic garbage collector is paused meanwhile: the start-up makes tens of
    thousands of objects that live as long as the app and almost no cycles (46 unreachable objects at the end of a
    traced start), so the collections it would trigger (about 12 ms in all on a warm start here) find nothing to
    free. It resumes once the start-up is over; the objects made by then are frozen (see after_start)."""
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        return _start(args, collect_after_start=collecting)
    finally:
        if collecting:
            gc.enable()


def after_start() -> None:
    """The start-up is over: the garbage collector resumes, and what the start-up made (the window, the catalogue)
    is frozen out of its way (gc.freeze): later full collections skip it. At 100x the shipped content the catalogue
    alone is some 70,000 objects the collector tracks; a full collection over them took about 60 ms here, and while
    the index was built the window waited up to 110 ms at a time (20 ms with them frozen)."""
    import gc

    gc.freeze()
    gc.enable()


def _start(args, collect_after_start: bool) -> int:
    """Start-up, three ways. First the content's stamp (its version) is taken: here for small content, by a child
    process for a large content set (see catalogue.prefetch). Fast, when this content version's snapshot of the region
    exists (see render.snapshot): the window is painted from it; the catalogue, the decision aid and the search index
    load just after the first paint. Cold (no cached catalogue), on POSIX: a child parses the content and renders the
    region's snapshot while this process starts Qt; the window is painted from that snapshot, as on a warm start (when
    the child has none to give, say for a region the content lacks, the window waits for the child's catalogue).
    Otherwise the catalogue is loaded (from its cache, or parsed) first."""
    import os

    if getattr(args, "screenshot", None) and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")   # a screenshot needs no screen
    single = not getattr(args, "screenshot", None)      # a screenshot is a batch tool: it runs beside a window
    if single:
        from brochure_app.ui.window import single_instance

        if single_instance.another_window_running() and _hand_over(args, quiet_failure=True):
            return 0
    from brochure_app.catalogue import prefetch
    from brochure_app.catalogue.paths import bundled_root
    from brochure_app.catalogue.store import fingerprint
    from brochure_app.render.snapshot import first_paint, parse_snapshot, prepare_first_paint, read_snapshot

    root = Path(args.content_root or bundled_root()).resolve()
    # The content's stamp: taken here when the content is small (a millisecond or two), else by the child.
    key = None if prefetch.large_content() else fingerprint(root)
    cold = prefetch.cold_likely(key)
    if cold:
        prefetch.import_shared()      # once, before the fork, rather than in each process
    # Before Qt is imported, so that the child starts from a small process: it parses the content on a cold start
    # (and renders the first paint the window asks for), and stamps a large content set; neither needed (a warm start
    # of small content), no child.
    early = child = None
    if cold or key is None:
        early = child = prefetch.start(root, key, serve=first_paint, prepare=prepare_first_paint)
    if early is None and key is None:
        key = fingerprint(root)
    _import_before_qt(renders=cold and early is None)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from brochure_app.catalogue.edition import content_edition
    from brochure_app.ui.search.search_worker import SearchWorker
    from brochure_app.ui.window.main_window import MainWindow
    from brochure_app.ui.window.settings import open_settings

    # argv[0] "brochure-app" names the window's class on X11 (WM_CLASS "brochure-app", "Judicial Brochure"), which
    # the desktop entry's StartupWMClass matches; the desktop file name is the Wayland app id (packaging's APP_ID).
    app = QApplication.instance() or QApplication(["brochure-app"])
    app.setApplicationName("Judicial Brochure")
    app.setOrganizationName("brochure-app")
    app.setDesktopFileName(APP_ID)
    server = None
    if single:
        server = single_instance.claim()
        if server is None:                       # another window got there first
            if child is not None:
                child.finish()
            return 0 if _hand_over(args) else 1
    settings, settings_warning = open_settings()
    if early is not None:             # the child's stamp of the content, taken while this process started Qt
        key = early.key() or fingerprint(root)
        if not early.parsing:
            early = None              # a cached catalogue of this version exists: read after the first paint
    screenshot = getattr(args, "screenshot", None)
    region = args.region or (settings.value("region") if not screenshot else None)
    wanted = region if isinstance(region, str) else ("london" if screenshot else None)
    snapshot = None
    if early is not None:             # the child parses the content: it renders the region's first paint too
        early.ask(wanted or "")
    elif wanted:
        snapshot = read_snapshot(root, wanted, key=key)
    if snapshot is not None or early is not None:
        catalogue = lambda: _load(root, key, early)     # noqa: E731 - after the first paint, or from the child
    else:
        catalogue = _load(root, key)

    window = None
    worker = SearchWorker(search_factory(lambda: window.catalogue))
    window = MainWindow(catalogue, settings, search_worker=worker, edition=content_edition(root), snapshot=snapshot)
    if early is not None:             # made while the child rendered: the docks as the app ships them, as it has
        answer = early.answer()
        snapshot = parse_snapshot(answer, root, wanted, key) if answer and wanted else None
    _install_excepthook(app)
    if settings_warning:
        window.banner.show_message(settings_warning)
    if snapshot is not None:
        region = snapshot.region
        window.show_snapshot(snapshot)
    else:
        if early is not None:
            from brochure_app.render.html import warm_up

            warm_up()                      # while the child parses (done already when a cold start was foreseen)
            window.show_content_problems()     # the child's catalogue: the region box and the banner follow
        region = _choose_region(window.catalogue, region, screenshot)
        if region is None:
            worker.stop()
            return 1 if not window.catalogue.regions else 0
    if screenshot:
        if snapshot is None:
            window.set_region(region)
        if getattr(args, "page", None):
            window.open_request({"page": args.page}, raise_window=False)
        window.resize(1280, 800)
        window.show()
        app.processEvents()
        ok = _save_screenshot(window.grab().toImage(), screenshot, getattr(args, "force", False))
        worker.stop()
        window.save_on_close = False   # the person's region, tabs and layout stay as they were
        if snapshot is None:
            window.save_snapshot()     # the next start paints from it (written once the screenshot is saved)
        if child is not None:
            child.finish()             # a one-shot run leaves no process behind (the child keeps the cache first)
        return _quick_exit(0 if ok else 1, window)
    restored = window.restore_state(region)
    from brochure_app.ui.window.screen_fit import place_first_window

    if place_first_window(window, restored):      # the screen's available size; a saved geometry brought within it
        window.showMaximized()
    else:
        window.show()
    if server is not None:
        server.on_request(window.open_request)
        QTimer.singleShot(0, server.listen)       # a later launch's request: answered from just after the first paint
    QTimer.singleShot(0, window.finish_startup)   # catalogue, decision aid and search index: after the first paint
    if getattr(args, "watch", False):              # an editor's preview: pages follow their files as they are saved
        QTimer.singleShot(0, lambda: window.editions.watch(root))
    QTimer.singleShot(0, lambda: set_window_icon(app))
    if getattr(args, "page", None):
        QTimer.singleShot(0, lambda: window.open_request({"page": args.page}, raise_window=False))
    undo = _save_on_session_end(app, window)
    if collect_after_start:
        QTimer.singleShot(0, after_start)       # after finish_startup (timers of one timeout fire in order)
    try:
        return app.exec()
    finally:
        undo()
        if server is not None:
            server.close()


def _save_screenshot(image, path, force: bool) -> bool:
    """The window's picture as PNG at path, as every output is written (export.output): an existing file only if it
    is one of the app's pictures or with --force, never into a missing folder, never half-written. Says why not."""
    from brochure_app.ui.printing import paper

    try:
        paper.write_png(path, image, force=force)
    except OSError as exc:
        print(f"brochure-app: could not write {path}: {exc.strerror or exc}", file=sys.stderr)
        return False
    return True


def _hand_over(args, quiet_failure: bool = False) -> bool:
    """Hands the launch's region and page to the window already running (which comes to the front); says so.
    False when no window answered (quiet_failure: this process then starts as the window itself, if it can)."""
    from brochure_app.ui.window import single_instance

    if single_instance.hand_over(single_instance.request_of(getattr(args, "region", None),
                                                            getattr(args, "page", None))):
        print("brochure-app: the Judicial Brochure is already open; it has been brought to the front.",
              file=sys.stderr)
        return True
    if not quiet_failure:
        print("brochure-app: the Judicial Brochure is already open but does not answer; close it, or end it, "
              "and try again.", file=sys.stderr)
    return False


def _save_on_session_end(app, window):
    """What the person would lose if the app ended now is written when the desktop session ends (a logout or
    shutdown: commitDataRequest), when the app quits, and on SIGTERM or SIGHUP (what a session manager or `kill`
    sends), which quit the Qt loop cleanly: the window closes as if the person closed it. Returns a function that
    undoes all this once the loop has ended (the process may go on: the tests run the app in theirs).

    Python runs a signal handler only when it next runs Python code, which the Qt loop may not do for a long time;
    so the signal also writes a byte to a pipe (signal.set_wakeup_fd) that Qt watches, and the handler runs at once.
    """
    import os
    import signal

    from PySide6.QtCore import QSocketNotifier

    def session_end(_manager):
        window.save_now()

    def quitting():
        window.save_now()

    app.commitDataRequest.connect(session_end)
    app.aboutToQuit.connect(quitting)
    undo = [lambda: app.commitDataRequest.disconnect(session_end), lambda: app.aboutToQuit.disconnect(quitting)]
    if hasattr(signal, "SIGHUP"):                    # not on Windows, where the session end still applies
        read_end, write_end = os.pipe()
        os.set_blocking(read_end, False)
        os.set_blocking(write_end, False)
        old_wakeup = signal.set_wakeup_fd(write_end)
        notifier = QSocketNotifier(read_end, QSocketNotifier.Type.Read)

        def drain():
            try:
                os.read(read_end, 512)
            except OSError:
                pass

        notifier.activated.connect(drain)

        def quit_cleanly(_signum, _frame):
            window.close()          # closeEvent: the note being typed, the settings, the search worker
            app.quit()

        old_handlers = {signum: signal.signal(signum, quit_cleanly) for signum in (signal.SIGTERM, signal.SIGHUP)}

        def restore():
            for signum, handler in old_handlers.items():
                signal.signal(signum, handler)
            signal.set_wakeup_fd(old_wakeup)
            notifier.setEnabled(False)
            os.close(read_end)
            os.close(write_end)

        undo.append(restore)

    def undo_all():
        for step in undo:
            try:
                step()
            except (RuntimeError, OSError, ValueError):
                pass

    return undo_all


def _import_before_qt(renders: bool) -> None:
    """Imports the pure-Python modules the first paint needs before PySide6 is loaded: once loaded, PySide reads the
    source of every module imported after it (to learn whether the module uses its optional `__feature__` switches),
    about 0.3 ms a module. When this process renders the first page itself (a cold start without a child) these
    include the renderer (jinja2, Markdown)."""
    import json  # noqa: F401

    import platformdirs  # noqa: F401

    if renders:
        from brochure_app.render.html import warm_up

        warm_up()


def _choose_region(catalogue, region, screenshot) -> str | None:
    """The region to open: the one asked for or saved, else the person's choice in the region picker (None when
    they cancel, or when no region could be loaded), else London for a screenshot."""
    if not catalogue.regions:
        print("brochure-app: no region could be loaded; run 'brochure-app check'", file=sys.stderr)
        return None
    if region not in catalogue.regions:
        region = None
    if region is None and not screenshot:
        from brochure_app.ui.window.region_picker import RegionPicker

        picker = RegionPicker([(r.id, r.name, r.historical, r.edition) for r in catalogue.regions.values()])
        if not picker.exec():
            return None
        region = picker.selected_region()
    return region or ("london" if "london" in catalogue.regions else next(iter(catalogue.regions)))


def _load(root: Path, key: str, early=None):
    """The catalogue (from the child process when one was started, else from the cache or parsed), its content
    problems reported on stderr."""
    from brochure_app.catalogue.store import load_catalogue

    catalogue = early.result() if early is not None else None
    if catalogue is None:
        catalogue = load_catalogue(root, key=key)
    for problem in catalogue.problems:
        print(f"warning: content problem: {problem}", file=sys.stderr)
    return catalogue
