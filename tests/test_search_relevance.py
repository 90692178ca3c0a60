"""Search as court users try it (issue 22): their words, honest suggestions, ages as ranges, historical pages
after current ones, home pages, snippets and the words to highlight. The fast part of the relevance set
(benchmarks/relevance.yaml, `fast: true`) runs here; the whole set, beside FTS5, in `make bench`."""

from __future__ import annotations

import json

import pytest

from benchmarks import relevance
from brochure_app.cli import main
from brochure_app.search import analysis
from brochure_app.search.query import Synonyms, Vocabulary, _inflected, age_overlap, age_ranges, same_start


@pytest.fixture(scope="module")
def service(catalogue):
    from brochure_app.search import SearchService

    with SearchService(catalogue, in_memory=True) as svc:
        yield svc


def first(service, query, region=None):
    results = service.search(query, region)
    assert results.hits, query
    return results.hits[0]


FAST = [c for c in relevance.cases() if c.fast]


def test_the_set_is_large_and_names_real_pages(catalogue):
    listed = relevance.cases()
    assert len(listed) >= 80 and len(FAST) >= 15
    for case in listed:
        for answer in case.answers:
            if answer.startswith("home:"):
                assert answer[5:] in catalogue.regions, answer
            else:
                regions = [case.region] if case.region else list(catalogue.regions)
                assert any(catalogue.item(r, answer) for r in regions), (case.query, answer)


@pytest.mark.parametrize("case", FAST, ids=[f"{c.query}@{c.region or 'all'}" for c in FAST])
def test_the_examples_give_a_right_page_first(service, case):
    hits = service.search(case.query, case.region).hits
    assert hits and relevance.page_key(hits[0].id, hits[0].regions) in case.answers, [h.id for h in hits[:3]]


# Suggestions only where they help ------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["hate crime", "stalking", "ex-armed forces", "ex-forces", "alcoholic"])
def test_no_misleading_suggestion(service, query):
    assert service.search(query).suggestion is None


def test_a_correction_keeps_the_first_letter():
    vocabulary = Vocabulary([("date", 5), ("taking", 9), ("hostel", 1), ("accommodation", 40)])
    assert vocabulary.corrections("hate") == [] and vocabulary.corrections("stalking") == []
    assert vocabulary.corrections("acommodation") == ["accommodation"]
    assert same_start("ohstel", "hostel") and not same_start("hate", "date")


def test_another_form_of_a_known_word_is_not_respelled():
    assert _inflected("forces", "force") and _inflected("alcoholic", "alcohol") and _inflected("housed", "housing")
    assert not _inflected("managment", "management")


def test_a_suggestion_needs_a_page_with_every_corrected_word(service):
    plan = service._planner.plan("covaid accomodation")
    assert plan.corrected   # "accommodation": but no page names COVAID and accommodation together
    assert not service._ranker.rank(plan, service._planner.fields_of, every=True)
    results = service.search("covaid accomodation")
    assert results.suggestion is None and {"covaid", "crs-accommodation"} <= {h.id for h in results.hits[:4]}


def test_a_home_page_does_not_list_every_title_as_its_words(service):
    # Its "offer at a glance" lists the region's titles, which made it the one page with any two of them.
    assert [h.id for h in service.search("covaid accommodation", "dlnr").hits[:1]] != ["home"]


def test_typos_still_get_their_suggestion(service):
    assert service.search("angre managment", "dlnr").suggestion == "anger management"
    assert service.search("acommodation").suggestion == "accommodation"


# Vocabulary -----------------------------------------------------------------------------------------------------


def test_every_synonym_group_points_to_a_term_the_brochure_uses(service, catalogue):
    planner = service._planner
    for members in Synonyms(catalogue.synonyms).groups:
        assert any(planner._searchable(m.stems) for m in members), members[0].words


def test_street_words_reach_the_brochures_words(service):
    assert "drugs" in service.search("smack", "london").hits[0].terms
    assert {"cannabis"} <= set(service.search("weed", "dlnr").hits[0].terms)


# Ages -------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text,ranges,rest", [
    ("18-24", [(18, 24)], ""), ("under 25", [(18, 24)], ""), ("18 to 25 year olds", [(18, 25)], ""),
    ("women over 21", [(22, 99)], "women"), ("18+", [(18, 99)], ""),
    ("2023/24", [], "2023/24"), ("40-300 hours", [], "40-300 hours"), ("6 to 12 months", [], "6 to 12 months"),
])
def test_ages_are_ranges_and_other_figures_are_not(text, ranges, rest):
    left, found = age_ranges(text)
    assert found == ranges and left.strip() == rest


def test_an_age_range_fits_the_criteria_that_overlap_it_best():
    assert age_overlap((18, 24), (18, 24)) == 1.0
    assert age_overlap((18, 24), (18, 25)) > age_overlap((18, 24), (18, None)) > 0.0
    assert age_overlap((18, 24), (25, None)) == 0.0


def test_18_24_meets_the_young_adult_items_not_mhtr_by_its_date(service, catalogue):
    hits = service.search("18-24").hits
    assert "mhtr" not in [h.id for h in hits[:4]]
    for hit in hits[:4]:
        region = hit.regions[0]
        ages = catalogue.item(region, hit.id).eligibility.age
        assert any(a.max is not None and a.max <= 25 for a in ages), hit.id
    assert "pathway-to-independence" in [h.id for h in service.search("under 25", "dlnr").hits[:3]]


def test_young_adult_carries_its_age_range(service):
    plan = service._planner.plan("young adult")
    assert plan.ages == [(18, 25)] and plan.concepts


# Historical pages, regions, JSON ------------------------------------------------------------------------------


def test_current_pages_come_before_historical_ones(service):
    hits = service.search("DV").hits
    assert not hits[0].historical and hits[0].id != "dlnr-womens-services"
    assert any(h.historical for h in hits)


def test_historical_pages_score_less_at_equal_relevance(service):
    from brochure_app.search.ranking import HISTORICAL_FACTOR

    plan = service._planner.plan("unpaid work")
    ranked = dict(service._ranker.rank(plan, service._planner.fields_of))
    docs = service._docs
    dlnr = next(d for d, doc in enumerate(docs) if doc.id == "unpaid-work" and doc.historical)
    raw = sum(max(service._ranker.concept_scores(c, service._planner.fields_of).get(dlnr, 0.0), 0.0)
              for c in plan.concepts)
    assert HISTORICAL_FACTOR < 1.0 and ranked[dlnr] == pytest.approx(raw * HISTORICAL_FACTOR)


def test_a_merged_hit_lists_first_the_regions_of_the_page_shown(service, catalogue):
    for hit in service.search("unpaid work hours").hits:
        if hit.id == "unpaid-work":
            assert (hit.regions[0] == "dlnr") == hit.historical


def test_search_json_marks_historical_results(catalogue, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert main(["search", "DV", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    flags = {r["id"]: r["historical"] for r in data["results"]}
    assert flags and all(isinstance(v, bool) for v in flags.values())
    assert flags.get("dlnr-womens-services") is True and flags.get("bbr") is False


# Home pages ----------------------------------------------------------------------------------------------------


def test_a_home_page_is_a_page_of_its_region(service, catalogue):
    hit = first(service, "Roma, Gypsies and Travellers")
    assert (hit.id, list(hit.regions), hit.kind) == ("home", ["london"], "information")
    assert "London" in hit.title and "<b>Roma</b>" in hit.snippet
    assert hit.id not in [h.id for h in service.search("Roma Gypsies", "north-west").hits]


def test_each_region_has_its_own_home_hit(service, catalogue):
    homes = [tuple(h.regions) for h in service.search("foreword", limit=50).hits if h.id == "home"]
    assert len(homes) == len(set(homes)) > 3 and all(len(r) == 1 for r in homes)


def test_what_a_brochure_does_not_cover_is_found_on_its_home_page(service):
    hit = first(service, "fines and discharges", "london")
    assert hit.id == "home" and "<b>fines</b>" in hit.snippet.lower()


# Snippets and the words to highlight ----------------------------------------------------------------------------


def test_the_snippet_shows_the_figures_asked_for(service):
    snippet = first(service, "unpaid work hours", "london").snippet
    assert "<b>hours</b>" in snippet and any(ch.isdigit() for ch in snippet)


def test_the_hit_carries_the_words_the_search_matched(service):
    hit = first(service, "angre managment", "dlnr")
    assert hit.id == "anger-management" and {"anger", "management"} <= set(hit.terms)
    hit = first(service, "DV", "london")
    assert "domestic" in hit.terms and "abuse" in hit.terms   # the synonym, as the page writes it
    assert all(t == t.lower() and analysis.WORD.fullmatch(t) for t in hit.terms)


def test_an_age_query_shows_the_age_line(service):
    hit = first(service, "18-24", "dlnr")
    assert "<b>Age</b>" in hit.snippet and "24" in hit.snippet and "age" in hit.terms
