"""The decision aid: scenarios drawn from the sources, for every region, and properties that hold for any profile."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brochure_app.advisor import CHECK, SUITABLE, UNSUITABLE, Profile, recommend
from brochure_app.cli import main
from brochure_app.domain import taxonomy as tx


def verdicts(catalogue, region, **profile):
    results = recommend(catalogue.items(region), Profile(**profile))
    return {r.item.id: r for r in results}


def P(**kw):
    kw.setdefault("needs", frozenset())
    kw["needs"] = frozenset(kw["needs"])
    kw["flags"] = frozenset(kw.get("flags", ()))
    return kw


# --- the "done when" through the command line -----------------------------------------------------------
def _recommend_json(capsys, *argv):
    assert main(["recommend", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_tsp_dlnr_ogrs_20_unsuitable_names_minimum(capsys):
    data = _recommend_json(capsys, "--region", "dlnr", "--sex", "male", "--age", "30", "--need",
                           "thinking-behaviour", "--ogrs", "20")
    tsp = next(r for r in data["results"] if r["id"] == "tsp")
    assert tsp["verdict"] == UNSUITABLE and any("minimum of 25" in r for r in tsp["reasons"])
    assert data["profile"] == {"needs": ["thinking-behaviour"], "flags": [], "sex": "male", "age": 30, "ogrs": 20}
    assert set(data) == {"region", "profile", "results"}
    assert set(tsp) == {"id", "title", "kind", "verdict", "reasons", "notes", "needs_met"}


def test_tsp_dlnr_ogrs_60_twelve_months_suitable(capsys):
    data = _recommend_json(capsys, "--region", "dlnr", "--sex", "male", "--age", "30", "--need",
                           "thinking-behaviour", "--ogrs", "60", "--order-months", "12")
    tsp = next(r for r in data["results"] if r["id"] == "tsp")
    assert tsp["verdict"] == SUITABLE and tsp["notes"]


def test_bbr_london_woman_with_ipv_offence_unsuitable_because_for_men(capsys):
    data = _recommend_json(capsys, "--region", "london", "--sex", "female", "--flag", "ipv-offence", "--need",
                           "domestic-abuse")
    bbr = next(r for r in data["results"] if r["id"] == "bbr")
    assert bbr["verdict"] == UNSUITABLE and "male" in bbr["reasons"][0].lower()


def test_items_not_delivered_never_appear(capsys, catalogue):
    for region in catalogue.regions:
        data = _recommend_json(capsys, "--region", region)
        offered = {i.id for i in catalogue.items(region)}
        assert {r["id"] for r in data["results"]} <= offered
    north_west = _recommend_json(capsys, "--region", "north-west", "--need", "thinking-behaviour")
    assert not [r for r in north_west["results"] if r["kind"] == "structured-intervention"]
    london = _recommend_json(capsys, "--region", "london", "--need", "thinking-behaviour")
    assert "covaid" not in {r["id"] for r in london["results"]}


def test_text_table_groups_by_verdict(capsys):
    assert main(["recommend", "--region", "dlnr", "--need", "maturity", "--age", "30"]) == 0
    out = capsys.readouterr().out
    assert "Unsuitable (2)" in out and "above the maximum of 24" in out


# --- scenarios --------------------------------------------------------------------------------------------------
def test_man_with_ipv_offence_and_sara_medium_in_london(catalogue):
    v = verdicts(catalogue, "london", **P(needs={"domestic-abuse"}, sex="male", age=35, sara="medium",
                                          flags={"ipv-offence"}))
    assert v["bbr"].verdict == SUITABLE
    assert v["skills-for-relationships"].verdict != UNSUITABLE


def test_woman_with_same_profile_in_london(catalogue):
    v = verdicts(catalogue, "london", **P(needs={"domestic-abuse"}, sex="female", age=35, sara="medium",
                                          flags={"ipv-offence"}))
    assert v["bbr"].verdict == UNSUITABLE


@pytest.mark.parametrize(("age", "expected"), [(17, UNSUITABLE), (18, SUITABLE), (20, SUITABLE), (24, SUITABLE),
                                               (25, UNSUITABLE), (30, UNSUITABLE)])
def test_maturity_ages_in_dlnr(catalogue, age, expected):
    v = verdicts(catalogue, "dlnr", **P(needs={"maturity"}, age=age))
    assert v["pathway-to-independence"].verdict == expected


@pytest.mark.parametrize(("ogrs", "expected"), [(24, UNSUITABLE), (25, UNSUITABLE), (49, UNSUITABLE),
                                                (50, SUITABLE), (74, SUITABLE), (75, SUITABLE), (100, SUITABLE)])
def test_tsp_ogrs_boundaries(catalogue, ogrs, expected):
    # TSP (DLNR) states OGRS 25+ AND medium risk or above; with OGRS given, the contract's bands decide the risk.
    v = verdicts(catalogue, "dlnr", **P(needs={"thinking-behaviour"}, sex="male", age=30, ogrs=ogrs,
                                        order_months=12))
    assert v["tsp"].verdict == expected
    if ogrs == 24:
        assert any("minimum of 25" in r for r in v["tsp"].reasons)
    if 25 <= ogrs <= 49:
        assert any("low band" in r for r in v["tsp"].reasons)


@pytest.mark.parametrize(("ogrs", "expected"), [(34, UNSUITABLE), (35, SUITABLE), (74, SUITABLE),
                                                (75, UNSUITABLE)])
def test_covaid_ogrs_boundaries(catalogue, ogrs, expected):
    v = verdicts(catalogue, "dlnr", **P(needs={"alcohol"}, sex="male", age=30, ogrs=ogrs, order_months=12,
                                        flags={"violent-offence", "alcohol-related-offence"}))
    assert v["covaid"].verdict == expected


def test_ogrs_decides_over_risk(catalogue):
    v = verdicts(catalogue, "dlnr", **P(needs={"thinking-behaviour"}, sex="male", age=30, risk="high", ogrs=30,
                                        order_months=12))
    assert v["tsp"].verdict == UNSUITABLE


def test_minimum_order_length(catalogue):
    base = dict(needs={"thinking-behaviour"}, sex="male", age=30, ogrs=60)
    assert verdicts(catalogue, "dlnr", **P(order_months=8, **base))["tsp"].verdict == UNSUITABLE
    assert verdicts(catalogue, "dlnr", **P(order_months=9, **base))["tsp"].verdict == SUITABLE
    check = verdicts(catalogue, "dlnr", **P(**base))["tsp"]
    assert check.verdict == CHECK and any("order" in r.lower() for r in check.reasons)


def test_alcohol_dependent_person_and_the_aamr(catalogue):
    for region in ("london", "north-west", "east-of-england"):
        v = verdicts(catalogue, region, **P(needs={"alcohol"}, age=40,
                                            flags={"alcohol-dependent", "alcohol-related-offence"}))
        assert v["aamr"].verdict == UNSUITABLE
        assert any("dependent" in r for r in v["aamr"].reasons)
        ok = verdicts(catalogue, region, **P(needs={"alcohol"}, age=40, flags={"alcohol-related-offence"}))
        assert ok["aamr"].verdict == SUITABLE


def test_item_stating_no_criteria_is_check_with_reason(catalogue):
    v = verdicts(catalogue, "london", **P(needs={"thinking-behaviour"}))
    tsp = v["tsp"]
    assert not tsp.item.eligibility.states_any
    assert tsp.verdict == CHECK and "states no eligibility" in tsp.reasons[0]


def test_every_region_has_scenarios_that_decide(catalogue):
    for region in catalogue.regions:
        results = recommend(catalogue.items(region), Profile(needs=frozenset(tx.NEEDS), sex="male", age=30))
        assert results, region
        order = [r.verdict for r in results]
        assert order == sorted(order, key=[SUITABLE, CHECK, UNSUITABLE].index)


# --- properties -------------------------------------------------------------------------------------------------
profiles = st.builds(
    Profile,
    needs=st.frozensets(st.sampled_from(list(tx.NEEDS))),
    sex=st.none() | st.sampled_from(tx.SEXES),
    age=st.none() | st.integers(10, 120),
    risk=st.none() | st.sampled_from(tx.RISK_BANDS),
    ogrs=st.none() | st.integers(0, 100),
    rosh=st.none() | st.sampled_from(tx.ROSH_BANDS),
    sara=st.none() | st.sampled_from(tx.SARA_BANDS),
    order_months=st.none() | st.integers(1, 60),
    flags=st.frozensets(st.sampled_from(list(tx.FLAGS))),
    consents=st.none() | st.sampled_from(tx.CONSENT),
)
regions = st.sampled_from(list(tx.REGIONS))


@settings(max_examples=150, deadline=None)
@given(region=regions, profile=profiles)
def test_never_raises_and_every_check_or_unsuitable_has_a_reason(catalogue, region, profile):
    for r in recommend(catalogue.items(region), profile):
        assert r.verdict in (SUITABLE, CHECK, UNSUITABLE)
        if r.verdict != SUITABLE:
            assert r.reasons and all(isinstance(x, str) and x for x in r.reasons)
        assert set(r.needs_met) <= set(profile.needs)


@settings(max_examples=80, deadline=None)
@given(region=regions, profile=profiles, data=st.data())
def test_order_of_needs_and_flags_does_not_matter(catalogue, region, profile, data):
    import dataclasses

    shuffled = dataclasses.replace(profile, needs=frozenset(data.draw(st.permutations(sorted(profile.needs)))),
                                   flags=frozenset(data.draw(st.permutations(sorted(profile.flags)))))
    a = [(r.item.id, r.verdict) for r in recommend(catalogue.items(region), profile)]
    b = [(r.item.id, r.verdict) for r in recommend(catalogue.items(region), shuffled)]
    assert a == b


_FILL = {"sex": tx.SEXES, "age": (17, 18, 30, 70), "ogrs": (0, 30, 60, 90), "risk": tx.RISK_BANDS,
         "rosh": tx.ROSH_BANDS, "sara": tx.SARA_BANDS, "order_months": (3, 9, 12, 36), "consents": tx.CONSENT}


@settings(max_examples=80, deadline=None)
@given(region=regions, profile=profiles, data=st.data())
def test_check_for_a_missing_value_is_decided_once_given(catalogue, region, profile, data):
    import dataclasses

    from brochure_app.advisor import evaluate

    for r in recommend(catalogue.items(region), profile):
        if r.verdict != CHECK or not r.unknowns:
            continue
        current, again = profile, r
        for _round in range(4):  # giving one value can reveal the next question (sex, then that sex's OGRS range)
            filled = {name: data.draw(st.sampled_from(_FILL[name])) for name in again.unknowns if name in _FILL}
            assert filled, (r.item.id, again.reasons)
            current = dataclasses.replace(current, **filled)
            again = evaluate(r.item, current)
            if again.verdict != CHECK:
                break
        assert again.verdict in (SUITABLE, UNSUITABLE), (r.item.id, again.reasons)
