"""The command line: exit statuses and JSON shapes of the contract."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys

import pytest

from brochure_app.cli import main
from tests import factory


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def usage(capsys, *argv):
    with pytest.raises(SystemExit) as exc:
        main(list(argv))
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def test_module_and_entry_point_are_the_same_program():
    out = subprocess.run([sys.executable, "-m", "brochure_app", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("brochure-app ") and "content edition" in out.stdout


@pytest.mark.parametrize("argv", [
    ["list", "--region", "narnia"],
    ["list", "--region", "london", "--kind", "podcast"],
    ["recommend", "--region", "london", "--need", "knitting"],
    ["recommend", "--region", "london", "--flag", "pirate"],
    ["recommend", "--region", "london", "--ogrs", "101"],
    ["recommend", "--region", "london", "--ogrs", "-1"],
    ["recommend", "--region", "london", "--age", "-5"],
    ["recommend", "--region", "london", "--age", "400"],
    ["recommend", "--region", "london", "--risk", "extreme"],
    ["recommend", "--region", "london", "--sara", "very-high"],
    ["search", "x", "--limit", "0"],
])
def test_usage_errors_exit_2_with_valid_values_and_no_stdout(capsys, argv):
    code, out, err = usage(capsys, *argv)
    assert code == 2 and out == ""
    assert "valid" in err or "choose" in err


def test_unknown_region_lists_every_region(capsys):
    code, out, err = usage(capsys, "list", "--region", "narnia")
    for region in ("north-west", "north-east", "london", "kent-surrey-sussex", "greater-manchester",
                   "east-of-england", "dlnr"):
        assert region in err


def test_list_json_shape(tmp_path, capsys):
    root = factory.tree(tmp_path)
    code, out, _ = run(capsys, "--content-root", str(root), "list", "--region", "london", "--json")
    assert code == 0
    assert json.loads(out) == {"region": "london", "items": [
        {"id": "alpha", "title": "Alpha", "kind": "accredited-programme"},
        {"id": "beta", "title": "Beta", "kind": "toolkit"}]}


def test_list_text_groups_by_kind(tmp_path, capsys):
    root = factory.tree(tmp_path)
    code, out, _ = run(capsys, "--content-root", str(root), "list", "--region", "london")
    assert code == 0 and out.index("Accredited Programmes") < out.index("alpha") < out.index("Toolkits")


def test_show_json_shape(tmp_path, capsys):
    root = factory.tree(tmp_path)
    code, out, _ = run(capsys, "--content-root", str(root), "show", "ALPHA", "--region", "london", "--json")
    data = json.loads(out)
    assert code == 0
    assert set(data) == {"id", "title", "kind", "region", "need_areas", "summary", "text", "sources", "historical"}
    assert data["sources"] == [{"document": "002_dc0e4aaf1e59e6f0.txt",
                                "title": "HMPPS Brochure of Probation Interventions (2022-23)",
                                "section": "Accredited programmes – London"}]
    assert data["historical"] is False and "Alpha" in data["text"]


def test_show_unknown_item_exits_1_naming_closest(tmp_path, capsys):
    root = factory.tree(tmp_path)
    code, out, err = run(capsys, "--content-root", str(root), "show", "alpah", "--region", "london")
    assert code == 1 and out == "" and "Alpha" in err


def test_check_clean_and_broken(tmp_path, capsys):
    root = factory.tree(tmp_path)
    assert run(capsys, "--content-root", str(root), "check")[0] == 0
    factory.page(root, "beta", "id: beta\ntitle: [\n")
    code, out, _ = run(capsys, "--content-root", str(root), "check")
    assert code == 1
    line = out.strip().splitlines()[0]
    assert line.startswith("content/pages/test/beta.md:3: yaml: ")


def test_broken_page_does_not_lose_the_rest(content_copy, capsys):
    page = next((content_copy / "content" / "pages").rglob("bbr.md"))
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("title:", "title: [", 1), encoding="utf-8")
    code, out, _ = run(capsys, "--content-root", str(content_copy), "check")
    assert code == 1 and str(page.relative_to(content_copy)) in out
    code, out, _ = run(capsys, "--content-root", str(content_copy), "list", "--region", "london", "--json")
    ids = [i["id"] for i in json.loads(out)["items"]]
    assert code == 0 and "bbr" not in ids and "tsp" in ids and len(ids) > 20


def test_bundled_content_is_clean(capsys):
    code, out, _ = run(capsys, "check")
    assert (code, out) == (0, "")


def test_check_validates_the_ladder_too(content_copy, capsys):
    ladder = content_copy / "content" / "ladder.yaml"
    ladder.write_text(ladder.read_text(encoding="utf-8").replace("section:", "sectoin:", 1), encoding="utf-8")
    code, out, _ = run(capsys, "--content-root", str(content_copy), "check")
    assert code == 1 and out.startswith("content/ladder.yaml:") and "sectoin" in out


def test_recommend_help_lists_every_valid_value(capsys):
    """Every value the decision aid accepts is in `recommend --help`, taken from the vocabulary and the content."""
    from brochure_app.catalogue.store import load_catalogue
    from brochure_app.domain import taxonomy as tx

    code, out, _ = usage(capsys, "recommend", "--help")
    assert code == 0
    text = " ".join(out.split())
    for values in (tx.REGIONS, tx.NEEDS, tx.SEXES, tx.RISK_BANDS, tx.ROSH_BANDS, tx.SARA_BANDS, tx.FLAGS, tx.CONSENT):
        for value in values:
            assert re.search(rf"[\s({{,]{re.escape(value)}[\s,;)}}]", text), value
    areas = [area for region in load_catalogue().regions.values() for area in region.areas]
    assert areas and all(area in text for area in areas)
    assert "east-of-england" in out, "a value split across lines at its hyphen"


def test_every_option_has_a_one_line_help():
    from brochure_app.cli import build_parser, fill_deferred_help

    parser = build_parser()
    fill_deferred_help(parser)
    missing, parsers = [], [parser]
    while parsers:
        current = parsers.pop()
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                parsers.extend(action.choices.values())
                missing += [f"{current.prog} {c.dest}" for c in action._choices_actions if not c.help]
            elif not action.help or "\n" in action.help:
                missing.append(f"{current.prog} {'/'.join(action.option_strings) or action.dest}")
    assert not missing


def test_short_version_option(capsys):
    assert run(capsys, "-V") == run(capsys, "--version")


def test_help_imports_neither_qt_nor_the_content():
    """`brochure-app --help` sits on the start-up path: building it reads no content and loads no Qt."""
    code = ("import sys, contextlib, io\n"
            "from brochure_app.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit): main(['--help'])\n"
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'brochure_app.catalogue.store',"
            " 'brochure_app.ui', 'yaml', 'jinja2', 'whoosh'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
