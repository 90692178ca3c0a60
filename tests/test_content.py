"""The shipped content: every name in its region (and not elsewhere), exact figures, sources, historical marks."""

from __future__ import annotations

import re

import pytest

HMPPS = ("north-west", "north-east", "london", "kent-surrey-sussex", "greater-manchester", "east-of-england")
NATIONAL = ("accredited-programmes-overview", "tsp", "bbr", "sexual-offending-programmes", "rar", "unpaid-work",
            "electronic-monitoring", "aamr", "community-sentence-treatment-requirements", "mhtr", "drr", "atr",
            "toolkits-overview", "choices-and-changes", "maps-for-change", "new-me-mot", "skills-for-relationships",
            "stepping-stones", "pathways-to-change", "first-steps-to-change", "creating-positive-connections",
            "responsibly-aware", "moving-on", "constructive-conversations", "crs-overview", "crs-accommodation",
            "crs-ete", "crs-emotional-wellbeing", "crs-lifestyle-associates", "crs-family-significant-others",
            "crs-womens-services", "one-to-one-leaflet")
STRUCTURED = {
    "north-west": set(),
    "north-east": {"stepwise-problem-solving", "stepwise-relationships", "stepwise-emotions"},
    "kent-surrey-sussex": {"stepwise-problem-solving", "stepwise-relationships", "stepwise-emotions"},
    "east-of-england": {"stepwise-problem-solving", "stepwise-relationships", "stepwise-emotions"},
    "london": {"positive-pathways", "positive-pathways-plus", "managing-my-emotions"},
    "greater-manchester": {"better-solutions", "stepwise-relationships", "managing-my-emotions"},
}
DLNR = ("glossary", "community-order", "deciding-requirements", "purposes-of-sentencing", "breach-of-community-order",
        "suspended-sentence-order", "unpaid-work", "tsp", "covaid", "resolve", "bbr", "rar",
        "foundations-of-rehabilitation", "substance-misuse-brief-intervention", "anger-management",
        "dlnr-womens-services", "dlnr-ete", "engagement-toolkit", "transition-and-hope", "pathway-to-independence",
        "getting-a-home-keeping-a-home", "female-focus-on-violence", "prohibited-activity", "exclusion", "curfew",
        "residence", "mhtr", "drr", "atr", "senior-attendance-centre", "foreign-travel-prohibition")


def ids(catalogue, region):
    return {i.id for i in catalogue.items(region)}


@pytest.mark.parametrize("region", HMPPS)
def test_hmpps_region_offer(catalogue, region):
    got = ids(catalogue, region)
    assert set(NATIONAL) <= got
    assert {i.id for i in catalogue.items(region, "structured-intervention")} == STRUCTURED[region]
    assert ("structured-interventions-overview" in got) == bool(STRUCTURED[region])
    assert ("crs-finance-benefit-debt" in got) == (region == "london")
    assert ("crs-dependency-recovery" in got) == (region in ("north-east", "london"))
    assert ("isotp-cheshire-leaflet" in got) == (region == "north-west")
    assert not got & {"covaid", "resolve", "curfew", "senior-attendance-centre", "anger-management"}


def test_dlnr_offer(catalogue):
    got = ids(catalogue, "dlnr")
    assert set(DLNR) <= got
    assert not got & {"stepwise-problem-solving", "positive-pathways", "crs-overview", "choices-and-changes"}


def test_every_item_has_sources_and_dlnr_is_historical(catalogue):
    for region in catalogue.regions:
        for item in catalogue.items(region):
            assert item.sources, item.id
            for s in item.sources:
                assert s.document.endswith(".txt") and s.title and s.section
            if region == "dlnr":
                assert item.historical, item.id
    for leaflet in ("one-to-one-leaflet", "isotp-cheshire-leaflet"):
        assert catalogue.item("north-west", leaflet).historical


def test_regional_sources_name_the_region(catalogue):
    bbr = catalogue.item("kent-surrey-sussex", "bbr")
    assert [s.section for s in bbr.sources] == ["Accredited programmes – Kent, Surrey and Sussex"]


def test_forewords(catalogue):
    for region in ("greater-manchester", "east-of-england"):
        fw = catalogue.regions[region].foreword
        assert not fw.text and fw.missing
    for region in ("north-west", "north-east", "london", "kent-surrey-sussex"):
        fw = catalogue.regions[region].foreword
        assert fw.text and fw.authors
    assert catalogue.regions["dlnr"].historical and catalogue.regions["dlnr"].edition == "February 2017"


def _text(catalogue, region, item_id):
    from brochure_app.render.text import item_text

    return item_text(catalogue.item(region, item_id))


def test_bbr_figures_differ_between_london_and_dlnr(catalogue):
    london = catalogue.item("london", "bbr")
    dlnr = catalogue.item("dlnr", "bbr")
    assert london.delivery.sessions == 29 and "24 group and 5 individual" in london.delivery.sessions_detail
    detail = dlnr.delivery.sessions_detail
    assert dlnr.delivery.sessions == 30 and "24" in detail and "6" in detail
    assert [c.value for c in london.eligibility.sex] == ["male"]
    assert dlnr.eligibility.sara and set(dlnr.eligibility.sara[0].any_of) == {"medium", "high"}
    assert dlnr.eligibility.order_months[0].min == 12
    assert "2.5-hour" in _text(catalogue, "london", "bbr") or "2.5 hour" in _text(catalogue, "london", "bbr")


def test_tsp_figures(catalogue):
    tsp = catalogue.item("dlnr", "tsp")
    assert tsp.delivery.sessions == 19
    assert tsp.eligibility.ogrs[0].min == 25 and tsp.eligibility.order_months[0].min == 9
    assert not catalogue.item("london", "tsp").eligibility.states_any


def test_covaid_resolve_figures(catalogue):
    covaid = catalogue.item("dlnr", "covaid")
    assert [(c.min, c.max, c.strength) for c in covaid.eligibility.ogrs] == [(35, None, "exception"),
                                                                             (None, 74, "exception")]
    assert covaid.delivery.sessions == 13 and covaid.eligibility.order_months[0].min == 6
    assert [c.value for c in covaid.eligibility.sex] == ["male"]
    resolve = catalogue.item("dlnr", "resolve")
    assert resolve.eligibility.ogrs[0].min == 50 and resolve.delivery.sessions == 26
    assert "Derbyshire" in (resolve.availability or "") + " ".join(resolve.eligibility.notes) + (resolve.note or "")
    assert "30" in _text(catalogue, "dlnr", "resolve") and "59" in _text(catalogue, "dlnr", "resolve")


def test_requirement_figures(catalogue):
    assert "120 days" in _text(catalogue, "london", "aamr")
    for region in ("london", "dlnr"):
        text = _text(catalogue, region, "unpaid-work")
        assert re.search(r"40\s*(–|-|to)\s*300", text) and "12 months" in text
    sac = catalogue.item("dlnr", "senior-attendance-centre")
    assert (sac.eligibility.age[0].min, sac.eligibility.age[0].max) == (18, 24)
    assert "36 hours" in _text(catalogue, "dlnr", "senior-attendance-centre")
    pti = catalogue.item("dlnr", "pathway-to-independence")
    assert (pti.eligibility.age[0].min, pti.eligibility.age[0].max) == (18, 24) and pti.delivery.sessions == 6
    assert "AUDIT" in _text(catalogue, "dlnr", "atr") and "20" in _text(catalogue, "dlnr", "atr")
    assert "8" in _text(catalogue, "dlnr", "substance-misuse-brief-intervention")
    assert "12 months" in _text(catalogue, "dlnr", "foreign-travel-prohibition")
    assert "16 hours" in _text(catalogue, "dlnr", "curfew")


def test_crs_lifestyle_profiles(catalogue):
    text = _text(catalogue, "london", "crs-lifestyle-associates")
    for n in ("5", "8", "12", "10 days"):
        assert n in text
    assert len(catalogue.item("london", "crs-lifestyle-associates").sources) >= 2


def test_leaflet_figures(catalogue):
    assert "21" in _text(catalogue, "london", "one-to-one-leaflet")
    assert "35" in _text(catalogue, "north-west", "isotp-cheshire-leaflet")


def test_historical_warning_on_every_historical_page(catalogue):
    from brochure_app.render.html import render

    for item in catalogue.items("dlnr"):
        assert "Historical" in render(catalogue, "dlnr", f"item:{item.id}").html
    assert "Historical" in render(catalogue, "north-west", "item:isotp-cheshire-leaflet").html
    assert "Historical guide" in render(catalogue, "dlnr", "home").html
