"""Search: relevance for how court users ask, scoping, the contract's JSON (single and batch), hostile input.

The index over the bundled content is built once for the module (in a temporary cache); the command-line tests
point XDG_CACHE_HOME at that same cache so they reuse it instead of rebuilding.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brochure_app.cli import main
from tests import factory

REPO = Path(__file__).resolve().parents[1]
TAG = re.compile(r"</?b>")


@pytest.fixture(scope="module")
def cache_home(tmp_path_factory) -> Path:
    """An XDG cache folder whose brochure-app index is built once for the module."""
    return tmp_path_factory.mktemp("search-cache")


@pytest.fixture(scope="module")
def service(cache_home):
    """The service over the bundled content, loaded the way the command line loads it (same content hash), so
    the command-line tests find this index in the cache."""
    from brochure_app.catalogue.store import load_catalogue
    from brochure_app.search import SearchService
    from brochure_app.search.index import cache_root

    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(cache_home)
    try:
        svc = SearchService(load_catalogue(None), cache_root())
    finally:
        if old is None:
            del os.environ["XDG_CACHE_HOME"]
        else:
            os.environ["XDG_CACHE_HOME"] = old
    yield svc
    svc.close()


@pytest.fixture
def shared_cache(service, cache_home, monkeypatch):
    """Command-line runs reuse the module's index."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    return cache_home


def ids(results):
    return [h.id for h in results.hits]


def offering(catalogue, hit):
    """The regions a hit should list: a home page its own region, an item every region presenting it."""
    return hit.regions[:1] if hit.id == "home" else catalogue.regions_offering(hit.id)


def needs(catalogue, region, item_id):
    regions = [region] if region else list(catalogue.regions_offering(item_id))
    return set(catalogue.item(regions[0], item_id).need_areas)


def assert_safe_snippet(snippet: str):
    """Only <b> and </b> are markup; everything else is escaped text."""
    plain = TAG.sub("", snippet)
    assert "<" not in plain and ">" not in plain
    assert snippet.count("<b>") == snippet.count("</b>")


# Relevance -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("region", ["london", "north-west", "kent-surrey-sussex", "dlnr"])
def test_dv_puts_a_domestic_abuse_item_first_with_highlight(service, catalogue, region):
    results = service.search("DV", region=region)
    assert results.hits, region
    first = results.hits[0]
    assert "domestic-abuse" in needs(catalogue, region, first.id)
    assert "<b>" in first.snippet
    assert_safe_snippet(first.snippet)


@pytest.mark.parametrize("query,need", [
    ("housing", "accommodation"), ("homeless", "accommodation"), ("jobs", "employment"),
    ("ETE", "employment"), ("booze", "alcohol"), ("drink", "alcohol"), ("IPV", "domestic-abuse"),
    ("domestic violence", "domestic-abuse"), ("anger", "emotional-management"),
])
def test_everyday_words_reach_the_brochures_need_areas(service, catalogue, query, need):
    results = service.search(query)
    assert results.hits, query
    assert need in needs(catalogue, None, results.hits[0].id), (query, ids(results)[:3])


def test_housing_finds_the_accommodation_service_first(service, catalogue):
    first = service.search("housing", region="london").hits[0]
    assert first.kind == "commissioned-service" and "accommodation" in needs(catalogue, "london", first.id)


def test_typos_find_anger_management_in_dlnr_and_suggest_the_spelling(service):
    results = service.search("angre managment", region="dlnr")
    assert "anger-management" in ids(results)[:1] or results.suggestion == "anger management"
    assert results.hits[0].id == "anger-management"
    assert results.suggestion == "anger management"
    assert "<b>" in results.hits[0].snippet


@pytest.mark.parametrize("query,expected", [("acommodation", "accommodation"), ("thinkng skils", "thinking skills"),
                                            ("managment", "management")])
def test_did_you_mean_comes_from_the_index_vocabulary(service, query, expected):
    results = service.search(query)
    assert results.suggestion == expected
    assert results.hits


def test_correct_words_get_no_suggestion(service):
    for query in ("DV", "housing", "anger management", "stepw", "positive path"):
        assert service.search(query).suggestion is None, query


def test_prefix_of_the_last_word_finds_stepwise_in_north_east(service):
    results = service.search("stepw", region="north-east")
    assert len(results.hits) >= 3
    assert all(i.startswith("stepwise") for i in ids(results)[:3])
    assert "<b>Stepwise</b>" in results.hits[0].snippet


def test_prefix_after_a_full_word_finds_positive_pathways(service):
    results = service.search("positive path", region="london")
    assert ids(results)[0] in ("positive-pathways", "positive-pathways-plus")
    assert "positive-pathways" in ids(results)[:2]


def test_a_finished_last_word_is_not_a_prefix(service):
    typing, finished = service.search("stepw"), service.search("stepw ")
    assert typing.hits[0].id.startswith("stepwise") and typing.suggestion is None
    # finished, "stepw" is a word the index does not know: corrected to a near word, not completed
    assert finished.suggestion is not None and not finished.suggestion.startswith("stepwise")


def test_prefix_completes_a_synonym_phrase(service, catalogue):
    results = service.search("domestic ab", region="london")
    assert "domestic-abuse" in needs(catalogue, "london", results.hits[0].id)


@pytest.mark.parametrize("query,item_id", [
    ("AAMR", "aamr"), ("aamr", "aamr"), ("ATR", "atr"), ("DRR", "drr"), ("MHTR", "mhtr"), ("RAR", "rar"),
    ("UPW", "unpaid-work"), ("TSP", "tsp"), ("BBR", "bbr"), ("COVAID", "covaid"), ("tag", "electronic-monitoring"),
    ("curfew", "curfew"), ("unpaid work", "unpaid-work"), ("community payback", "unpaid-work"),
    ("Alcohol Abstinence Monitoring Requirement", "aamr"), ("thinking skills", "tsp"),
])
def test_acronyms_and_names_find_their_page_first(service, query, item_id):
    assert ids(service.search(query))[0] == item_id


@pytest.mark.parametrize("query,region,item_id", [("PTI", "dlnr", "pathway-to-independence"),
                                                  ("SAC", "dlnr", "senior-attendance-centre"),
                                                  ("MME", "london", "managing-my-emotions")])
def test_regional_acronyms(service, catalogue, query, region, item_id):
    assert catalogue.item(region, item_id) is not None, f"{region} should have {item_id}"
    assert ids(service.search(query, region=region))[0] == item_id


def test_case_and_accents_are_folded(service):
    assert ids(service.search("ＡＡＭＲ")) == ids(service.search("aamr"))  # full-width letters
    assert ids(service.search("HOUSING")) == ids(service.search("housing"))
    assert ids(service.search("accommodatión")) == ids(service.search("accommodation"))


def test_results_are_best_first_with_float_scores(service):
    results = service.search("alcohol")
    scores = [h.score for h in results.hits]
    assert scores == sorted(scores, reverse=True) and all(isinstance(s, float) and s > 0 for s in scores)


def test_limit(service):
    assert len(service.search("requirement", limit=3).hits) == 3
    assert len(service.search("requirement", limit=1).hits) == 1


# Scoping ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("region", ["london", "dlnr", "north-east"])
def test_a_region_scope_returns_only_that_regions_pages(service, catalogue, region):
    results = service.search("programme", region=region, limit=50)
    assert results.hits and results.region == region
    for hit in results.hits:
        assert hit.regions[0] == region
        assert set(hit.regions) == set(offering(catalogue, hit))
        assert hit.id == "home" or catalogue.item(region, hit.id) is not None


def test_all_regions_merges_an_item_into_one_hit_listing_its_regions(service, catalogue):
    results = service.search("relationships", limit=100)
    assert results.region is None
    pages = [(h.id, tuple(h.regions)) if h.id == "home" else h.id for h in results.hits]
    assert len(pages) == len(set(pages))
    for hit in results.hits:
        assert list(hit.regions) == list(offering(catalogue, hit))
    bbr = next(h for h in results.hits if h.id == "bbr")
    assert len(bbr.regions) > 1


def test_items_only_in_dlnr_are_found_across_regions(service, catalogue):
    assert "covaid" not in ids(service.search("covaid", region="london"))
    hit = service.search("covaid").hits[0]
    assert hit.id == "covaid" and list(hit.regions) == list(catalogue.regions_offering("covaid"))


def test_a_region_the_content_lacks_gives_no_hits(service):
    assert service.search("alcohol", region="atlantis").hits == ()


# Snippets --------------------------------------------------------------------------------------------------------


def snippet_of(text: str, terms: dict, phrases=()) -> str:
    from brochure_app.search import analysis, snippet

    return snippet.passage(text, snippet.places(text, analysis.analyzer(phrases)), terms)[0]


def test_snippet_escapes_page_text_and_marks_only_matches():
    from brochure_app.search.analysis import stem

    text = ("Title\n\n<script>alert('x')</script> & \"quoted\" abuse, "
            "<b>not bold</b>, and abusive talk.\n\nSources:\n- Domestic abuse brochure")
    out = snippet_of(text, {stem("abuse"): 1.0})
    assert "<script" not in out and "&lt;script&gt;" in out and "&amp;" in out and "&quot;quoted&quot;" in out
    assert "<b>abuse</b>" in out and "&lt;b&gt;not bold&lt;/b&gt;" in out and "<b>abusive</b>" in out
    assert_safe_snippet(out)
    assert "Sources" not in out  # the passage between the title and the sources is preferred


def test_snippet_marks_phrase_words_only_where_they_stand_together():
    from brochure_app.search.analysis import phrase_term, term_stems

    phrase = term_stems("intimate partner violence")
    text = "Title\n\nPartner work is here. Violence elsewhere. Intimate partner violence is the subject."
    out = snippet_of(text, {phrase_term(phrase): 0.8}, [phrase])
    assert "<b>Intimate</b> <b>partner</b> <b>violence</b>" in out
    assert "<b>Partner</b> work" not in out and "<b>Violence</b> elsewhere" not in out


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["abuse", "Abusive", "work", "hours", "40", "<b>", "&", '"', "the", "\n\n", ", "]),
                max_size=80), st.sets(st.sampled_from(["abus", "work", "hour", "40"])))
def test_any_snippet_is_escaped_text_with_only_query_words_in_bold(words, terms):
    from brochure_app.search.analysis import term_stems

    text = " ".join(words)
    out = snippet_of(text, dict.fromkeys(terms, 1.0))
    assert_safe_snippet(out)
    for bold in re.findall(r"<b>(.*?)</b>", out):
        assert term_stems(html.unescape(bold))[0] in terms
    assert html.unescape(TAG.sub("", out)).strip("…").strip() in re.sub(r"\s+", " ", text)


def test_every_snippet_is_safe_and_highlights_a_match(service):
    for query in ("DV", "housing", "tag", "stepw", "RAR", "women", "anger management"):
        for hit in service.search(query, limit=20).hits:
            assert_safe_snippet(hit.snippet)
    first = service.search("women").hits[0]
    assert "<b>" in first.snippet and html.unescape(TAG.sub("", first.snippet))


# Hostile queries -------------------------------------------------------------------------------------------------

HOSTILE = [
    "", " ", "\t\n", "title:(", "AND OR", "NOT", "OR", "*", "?", "**", "((((", ")))", "\"unclosed", "'", "\\",
    "field:value", "title:DV", "body:(housing OR jobs)", "DV^10", "housing~2", "[a TO z]", "{}", "a" * 100_000,
    "DV " * 10_000, "\x00", "\x00DV\x00", "\x1b[31mred\x1b[0m", "\u202eDV", "\ufeffhousing", "!!!???...", "—–-",
    "🙂", "🙂 housing", "\udc80", "DV\udcff", "\ud800", "ĀāĂ", "ǅ", "ß", "İstanbul", "日本語", "\u0301", "0",
    "12345678901234567890", "-", "_", "__init__", "<script>alert(1)</script>", "&amp;", "%s %d {0}",
]


@pytest.mark.parametrize("query", HOSTILE, ids=lambda q: repr(q[:20]))
def test_hostile_queries_are_words_or_nothing_never_an_error(service, query):
    results = service.search(query)
    assert results.query == query
    json.dumps(results.to_json())
    for hit in results.hits:
        assert_safe_snippet(hit.snippet)


def test_query_syntax_is_searched_as_words(service):
    assert ids(service.search("title:DV")) == ids(service.search("title DV"))
    assert ids(service.search("body:(housing OR jobs)")) == ids(service.search("body housing jobs"))
    assert service.search("AND OR").hits == ()
    assert ids(service.search("DV^10")) == ids(service.search("DV 10"))


def test_huge_query_is_cut_quickly(service):
    import time

    t0 = time.perf_counter()
    service.search("housing " * 20_000)
    assert time.perf_counter() - t0 < 1.0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_any_text_searches_without_error(service, query):
    results = service.search(query, region="london")
    for hit in results.hits:
        assert_safe_snippet(hit.snippet)
        assert hit.regions[0] == "london"


# The command line ------------------------------------------------------------------------------------------------


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def check_shape(data: dict, query: str, region):
    assert list(data) == ["query", "region", "results", "suggestion"]
    assert data["query"] == query and data["region"] == region
    assert data["suggestion"] is None or isinstance(data["suggestion"], str)
    for result in data["results"]:
        assert list(result) == ["id", "title", "kind", "regions", "score", "snippet", "historical"]
        assert isinstance(result["historical"], bool)
        assert isinstance(result["id"], str) and isinstance(result["title"], str) and isinstance(result["kind"], str)
        assert isinstance(result["regions"], list) and all(isinstance(r, str) for r in result["regions"])
        assert isinstance(result["score"], float) and isinstance(result["snippet"], str)
    scores = [r["score"] for r in data["results"]]
    assert scores == sorted(scores, reverse=True)


def test_cli_json_dv_london(shared_cache, capsys, catalogue):
    code, out, err = run(capsys, "search", "DV", "--region", "london", "--json")
    assert code == 0
    data = json.loads(out)
    check_shape(data, "DV", "london")
    first = data["results"][0]
    assert "domestic-abuse" in catalogue.item("london", first["id"]).need_areas and "<b>" in first["snippet"]
    assert first["regions"][0] == "london"


def test_cli_json_typo_in_dlnr(shared_cache, capsys):
    code, out, _ = run(capsys, "search", "angre managment", "--region", "dlnr", "--json")
    data = json.loads(out)
    check_shape(data, "angre managment", "dlnr")
    assert code == 0 and data["results"][0]["id"] == "anger-management"
    assert data["suggestion"] == "anger management"


def test_cli_json_all_regions_and_limit(shared_cache, capsys):
    code, out, _ = run(capsys, "search", "alcohol", "--limit", "3", "--json")
    data = json.loads(out)
    check_shape(data, "alcohol", None)
    assert code == 0 and len(data["results"]) == 3


def test_cli_json_nothing_found(shared_cache, capsys):
    code, out, _ = run(capsys, "search", "zzzzqqqq", "--json")
    assert code == 0 and json.loads(out) == {"query": "zzzzqqqq", "region": None, "results": [], "suggestion": None}


def test_cli_plain_text_is_a_numbered_list(shared_cache, capsys, service):
    code, out, _ = run(capsys, "search", "housing", "--region", "london")
    first = service.search("housing", region="london").hits[0]
    assert code == 0 and "in London" in out and f"1. {first.title}" in out and "<b>" not in out


def test_cli_plain_text_says_did_you_mean(shared_cache, capsys):
    code, out, _ = run(capsys, "search", "acommodation")
    assert code == 0 and "Did you mean: accommodation?" in out


def test_cli_batch_is_json_lines_in_order_with_blank_lines_kept(shared_cache, capsys, tmp_path, monkeypatch):
    from brochure_app.search import cli as search_cli

    opened = []
    real = search_cli.open_service
    monkeypatch.setattr(search_cli, "open_service", lambda cat: opened.append(1) or real(cat))
    queries = ["DV", "", "stepw", "title:(", "   ", "angre managment", "housing"]
    qfile = tmp_path / "q.txt"
    qfile.write_text("\n".join(queries) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "search", "--queries", str(qfile), "--region", "london", "--json")
    assert code == 0 and len(opened) == 1
    lines = out.split("\n")
    assert lines[-1] == "" and len(lines) - 1 == len(queries)
    for query, line in zip(queries, lines, strict=False):
        assert ": " not in line.split('"results"')[0]  # compact separators
        data = json.loads(line)
        check_shape(data, query, "london")
    assert json.loads(lines[1])["results"] == [] and json.loads(lines[4])["results"] == []
    assert json.loads(lines[0])["results"] and json.loads(lines[2])["results"]


def test_cli_batch_crlf_undecodable_bytes_and_no_final_newline(shared_cache, capsys, tmp_path):
    qfile = tmp_path / "q.txt"
    qfile.write_bytes(b"DV\r\n\xff\xfe housing\r\n\r\nstepw")
    code, out, _ = run(capsys, "search", "--queries", str(qfile), "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["query"] for r in rows] == ["DV", "\ufffd\ufffd housing", "", "stepw"]
    assert rows[1]["results"] and rows[2]["results"] == [] and rows[3]["results"]


def test_cli_batch_matches_single_queries(shared_cache, capsys, tmp_path):
    qfile = tmp_path / "q.txt"
    qfile.write_text("tag\nRAR\n", encoding="utf-8")
    _, out, _ = run(capsys, "search", "--queries", str(qfile), "--region", "dlnr", "--json")
    batch = [json.loads(line) for line in out.splitlines()]
    for row in batch:
        _, single, _ = run(capsys, "search", row["query"], "--region", "dlnr", "--json")
        assert json.loads(single) == row


def test_cli_batch_unreadable_file_is_a_usage_error(shared_cache, capsys, tmp_path):
    code, out, err = run(capsys, "search", "--queries", str(tmp_path / "missing.txt"), "--json")
    assert code == 2 and out == "" and "missing.txt" in err


def test_cli_region_missing_from_the_content_exits_1(tmp_path, capsys):
    root = factory.tree(tmp_path / "content-root")
    code, out, err = run(capsys, "--content-root", str(root), "search", "alpha", "--region", "dlnr", "--json")
    assert code == 1 and out == "" and "dlnr" in err


def test_cli_tiny_content_root(tmp_path, capsys):
    root = factory.tree(tmp_path / "content-root")
    code, out, _ = run(capsys, "--content-root", str(root), "search", "alph", "--json")
    data = json.loads(out)
    check_shape(data, "alph", None)
    assert code == 0 and [r["id"] for r in data["results"]] == ["alpha"]


def test_entry_point_with_undecodable_argument_prints_valid_utf8(shared_cache):
    env = dict(os.environ, XDG_CACHE_HOME=str(shared_cache), PYTHONIOENCODING="utf-8")
    done = subprocess.run([sys.executable, "-m", "brochure_app", "search", b"DV\xff", "--region", "london",
                           "--json"], capture_output=True, env=env, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout.decode("utf-8"))
    assert data["query"] == "DV\ufffd" and data["results"]


def test_cli_truncated_index_gives_the_same_results(cache_home, service, tmp_path, monkeypatch, capsys):
    home = tmp_path / "xdg"
    shutil.copytree(cache_home, home)
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    _, before, _ = run(capsys, "search", "DV", "--region", "london", "--json")
    files = [p for p in (home / "brochure-app" / "index").rglob("*") if p.is_file()]
    assert len(files) >= 3
    for path in files:
        path.write_bytes(b"")
    code, after, _ = run(capsys, "search", "DV", "--region", "london", "--json")
    assert code == 0 and json.loads(after) == json.loads(before)


# Start-up cost ---------------------------------------------------------------------------------------------------


def test_importing_the_package_does_not_import_whoosh():
    code = ("import sys, brochure_app.search as s; assert 'whoosh' not in sys.modules, 'whoosh imported'; "
            "s.SearchHit; s.SearchResults; assert 'whoosh' not in sys.modules; "
            "s.SearchService; assert 'whoosh' in sys.modules")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 0, done.stderr


# Internals worth pinning -----------------------------------------------------------------------------------------


def test_region_span_scoring_matches_filtering(service):
    ranker, planner = service._ranker, service._planner
    for query in ("DV", "housing", "stepw", "angre managment", "unpaid work"):
        plan = planner.plan(query)
        for region, span in service._region_spans.items():
            by_span = ranker.rank(plan, planner.fields_of, span=span)
            by_set = ranker.rank(plan, planner.fields_of, docset=set(range(*span)))
            assert by_span == by_set, (query, region)
