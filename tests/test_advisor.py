"""The decision aid as a specification: one scenario per source criterion that matters, read against the sources'
own words, and properties that hold for any profile (unknown never rules out; an empty profile is never
`suitable`; more known answers never turn `suitable` into `unsuitable`)."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brochure_app.advisor import CHECK, SUITABLE, UNSUITABLE, Profile, evaluate, recommend, warnings
from brochure_app.cli import main
from brochure_app.domain import taxonomy as tx

ALL_FLAGS = frozenset(tx.FLAGS)


def verdicts(catalogue, region, **profile):
    results = recommend(catalogue.items(region), Profile(**P(**profile)), catalogue.regions[region])
    return {r.item.id: r for r in results}


def P(**kw):
    """Profile keywords with sets for needs and flags; `none_else=True` says every other circumstance is absent."""
    kw["needs"] = frozenset(kw.get("needs", ()))
    kw["flags"] = frozenset(kw.get("flags", ()))
    if kw.pop("none_else", False):
        kw["no_flags"] = ALL_FLAGS - kw["flags"]
    else:
        kw["no_flags"] = frozenset(kw.get("no_flags", ()))
    return kw


def _recommend_json(capsys, *argv):
    assert main(["recommend", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _one(data, item_id):
    return next(r for r in data["results"] if r["id"] == item_id)


# --- the command line and its JSON ------------------------------------------------------------------------------
def test_recommend_json_shape(capsys):
    data = _recommend_json(capsys, "--region", "dlnr", "--sex", "male", "--age", "30", "--need",
                           "thinking-behaviour", "--ogrs", "20", "--no-flag", "sexual-offence")
    assert set(data) == {"region", "profile", "warnings", "results"}
    assert data["profile"] == {"needs": ["thinking-behaviour"], "flags": [], "no_flags": ["sexual-offence"],
                               "sex": "male", "age": 30, "ogrs": 20}
    tsp = _one(data, "tsp")
    assert set(tsp) == {"id", "title", "kind", "verdict", "reasons", "notes", "needs_met", "unknowns",
                        "alternative_to", "historical"}
    assert tsp["verdict"] == UNSUITABLE and any("minimum of 25" in r for r in tsp["reasons"])
    assert tsp["historical"] is True


def test_same_flag_both_ways_is_a_usage_error(capsys):
    assert main(["recommend", "--region", "london", "--flag", "ipv-offence", "--no-flag", "ipv-offence"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "ipv-offence" in err


def test_unknown_area_is_a_usage_error_listing_the_areas(capsys):
    assert main(["recommend", "--region", "dlnr", "--area", "Kent"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Derbyshire" in err and "Rutland" in err


def test_text_output_marks_history_and_what_would_settle_it(capsys):
    assert main(["recommend", "--region", "dlnr", "--need", "maturity", "--age", "30"]) == 0
    out = capsys.readouterr().out
    assert "above the maximum of 24" in out and "[historical]" in out
    assert "Suitable" not in out   # the word a bench would read as a finding is never printed


# --- ruled out only where the source rules out ---------------------------------------------------------------
@pytest.mark.parametrize(("ogrs", "expected"), [(24, UNSUITABLE), (25, CHECK), (49, CHECK), (50, SUITABLE),
                                                (74, SUITABLE), (75, SUITABLE), (100, SUITABLE)])
def test_dlnr_tsp_ogrs_alone(catalogue, ogrs, expected):
    """TSP asks for OGRS 25+ AND a medium or higher likelihood of reoffending. OGRS below 50 (low band) cannot
    break the likelihood criterion: other predictors can raise it. It can meet it from 50."""
    v = verdicts(catalogue, "dlnr", needs={"thinking-behaviour"}, sex="male", age=30, ogrs=ogrs, order_months=12,
                 none_else=True)
    assert v["tsp"].verdict == expected, v["tsp"].reasons
    if expected == CHECK:
        assert "risk" in v["tsp"].unknowns and any("low band" in r for r in v["tsp"].reasons)


def test_dlnr_tsp_assessed_likelihood_decides(catalogue):
    base = dict(needs={"thinking-behaviour"}, sex="male", age=30, ogrs=30, order_months=12, none_else=True)
    assert verdicts(catalogue, "dlnr", risk="medium", **base)["tsp"].verdict == SUITABLE
    low = verdicts(catalogue, "dlnr", risk="low", **base)["tsp"]
    assert low.verdict == UNSUITABLE and any("likelihood of reoffending low" in r.lower() for r in low.reasons)


@pytest.mark.parametrize(("ogrs", "expected"), [(34, CHECK), (35, SUITABLE), (74, SUITABLE), (75, CHECK),
                                                (80, CHECK)])
def test_dlnr_covaid_ogrs_outside_35_74_is_check_naming_who_to_consult(catalogue, ogrs, expected):
    v = verdicts(catalogue, "dlnr", needs={"alcohol"}, sex="male", age=30, ogrs=ogrs, order_months=12,
                 flags={"violent-offence", "alcohol-related-offence"}, none_else=True)
    covaid = v["covaid"]
    assert covaid.verdict == expected, covaid.reasons
    if ogrs > 74:
        assert any("Treatment Manager" in r for r in covaid.reasons)
    if ogrs < 35:
        assert any("Programmes Team" in r for r in covaid.reasons)


def test_srt_low_sara_is_not_ruled_out_and_says_the_priority(catalogue):
    v = verdicts(catalogue, "london", needs={"domestic-abuse"}, sex="male", age=35, sara="low",
                 flags={"ipv-offence"}, none_else=True)
    srt = v["skills-for-relationships"]
    assert srt.verdict != UNSUITABLE
    assert any("priorit" in r for r in srt.reasons)
    high = verdicts(catalogue, "london", needs={"domestic-abuse"}, sex="male", age=35, sara="high",
                    flags={"ipv-offence"}, none_else=True)["skills-for-relationships"]
    assert high.priority > srt.priority


def test_dlnr_drr_dependency_or_propensity(catalogue):
    no_dep = verdicts(catalogue, "dlnr", needs={"drugs"}, age=30, consents="yes", no_flags={"drug-dependent"})
    assert no_dep["drr"].verdict == CHECK
    assert any("propensity" in r for r in no_dep["drr"].reasons)
    dep = verdicts(catalogue, "dlnr", needs={"drugs"}, age=30, consents="yes", flags={"drug-dependent"})
    assert dep["drr"].verdict != UNSUITABLE


def test_unticked_is_not_known_not_absent(catalogue):
    v = verdicts(catalogue, "london", needs={"domestic-abuse"})
    bbr = v["bbr"]
    assert bbr.verdict == CHECK and "flag:ipv-offence" in bbr.unknowns
    absent = verdicts(catalogue, "london", needs={"domestic-abuse"}, sex="male", age=40,
                      no_flags={"ipv-offence"})["bbr"]
    assert absent.verdict == UNSUITABLE


def test_bbr_london_woman_with_ipv_offence_unsuitable_because_for_men(capsys):
    data = _recommend_json(capsys, "--region", "london", "--sex", "female", "--flag", "ipv-offence", "--need",
                           "domestic-abuse")
    bbr = _one(data, "bbr")
    assert bbr["verdict"] == UNSUITABLE and "male" in bbr["reasons"][0].lower()


def test_man_with_ipv_offence_and_sara_medium_in_london(catalogue):
    v = verdicts(catalogue, "london", needs={"domestic-abuse"}, sex="male", age=35, sara="medium",
                 flags={"ipv-offence"}, none_else=True)
    assert v["bbr"].verdict == SUITABLE
    assert v["skills-for-relationships"].verdict != UNSUITABLE


# --- honest words: no "suitable" on no evidence ------------------------------------------------------------------
def test_empty_profile_gives_no_suitable_anywhere(catalogue):
    for region in catalogue.regions:
        results = recommend(catalogue.items(region), Profile(), catalogue.regions[region])
        assert results and not [r.item.id for r in results if r.verdict == SUITABLE], region
        assert not [r for r in results if r.verdict == UNSUITABLE], region


def test_item_stating_no_criteria_is_check_with_reason(catalogue):
    tsp = verdicts(catalogue, "london", needs={"thinking-behaviour"}, sex="male", age=30)["tsp"]
    assert not tsp.item.eligibility.states_any
    assert tsp.verdict == CHECK and "states no eligibility" in tsp.reasons[0]


def test_items_whose_criteria_no_question_covers_are_check(catalogue):
    """Better Solutions' criteria are all things to confirm in person: a full profile still leaves it 'check'."""
    v = verdicts(catalogue, "greater-manchester", needs={"thinking-behaviour"}, sex="male", age=30, ogrs=40, risk="low",
                 rosh="low", sara="low", order_months=12, consents="yes", none_else=True)
    r = v["better-solutions"]
    assert r.item.eligibility.notes and r.verdict == CHECK and "not questions" in r.reasons[0]


# --- relations and scope -----------------------------------------------------------------------------------
def test_alternatives_to_bbr_say_so(catalogue):
    v = verdicts(catalogue, "london", needs={"domestic-abuse"}, sex="male", age=35, flags={"ipv-offence"})
    for item_id in ("positive-pathways-plus", "skills-for-relationships"):
        assert v[item_id].alternative_to == ("bbr",), item_id
        assert any("BBR" in r for r in v[item_id].reasons), item_id
    assert v["bbr"].alternative_to == ()


def test_derbyshire_only_needs_the_area(catalogue):
    base = dict(needs={"emotional-management"}, sex="female", age=30)
    unknown = verdicts(catalogue, "dlnr", **base)["female-focus-on-violence"]
    assert unknown.verdict == CHECK and "area" in unknown.unknowns
    elsewhere = verdicts(catalogue, "dlnr", area="Leicestershire", **base)["female-focus-on-violence"]
    assert elsewhere.verdict == UNSUITABLE and any("Derbyshire" in r for r in elsewhere.reasons)
    derbyshire = verdicts(catalogue, "dlnr", area="Derbyshire", **base)["female-focus-on-violence"]
    assert "area" not in derbyshire.unknowns and derbyshire.verdict != UNSUITABLE


@pytest.mark.parametrize(("age", "expected_ruled_out"), [(17, True), (18, False)])
def test_dlnr_guide_does_not_cover_under_18s(catalogue, age, expected_ruled_out):
    v = verdicts(catalogue, "dlnr", needs={"domestic-abuse"}, sex="male", age=age, sara="high", order_months=12,
                 flags={"ipv-offence"}, none_else=True)
    assert (v["bbr"].verdict == UNSUITABLE) is expected_ruled_out, v["bbr"].reasons
    if expected_ruled_out:
        assert any("under 18" in r for r in v["bbr"].reasons)


def test_information_pages_and_old_leaflets_never_appear(catalogue):
    for region in catalogue.regions:
        results = recommend(catalogue.items(region), Profile(needs=frozenset(tx.NEEDS)), catalogue.regions[region])
        kinds = {r.item.kind for r in results}
        assert "information" not in kinds, region
        assert not {"one-to-one-leaflet", "isotp-cheshire-leaflet"} & {r.item.id for r in results}


def test_every_dlnr_result_is_marked_historical(capsys):
    data = _recommend_json(capsys, "--region", "dlnr")
    assert data["results"] and all(r["historical"] for r in data["results"])
    london = _recommend_json(capsys, "--region", "london")
    assert not any(r["historical"] for r in london["results"])


def test_items_not_delivered_never_appear(capsys, catalogue):
    for region in catalogue.regions:
        data = _recommend_json(capsys, "--region", region)
        assert {r["id"] for r in data["results"]} <= {i.id for i in catalogue.items(region)}
    london = _recommend_json(capsys, "--region", "london", "--need", "thinking-behaviour")
    assert "covaid" not in {r["id"] for r in london["results"]}


@pytest.mark.parametrize(("age", "expected"), [(17, UNSUITABLE), (18, CHECK), (24, CHECK), (25, UNSUITABLE)])
def test_pathway_to_independence_ages(catalogue, age, expected):
    v = verdicts(catalogue, "dlnr", needs={"maturity"}, age=age)
    assert v["pathway-to-independence"].verdict in ((expected,) if expected == UNSUITABLE else (CHECK, SUITABLE))


def test_minimum_order_length(catalogue):
    base = dict(needs={"thinking-behaviour"}, sex="male", age=30, ogrs=60, none_else=True)
    assert verdicts(catalogue, "dlnr", order_months=8, **base)["tsp"].verdict == UNSUITABLE
    assert verdicts(catalogue, "dlnr", order_months=9, **base)["tsp"].verdict == SUITABLE
    check = verdicts(catalogue, "dlnr", **base)["tsp"]
    assert check.verdict == CHECK and "order_months" in check.unknowns


def test_alcohol_dependent_person_and_the_aamr(catalogue):
    for region in ("london", "north-west", "east-of-england"):
        v = verdicts(catalogue, region, needs={"alcohol"}, age=40,
                     flags={"alcohol-dependent", "alcohol-related-offence"})
        assert v["aamr"].verdict == UNSUITABLE
        ok = verdicts(catalogue, region, needs={"alcohol"}, age=40, flags={"alcohol-related-offence"},
                      no_flags={"alcohol-dependent"})
        assert ok["aamr"].verdict == SUITABLE


# --- warnings ----------------------------------------------------------------------------------------------
def test_contradictions_are_warned(capsys):
    data = _recommend_json(capsys, "--region", "dlnr", "--risk", "low", "--ogrs", "90")
    assert any("OGRS 90" in w for w in data["warnings"])
    assert warnings(Profile(risk="high", ogrs=30)) == []       # other predictors can raise the likelihood
    assert warnings(Profile(sara="medium", no_flags=frozenset({"ipv-offence"})))
    assert warnings(Profile(needs=frozenset({"maturity"}), age=40))
    assert warnings(Profile(needs=frozenset({"maturity"}), age=21)) == []
    assert warnings(Profile()) == []


# --- the criteria review -----------------------------------------------------------------------------------
def test_criteria_lists_every_item_with_its_words(capsys, catalogue):
    for region in catalogue.regions:
        assert main(["criteria", "--region", region, "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        ids = {i["id"] for i in data["items"]}
        assert ids == {i.id for i in catalogue.items(region) if i.kind != "information"}
        for item in data["items"]:
            for c in item["criteria"]:
                assert c["says"] and c["section"] and c["strength"] in ("required", "priority", "exception")
                assert (c["unless"] is not None) == (c["strength"] == "exception")


def test_criteria_text_for_one_item(capsys):
    assert main(["criteria", "--region", "dlnr", "covaid"]) == 0
    out = capsys.readouterr().out
    assert "exception" in out and "Treatment Manager" in out and "OGRS" in out
    assert main(["criteria", "--region", "dlnr", "no-such-item"]) == 1


# --- properties --------------------------------------------------------------------------------------------
@st.composite
def profiles(draw):
    present = draw(st.frozensets(st.sampled_from(sorted(tx.FLAGS))))
    rest = sorted(ALL_FLAGS - present)
    absent = draw(st.frozensets(st.sampled_from(rest))) if rest else frozenset()
    return Profile(
        needs=draw(st.frozensets(st.sampled_from(list(tx.NEEDS)))),
        sex=draw(st.none() | st.sampled_from(tx.SEXES)), age=draw(st.none() | st.integers(10, 120)),
        risk=draw(st.none() | st.sampled_from(tx.RISK_BANDS)), ogrs=draw(st.none() | st.integers(0, 100)),
        rosh=draw(st.none() | st.sampled_from(tx.ROSH_BANDS)), sara=draw(st.none() | st.sampled_from(tx.SARA_BANDS)),
        order_months=draw(st.none() | st.integers(1, 60)), flags=present, no_flags=absent,
        consents=draw(st.none() | st.sampled_from(tx.CONSENT)),
        area=draw(st.none() | st.sampled_from(("Derbyshire", "Leicestershire"))),
    )


regions = st.sampled_from(list(tx.REGIONS))
_FIELDS = ("sex", "age", "risk", "ogrs", "rosh", "sara", "order_months", "consents", "area")


def _region_profile(region, profile):
    return profile if region == "dlnr" else dataclasses.replace(profile, area=None)


def _forget(profile: Profile, data) -> Profile:
    """The profile with some of its answers made unknown."""
    gone = data.draw(st.frozensets(st.sampled_from(_FIELDS)))
    keep_flags = data.draw(st.frozensets(st.sampled_from(sorted(profile.flags)))) if profile.flags else frozenset()
    keep_no = data.draw(st.frozensets(st.sampled_from(sorted(profile.no_flags)))) if profile.no_flags else frozenset()
    return dataclasses.replace(profile, flags=keep_flags, no_flags=keep_no, **{f: None for f in gone})


def _with_and_without_some_answers(catalogue, region, profile, data) -> tuple[dict, dict]:
    """(item id -> verdict) for the profile, and for the profile with some of its answers made unknown."""
    profile = _region_profile(region, profile)
    fewer = _forget(profile, data)
    def verdict_of(p: Profile) -> dict:
        return {r.item.id: r.verdict for r in recommend(catalogue.items(region), p, catalogue.regions[region])}

    return verdict_of(profile), verdict_of(fewer)


@settings(max_examples=120, deadline=None)
@given(region=regions, profile=profiles(), data=st.data())
def test_unknown_never_rules_out(catalogue, region, profile, data):
    """Making answers unknown can only turn 'unsuitable' into 'check', never anything into 'unsuitable'."""
    full, fewer = _with_and_without_some_answers(catalogue, region, profile, data)
    for item_id, verdict in fewer.items():
        if verdict == UNSUITABLE:
            assert full[item_id] == UNSUITABLE, item_id


@settings(max_examples=120, deadline=None)
@given(region=regions, profile=profiles(), data=st.data())
def test_more_known_answers_never_turn_suitable_into_unsuitable(catalogue, region, profile, data):
    full, fewer = _with_and_without_some_answers(catalogue, region, profile, data)
    for item_id, verdict in full.items():
        if fewer[item_id] == SUITABLE:
            assert verdict != UNSUITABLE, item_id


@settings(max_examples=60, deadline=None)
@given(region=regions, needs=st.frozensets(st.sampled_from(list(tx.NEEDS))))
def test_needs_alone_never_give_suitable(catalogue, region, needs):
    results = recommend(catalogue.items(region), Profile(needs=needs), catalogue.regions[region])
    assert not [r for r in results if r.verdict != CHECK]


@settings(max_examples=120, deadline=None)
@given(region=regions, profile=profiles())
def test_every_verdict_has_reasons_and_the_order_holds(catalogue, region, profile):
    profile = _region_profile(region, profile)
    results = recommend(catalogue.items(region), profile, catalogue.regions[region])
    order = [r.verdict for r in results]
    assert order == sorted(order, key=[SUITABLE, CHECK, UNSUITABLE].index)
    for r in results:
        assert r.reasons and all(isinstance(x, str) and x for x in r.reasons)
        assert set(r.needs_met) <= set(profile.needs)
        if r.verdict != CHECK:
            assert not r.unknowns or r.verdict == UNSUITABLE


_FILL = {"sex": tx.SEXES, "age": (17, 18, 30, 70), "ogrs": (0, 30, 60, 90), "risk": tx.RISK_BANDS,
         "rosh": tx.ROSH_BANDS, "sara": tx.SARA_BANDS, "order_months": (3, 9, 12, 36), "consents": tx.CONSENT,
         "area": ("Derbyshire", "Leicestershire")}


@settings(max_examples=60, deadline=None)
@given(region=regions, profile=profiles(), data=st.data())
def test_answering_what_it_asks_changes_the_answer(catalogue, region, profile, data):
    """Each unknown a `check` lists is a question whose answer the verdict depends on: giving it removes it."""
    profile = _region_profile(region, profile)
    reg = catalogue.regions[region]
    for r in recommend(catalogue.items(region), profile, reg):
        for ask in r.unknowns:
            if ask.startswith("flag:"):
                flag = ask[5:]
                answered = dataclasses.replace(profile, flags=profile.flags | {flag})
            else:
                if ask == "area" and not reg.areas:
                    continue
                answered = dataclasses.replace(profile, **{ask: data.draw(st.sampled_from(_FILL[ask]))})
            assert ask not in evaluate(r.item, answered, reg).unknowns, (r.item.id, ask)
