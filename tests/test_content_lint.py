"""`check` catches what deceives (issue 18): malformed links, numbers that are not what they count, empty titles,
duplicate ids, an EDITION file that is not a short line of text. Each is FILE:LINE: field: message; the rest loads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from brochure_app.catalogue import load
from tests import factory


def _tree(tmp_path: Path, **alpha) -> Path:
    """alpha (with the given front matter changes), beta and gamma, all listed in London."""
    items = {"alpha": factory.item("alpha", **alpha), "beta": factory.item("beta"), "gamma": factory.item("gamma")}
    return factory.tree(tmp_path / "root", items)


def _line_of(path: Path, needle: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


def _problems(cat, name: str) -> list:
    return [p for p in cat.problems if Path(p.file).name == name]


def _rest_loads(cat) -> None:
    assert {"beta", "gamma"} <= {i.id for i in cat.items("london")}, cat.problems


def _page(root: Path, name: str = "alpha") -> Path:
    return root / "content" / "pages" / "test" / f"{name}.md"


# --- links --------------------------------------------------------------------------------------------------------

BAD_LINKS = {
    "unclosed title": ('See [TSP](item:beta "Thinking Skills Programme (TSP)) first. Then the rest.', "quote"),
    "unclosed single-quoted title": ("See [TSP](item:beta 'Thinking Skills (TSP)) first.", "quote"),
    "target never closed": ("See [TSP](item:beta first. Then the rest.", "never closed with ')'"),
    "bracket never closed": ("See [TSP(item:beta) first.", "never closed with ']'"),
    "closing bracket alone": ("See TSP](item:beta) first.", "no '['"),
    "space in an item link": ("See [TSP](item:be ta) first.", "has a space"),
    "space after item:": ("See [TSP](item: beta) first.", "has a space"),
    "space between ] and (": ("See [TSP] (item:beta) first.", "a space between ']' and '('"),
    "text after the title": ('See [TSP](item:beta "Thinking Skills" first) now.', "more after its title"),
    "space in an <address>": ("See [TSP](<https://example.org/a b>) now.", "has a space"),
    "parenthesis in the title": ('See [TSP](item:beta "Thinking Skills (TSP") now.', "must pair up"),
}


@pytest.mark.parametrize("name", BAD_LINKS)
def test_malformed_link_is_reported_with_its_line_and_the_page_still_loads(tmp_path, name):
    sentence, wanted = BAD_LINKS[name]
    root = _tree(tmp_path)
    factory.page(root, "alpha", factory.item("alpha"), body=f"An opening paragraph.\n\nMore text here.\n{sentence}\n")
    cat = load(root)
    (problem,) = _problems(cat, "alpha.md")
    assert (problem.line, problem.field) == (_line_of(_page(root), sentence), "body")
    assert wanted in problem.message
    assert cat.item("london", "alpha") is not None   # shown, its broken link as the text it is
    _rest_loads(cat)


WELL_FORMED = [
    '[TSP](item:beta "Thinking Skills Programme (TSP)") and [w](https://example.org/a_(b)) and [m](mailto:a@b.org)',
    "[TSP](item:beta 'Thinking Skills') and [x](<https://example.org/a_b>) and <https://example.org>",
    "Brackets [sic] and (parentheses) and a code span `[a](item:x \"t)` and an escaped \\[ and \\](x",
    '[TSP](item:beta "Thinking Skills") and [x](https://example.org/a\\_b) and [y](item:beta "`code`")',
    "A list:\n\n- [one](item:beta)\n- [two](item:gamma \"Gamma\")\n\n| a | b |\n|---|---|\n| [x](item:beta) | y |",
]


@pytest.mark.parametrize("body", WELL_FORMED)
def test_well_formed_links_are_not_reported(tmp_path, body):
    root = _tree(tmp_path)
    factory.page(root, "alpha", factory.item("alpha"), body=body + "\n")
    assert load(root).problems == ()


def test_a_page_of_broken_links_is_reported_briefly_and_fast(tmp_path):
    """Thousands of broken links: the first ten with their lines and a count of the rest, in well under a second
    (the loader checks every page at every cold start)."""
    import time

    root = _tree(tmp_path)
    body = "Intro.\n\n" + "\n\n".join(" ".join(["[a]("] * 900) for _ in range(10)) + "\n"
    factory.page(root, "alpha", factory.item("alpha"), body=body)
    started = time.perf_counter()
    cat = load(root)
    assert time.perf_counter() - started < 2.0
    problems = _problems(cat, "alpha.md")
    first = _line_of(_page(root), "[a](")
    assert [p.line for p in problems] == [first] * 10 + [first] and "8,990 more" in problems[-1].message
    _rest_loads(cat)


@pytest.mark.parametrize("name", BAD_LINKS)
def test_a_reported_link_is_no_link_on_the_page(name):
    """check and the renderer read links alike (catalogue.lint.LINK_TARGET): what is reported shows as text."""
    from brochure_app.render.html import markdown_html

    assert "<a " not in markdown_html(BAD_LINKS[name][0])


def test_a_link_not_reported_is_a_link_on_the_page():
    from brochure_app.render.html import markdown_html

    html = markdown_html("\n\n".join(body for body in WELL_FORMED if "code span" not in body))
    assert html.count("<a ") == 12


# --- numbers ------------------------------------------------------------------------------------------------------

BAD_NUMBERS = {
    "negative sessions": ({"delivery": {"sessions": -3}}, "sessions:", "from 1 to"),
    "no sessions": ({"delivery": {"sessions": 0}}, "sessions:", "from 1 to"),
    "sessions true": ({"delivery": {"sessions": True}}, "sessions:", "got true or false"),
    "huge sessions": ({"delivery": {"sessions": 10**30}}, "sessions:", "from 1 to"),
    "hours nan": ({"delivery": {"total_hours": float("nan")}}, "total_hours:", "above 0"),
    "hours inf": ({"delivery": {"total_hours": float("inf")}}, "total_hours:", "above 0"),
    "hours negative": ({"delivery": {"total_hours": -2.5}}, "total_hours:", "above 0"),
    "hours huge": ({"delivery": {"total_hours": 1e300}}, "total_hours:", "above 0"),
    "hours false": ({"delivery": {"total_hours": False}}, "total_hours:", "got true or false"),
    "negative age": ({"eligibility": {"age": {"min": -1, "says": "Any age"}}}, "min: -1", "from 0 to"),
    "huge age": ({"eligibility": {"age": {"max": 10**30, "says": "Any age"}}}, "max: 1", "from 0 to"),
    "age true": ({"eligibility": {"age": {"min": True, "says": "Adults"}}}, "min: true", "got true or false"),
    "negative order months": ({"eligibility": {"order_months": [{"min": -6, "says": "x"}]}}, "min: -6", "from 0"),
    "ogrs true": ({"eligibility": {"ogrs": {"max": True, "says": "Low"}}}, "max: true", "got true or false"),
}


@pytest.mark.parametrize("name", BAD_NUMBERS)
def test_a_number_that_is_not_what_it_counts_is_reported_and_its_page_skipped(tmp_path, name):
    """Validation took them all (true as 1, NaN shown 'nan', 10**30 printed in full): a wrong figure in court is
    worse than a missing page. (true and false are now refused by the strict validation itself.)"""
    changes, field_line, wanted = BAD_NUMBERS[name]
    root = _tree(tmp_path, **changes)
    cat = load(root)
    (problem,) = _problems(cat, "alpha.md")
    assert problem.line == _line_of(_page(root), field_line) and wanted in problem.message, problem
    assert cat.item("london", "alpha") is None
    assert _problems(cat, "london.yaml") == []   # the region's listing of it is no second problem
    _rest_loads(cat)


def test_sane_numbers_load(tmp_path):
    root = _tree(tmp_path, delivery={"sessions": 3, "total_hours": 42.5},
                 eligibility={"age": {"min": 18, "max": 120, "says": "Adults"},
                              "order_months": {"min": 0, "max": 36, "says": "Any order"}})
    cat = load(root)
    assert cat.problems == () and cat.item("london", "alpha").delivery.sessions == 3


# --- empty text ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("field", "value"), [("title", "   "), ("summary", ""), ("title", "\u200b"),
                                              ("summary", "\u00a0\t")])
def test_an_empty_title_or_summary_is_reported(tmp_path, field, value):
    root = _tree(tmp_path, **{field: value})
    cat = load(root)
    (problem,) = _problems(cat, "alpha.md")
    assert (problem.field, problem.line) == (field, _line_of(_page(root), f"{field}:")) and "empty" in problem.message
    assert cat.item("london", "alpha") is None
    _rest_loads(cat)


# --- duplicate ids ------------------------------------------------------------------------------------------------

def test_two_files_with_one_id_are_both_named_and_neither_loads(tmp_path):
    """Before, the file whose path sorted first silently won: a stray copy could replace the real page."""
    root = _tree(tmp_path)
    stray = factory.page(root, "alpha-copy", factory.item("alpha", title="Stray copy"), folder="aaa")
    cat = load(root)
    real = _problems(cat, "alpha.md")
    copy = _problems(cat, "alpha-copy.md")
    assert len(real) == len(copy) == 1 and len(cat.problems) == 2   # no second problem from the region's listing
    assert "content/pages/aaa/alpha-copy.md" in real[0].message and "content/pages/test/alpha.md" in copy[0].message
    assert real[0].field == copy[0].field == "id" and copy[0].line == _line_of(stray, "id:")
    assert "missing" in real[0].message
    assert cat.item("london", "alpha") is None
    _rest_loads(cat)


def test_three_files_with_one_id_each_name_the_others(tmp_path):
    root = _tree(tmp_path)
    for folder in ("one", "two"):
        factory.page(root, "alpha", factory.item("alpha"), folder=folder)
    cat = load(root)
    assert len(cat.problems) == 3
    for problem in cat.problems:
        others = [f"content/pages/{f}/alpha.md" for f in ("one", "two", "test") if f not in problem.file]
        assert all(o in problem.message for o in others), problem
    assert cat.item("london", "alpha") is None


def test_a_regions_own_version_in_two_files_is_missing_not_replaced_by_the_general_page(tmp_path):
    """London's own version of alpha, twice: London shows no alpha (not the general one in its place)."""
    root = _tree(tmp_path)
    factory.region(root, "north-west", ["alpha", "beta"])
    for name in ("alpha-london", "alpha-london-copy"):
        factory.page(root, name, factory.item("alpha", region="london", title="London's own"), folder="london")
    cat = load(root)
    assert sorted(Path(p.file).name for p in cat.problems) == ["alpha-london-copy.md", "alpha-london.md"]
    assert cat.item("london", "alpha") is None and "alpha" not in cat.regions["london"].item_ids
    assert cat.item("north-west", "alpha").title == "Alpha"   # the general page, where no own version was meant
    _rest_loads(cat)


# --- content/EDITION ----------------------------------------------------------------------------------------------

def _edition(root: Path) -> Path:
    return root / "content" / "EDITION"


def test_a_plain_edition_and_none_at_all_are_fine(tmp_path):
    root = _tree(tmp_path)
    assert load(root).problems == ()
    _edition(root).write_text("2026.11.1\n", encoding="utf-8")
    assert load(root).problems == ()


@pytest.mark.parametrize(("make", "line", "wanted"), [
    (lambda p, tmp: p.symlink_to(tmp / "secret.txt"), 1, "outside the content folder"),
    (lambda p, tmp: os.mkfifo(p), 1, "not a regular file"),
    (lambda p, tmp: p.mkdir(), 1, "not a regular file"),
    (lambda p, tmp: p.write_text("2026.11.1\n" * 1000, encoding="utf-8"), 1, "the limit is"),
    (lambda p, tmp: p.write_text("2026.11.1\nSecond line\n", encoding="utf-8"), 2, "one line"),
    (lambda p, tmp: p.write_text("2026\u200b.11.1\n", encoding="utf-8"), 1, "not printable"),
    (lambda p, tmp: p.write_text("2026\x1b[31m.11\n", encoding="utf-8"), 1, "control character"),
    (lambda p, tmp: p.write_bytes(b"2026\xff\n"), 1, "not UTF-8"),
    (lambda p, tmp: p.write_text("x" * 60, encoding="utf-8"), 1, "the limit is 40"),
    (lambda p, tmp: p.write_text(" \n\n", encoding="utf-8"), 1, "empty"),
], ids=["link-out", "fifo", "folder", "huge", "two-lines", "invisible", "escape", "binary", "long", "empty"])
def test_an_edition_that_is_not_a_short_line_of_text_is_reported(tmp_path, make, line, wanted):
    """EDITION is printed on every exported page and in the PDF's metadata: a link to any file put that file's
    first line there; a pipe would hang the read."""
    root = _tree(tmp_path)
    (tmp_path / "secret.txt").write_text("secret\n", encoding="utf-8")
    make(_edition(root), tmp_path)
    cat = load(root)
    (problem,) = cat.problems
    assert (problem.file, problem.line) == ("content/EDITION", line) and wanted in problem.message, problem
    _rest_loads(cat)
    assert cat.item("london", "alpha") is not None


# --- brochure-app check -------------------------------------------------------------------------------------------

def _check(capsys, root: Path) -> tuple[int, list[str]]:
    from brochure_app.cli import main

    code = main(["--content-root", str(root), "check"])
    return code, capsys.readouterr().out.splitlines()


def test_check_reports_each_deceiving_file_with_its_line(tmp_path, capsys):
    root = _tree(tmp_path, delivery={"sessions": True})
    link = 'See [TSP](item:gamma "Thinking Skills Programme (TSP)) first.'
    factory.page(root, "beta", factory.item("beta"), body=f"Intro.\n\n{link}\n")
    factory.page(root, "gamma-copy", factory.item("gamma"), folder="copy")
    _edition(root).symlink_to(tmp_path / "elsewhere")
    (tmp_path / "elsewhere").write_text("not the edition\n", encoding="utf-8")
    code, out = _check(capsys, root)
    assert code == 1
    sessions = _line_of(_page(root), "sessions:")
    wanted = "delivery.sessions: expected a whole number, got true or false"
    assert f"content/pages/test/alpha.md:{sessions}: {wanted}" in out
    assert any(line.startswith(f"content/pages/test/beta.md:{_line_of(_page(root, 'beta'), link)}: body: ")
               for line in out)
    assert sum("duplicate id 'gamma'" in line for line in out) == 2
    assert any(line.startswith("content/EDITION:1: file: ") for line in out)


def test_check_reports_a_page_over_the_render_budget(tmp_path, capsys, monkeypatch):
    from tests.test_render_budget import _spin_on

    root = _tree(tmp_path)
    factory.page(root, "alpha", factory.item("alpha"), body="SLOW text.\n")
    _spin_on("SLOW", monkeypatch)
    code, out = _check(capsys, root)
    assert code == 1
    (line,) = out
    assert line.startswith(f"content/pages/test/alpha.md:{_line_of(_page(root), 'SLOW')}: body: takes more than")
    assert "plain text" in line
