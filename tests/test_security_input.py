"""Bad input at every door: command-line values (usage errors: exit 2, nothing on stdout, the valid values named),
absurd search strings (exit 0, valid JSON, no traceback), wizard values that cannot be out of range by construction,
and unexpected errors that go to a log file with a short apology instead of a traceback.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from brochure_app.cli import main
from brochure_app.domain import taxonomy as tx

REPO = Path(__file__).resolve().parents[1]


def run(capsys, *argv):
    """(exit status, stdout, stderr) of the CLI in this process, whether it returns or exits."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    assert "Traceback" not in err, err
    return code, out, err


# --- command-line values -------------------------------------------------------------------------------------------

R = ["recommend", "--region", "london"]
USAGE_ERRORS = {
    "missing-region": (["list"], None),
    "empty-region": (["list", "--region", ""], tx.REGIONS),
    "upper-case-region": (["list", "--region", "LONDON"], tx.REGIONS),
    "region-with-shell": (["list", "--region", "london; rm -rf /"], tx.REGIONS),
    "region-as-path": (["list", "--region", "../london"], tx.REGIONS),
    "gui-region": (["gui", "--region", "narnia"], tx.REGIONS),
    "kind": (["list", "--region", "london", "--kind", "Toolkit"], tx.KINDS),
    "need": (R + ["--need", "DV"], tx.NEEDS),
    "flag-empty": (R + ["--flag", ""], tx.FLAGS),
    "sex": (R + ["--sex", "other"], tx.SEXES),
    "risk": (R + ["--risk", "extreme"], tx.RISK_BANDS),
    "rosh": (R + ["--rosh", "extreme"], tx.ROSH_BANDS),
    "sara": (R + ["--sara", "very-high"], tx.SARA_BANDS),
    "consents": (R + ["--consents", "maybe"], tx.CONSENT),
    "age-word": (R + ["--age", "abc"], ["10", "120"]),
    "age-float": (R + ["--age", "10.5"], ["10", "120"]),
    "age-exponent": (R + ["--age", "1e3"], ["10", "120"]),
    "age-hex": (R + ["--age", "0x10"], ["10", "120"]),
    "age-too-low": (R + ["--age", "9"], ["10", "120"]),
    "age-too-high": (R + ["--age", "121"], ["10", "120"]),
    "age-5000-digits": (R + ["--age", "9" * 5000], ["10", "120"]),
    "ogrs-negative": (R + ["--ogrs", "-1"], ["0", "100"]),
    "ogrs-nan": (R + ["--ogrs", "nan"], ["0", "100"]),
    "ogrs-inf": (R + ["--ogrs", "inf"], ["0", "100"]),
    "order-zero": (R + ["--order-months", "0"], ["1", "60"]),
    "order-too-long": (R + ["--order-months", "61"], ["1", "60"]),
    "limit-zero": (["search", "x", "--limit", "0"], ["1", "1000"]),
    "limit-negative": (["search", "x", "--limit", "-1"], ["1", "1000"]),
    "limit-huge": (["search", "x", "--limit", "10000000000"], ["1", "1000"]),
    "limit-word": (["search", "x", "--limit", "all"], ["1", "1000"]),
    "search-nothing": (["search"], None),
    "queries-without-json": (["search", "--queries", "q.txt"], None),
    "format": (["export", "--region", "london", "--format", "docx", "--out", "x"], ["html", "pdf"]),
    "export-no-out": (["export", "--region", "london", "--format", "html"], None),
    "show-no-item": (["show", "--region", "london"], None),
    "unknown-command": (["frobnicate"], None),
    "unknown-option": (["list", "--region", "london", "--bogus"], None),
    "missing-content-root": (["--content-root", "/no/such/folder", "list", "--region", "london"], None),
}


@pytest.mark.parametrize("name", sorted(USAGE_ERRORS))
def test_usage_errors_exit_2_and_print_nothing_on_stdout(capsys, name):
    argv, valid = USAGE_ERRORS[name]
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "", (code, out)
    assert err.strip(), "no message for the person"
    for value in valid or ():
        assert value in err, f"the message does not name {value!r}: {err}"


def test_content_root_that_is_a_file_is_a_usage_error(capsys, tmp_path):
    target = tmp_path / "not-a-folder"
    target.write_text("x", encoding="utf-8")
    code, out, err = run(capsys, "--content-root", str(target), "check")
    assert code == 2 and out == "" and "not a folder" in err


def test_show_of_an_absurd_item_is_a_clean_not_found(capsys):
    started = time.perf_counter()
    for item in ("x" * 100_000, "\x00\x01\x1b[2J", "../../etc/passwd", "title:(", ""):
        code, out, err = run(capsys, "show", item, "--region", "london")
        assert code == 1 and out == "" and "has no item" in err
    assert time.perf_counter() - started < 10


# --- absurd search strings ---------------------------------------------------------------------------------------

ABSURD = {
    "100k-chars": "x" * 100_000,
    "100k-words": "dv " * 33_333,
    "control-chars": "a\x01\x02\x07\x08\x1b[31mb\x7f",
    "nul": "bbr\x00tsp",
    "only-punctuation": "!!!...,,,;;;???---",
    "unclosed-field": "title:(",
    "operators": "AND OR NOT",
    "wildcards": "*?~^",
    "quotes": '"unbalanced',
    "parens": "((((((((((",
    "field-syntax": "id:bbr kind:toolkit region:[a TO z] title:*",
    "fuzzy-boost": "abuse~5^100 dv~~~ \"a b\"~1000",
    "backslashes": "\\\\\\",
    "regex-ish": ".*+?[](){}|^$",
    "lone-surrogate": "dv\udcff\ud800",
    "rtl-and-zero-width": "\u202edv\u200b\u2066abuse\ufeff",
    "emoji-and-combining": "🙂 d\u0301v\u0300 ﬁ",
    "whitespace": " \t\n\r\x0b\x0c ",
    "empty": "",
    "long-word": "a" * 10_000 + " abuse",
    "html": "<script>alert(1)</script><img src=x onerror=alert(1)>",
}
RESULT_KEYS = {"id", "title", "kind", "regions", "score", "snippet", "historical"}


def _check_search_json(data: dict, region) -> None:
    assert set(data) == {"query", "region", "results", "suggestion"}
    assert data["region"] == region and isinstance(data["results"], list)
    assert data["suggestion"] is None or isinstance(data["suggestion"], str)
    for hit in data["results"]:
        assert set(hit) == RESULT_KEYS and isinstance(hit["score"], float)


@pytest.fixture(scope="module")
def warm_index(tmp_path_factory):
    """One search index for the module (building it is the search helper's business, not this test's)."""
    import os

    folder = tmp_path_factory.mktemp("search-cache")
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    try:
        from brochure_app.catalogue.store import load_catalogue
        from brochure_app.search import SearchService

        SearchService(load_catalogue()).close()
    finally:
        if old is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = old
    return folder


@pytest.fixture
def shared_cache(warm_index, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(warm_index))


@pytest.mark.parametrize("name", sorted(ABSURD))
def test_absurd_search_strings_answer_with_valid_json(capsys, shared_cache, name):
    query = ABSURD[name]
    started = time.perf_counter()
    for region in (None, "london"):
        code, out, err = run(capsys, "search", query, "--json", *(["--region", region] if region else []))
        assert code == 0, err
        _check_search_json(json.loads(out), region)
    code, out, err = run(capsys, "search", query)
    assert code == 0 and out, err   # the text form too
    assert time.perf_counter() - started < 10


def test_absurd_query_file_answers_one_json_line_each(capsys, shared_cache, tmp_path):
    lines = [q.replace("\n", " ").replace("\r", " ") for q in ABSURD.values() if "\ud800" not in q]
    queries = tmp_path / "queries.txt"
    queries.write_bytes("\n".join(lines).encode("utf-8") + b"\n\xff\xfe binary \x00 junk\n")
    code, out, err = run(capsys, "search", "--queries", str(queries), "--json", "--limit", "3")
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == len(lines) + 1
    for row in rows:
        _check_search_json(row, None)


def test_absurd_search_from_a_real_command_line(shared_cache):
    """Through a real argv (what a shell passes): 100,000 characters and control characters."""
    for query in ("x" * 100_000, "dv\x01\x1b[2J title:( AND OR NOT *?~^"):
        out = subprocess.run([sys.executable, "-m", "brochure_app", "search", query, "--json"], capture_output=True,
                             text=True, cwd=REPO, timeout=120)
        assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
        _check_search_json(json.loads(out.stdout), None)


# --- the wizard: out-of-range values are impossible by construction ----------------------------------------------

CONTRACT = {"age": (10, 120), "ogrs": (0, 100), "order_months": (1, 60)}
EXTREMES = [-2**31, -1000, -1, 0, 1, 9, 10, 11, 59, 60, 61, 99, 100, 101, 119, 120, 121, 1000, 2**31 - 1]


def test_wizard_spin_boxes_cannot_leave_the_contract_ranges(qtbot):
    from brochure_app.ui.advisor.wizard_panel import WizardPanel

    panel = WizardPanel()
    qtbot.addWidget(panel)
    spins = {"age": panel.age, "ogrs": panel.ogrs, "order_months": panel.order}
    for name, spin in spins.items():
        low, high = CONTRACT[name]
        assert spin.maximum() == high and spin.minimum() == low - 1   # the minimum means "not known"
        assert spin.specialValueText()
        for value in EXTREMES:
            spin.setValue(value)
            got = getattr(panel.profile(), name)
            assert got is None or low <= got <= high, (name, value, got)
        for typed in ("99999", "-5", "1e9", "abc", "12.5", "+-0"):
            spin.setValue(spin.minimum())
            spin.lineEdit().selectAll()
            qtbot.keyClicks(spin.lineEdit(), typed)
            spin.interpretText()
            got = getattr(panel.profile(), name)
            assert got is None or low <= got <= high, (name, typed, got)
            assert spin.minimum() <= spin.value() <= spin.maximum()


def test_wizard_choices_are_only_valid_values(qtbot):
    from brochure_app.ui.advisor.wizard_panel import WizardPanel

    panel = WizardPanel()
    qtbot.addWidget(panel)
    valid = {"sex": tx.SEXES, "risk": tx.RISK_BANDS, "rosh": tx.ROSH_BANDS, "sara": tx.SARA_BANDS,
             "consents": tx.CONSENT}
    for name, allowed in valid.items():
        combo = getattr(panel, name)
        assert not combo.isEditable()
        values = [combo.itemData(i) for i in range(combo.count())]
        assert values[0] is None and set(values[1:]) <= set(allowed), (name, values)
    assert set(panel.need_boxes) == set(tx.NEEDS) and set(panel.circumstances) == set(tx.FLAGS)


# --- unexpected errors: a log file and a short apology -------------------------------------------------------------

class _Dialogs:
    def __init__(self, during=None):
        self.shown: list[tuple[str, str]] = []
        self.during = during

    def __call__(self, parent, title, text, *args):
        self.shown.append((title, text))
        if self.during is not None:
            self.during()


def _exc_info(error: Exception):
    try:
        raise error
    except Exception:  # noqa: BLE001
        return sys.exc_info()


@pytest.fixture
def hook(qapp, monkeypatch):
    """The app's excepthook installed (and the test runner's one restored afterwards), dialogs recorded."""
    from PySide6.QtWidgets import QMessageBox

    from brochure_app.folders import log_dir
    from brochure_app.ui.app import _install_excepthook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    dialogs = _Dialogs()
    monkeypatch.setattr(QMessageBox, "warning", dialogs)
    _install_excepthook(qapp)
    return sys.excepthook, dialogs, log_dir() / "errors.log"


def test_unexpected_gui_error_is_logged_with_a_short_apology(hook):
    excepthook, dialogs, log = hook
    excepthook(*_exc_info(ZeroDivisionError("boom in a slot")))
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "ZeroDivisionError: boom in a slot" in text
    ((title, message),) = dialogs.shown
    assert "Sorry" in title and str(log) in message
    assert "Traceback" not in message and "ZeroDivisionError" not in message and len(message) < 300


def test_errors_while_the_apology_is_open_do_not_stack_dialogs(hook):
    excepthook, dialogs, log = hook
    dialogs.during = lambda: excepthook(*_exc_info(RuntimeError("again, while the dialog is open")))
    excepthook(*_exc_info(ValueError("first")))
    assert len(dialogs.shown) == 1
    text = log.read_text(encoding="utf-8")
    assert "ValueError: first" in text and "RuntimeError: again" in text   # both logged


def test_unwritable_log_folder_still_apologises(hook, monkeypatch, tmp_path):
    from brochure_app import folders

    excepthook, dialogs, _log = hook
    blocker = tmp_path / "log-is-a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setattr(folders, "log_dir", lambda: blocker)
    excepthook(*_exc_info(KeyError("x")))
    ((_title, message),) = dialogs.shown
    assert "could not be written" in message


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_qt_slot_reaches_the_log(hook, qtbot):
    from PySide6.QtCore import QTimer

    _excepthook, dialogs, log = hook

    def broken_slot():
        raise LookupError("raised inside a Qt slot")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: bool(dialogs.shown), timeout=2000)
    assert "LookupError: raised inside a Qt slot" in log.read_text(encoding="utf-8")


def test_unexpected_cli_error_is_logged_not_shown_as_a_traceback(capsys, monkeypatch):
    from brochure_app import cli, folders

    def broken(args):
        raise RuntimeError("an internal bug")

    monkeypatch.setitem(cli.COMMANDS, "list", broken)
    code, out, err = run(capsys, "list", "--region", "london")
    assert code == 1 and out == ""
    assert "unexpected error" in err and "errors.log" in err and len(err) < 400
    assert "RuntimeError: an internal bug" in (folders.log_dir() / "errors.log").read_text(encoding="utf-8")
    monkeypatch.setenv("BROCHURE_APP_DEBUG", "1")   # for developers: the real exception
    with pytest.raises(RuntimeError):
        main(["list", "--region", "london"])
