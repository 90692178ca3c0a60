"""`brochure-app recommend` (the decision aid) and `brochure-app criteria` (the encoded criteria, for review)."""

from __future__ import annotations

import json
import sys

from brochure_app.advisor import (
    CHECK,
    SUITABLE,
    UNSUITABLE,
    VERDICT_WORDS,
    profile_from_args,
    recommend,
    warnings,
)
from brochure_app.advisor.rules import item_rules, region_rules
from brochure_app.domain.taxonomy import REGIONS

_USAGE = 2


def _region_or_fail(args, catalogue):
    region = catalogue.regions.get(args.region)
    if region is None:
        print(f"brochure-app: region '{args.region}' has no manifest in the content", file=sys.stderr)
    return region


def run(args, catalogue) -> int:
    region = _region_or_fail(args, catalogue)
    if region is None:
        return 1
    if args.area is not None and args.area not in region.areas:
        valid = ", ".join(region.areas) if region.areas else "none: its sources name no parts of the region"
        print(f"brochure-app: error: unknown area '{args.area}' for {args.region} (valid: {valid})", file=sys.stderr)
        return _USAGE
    profile = profile_from_args(args)
    results = recommend(catalogue.items(args.region), profile, region)
    said = warnings(profile)
    if args.json:
        data = {"region": args.region, "profile": profile.as_dict(), "warnings": said,
                "results": [r.as_dict() for r in results]}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    print(f"{region.name} — source edition {region.edition}" + (" (historical guide)" if region.historical else ""))
    for line in said:
        print(f"Warning: {line}")
    if not results:
        print("No item of this region addresses the chosen needs.")
    names = {i.id: i.short_name for i in catalogue.items(args.region)}
    for verdict in (SUITABLE, CHECK, UNSUITABLE):
        group = [r for r in results if r.verdict == verdict]
        if not group:
            continue
        print(f"\n{VERDICT_WORDS[verdict]} ({len(group)})")
        for r in group:
            mark = " [historical]" if r.item.historical else ""
            alt = (f" (an alternative to {', '.join(names.get(a, a) for a in r.alternative_to)})"
                   if r.alternative_to else "")
            print(f"  {r.item.title}{mark}{alt}")
            print(f"      {r.reasons[0]}")
            if r.unknowns:
                print(f"      would settle it: {', '.join(r.unknowns)}")
    return 0


def criteria_data(catalogue, region_id: str, only=None) -> dict:
    """Every encoded criterion of the region's decision-aid items, with strength, the source's words and section."""
    region = catalogue.regions[region_id]
    items = [i for i in catalogue.items(region_id) if i.kind != "information"]
    if only is not None:
        items = [only]
    out_items = []
    for item in items:
        rules = region_rules(region, item) + item_rules(item)
        out_items.append({
            "id": item.id, "title": item.title, "kind": item.kind, "historical": item.historical,
            "sources": [{"title": s.title, "section": s.section} for s in item.sources],
            "criteria": [r.as_dict() for r in rules],
            "notes": list(item.eligibility.notes),
            "alternative_to": [{"id": a.id, "says": a.says} for a in item.alternative_to],
            "in_decision_aid": bool(item.need_areas),
        })
    return {"region": region_id, "areas": list(region.areas), "items": out_items}


def run_criteria(args, catalogue) -> int:
    region = _region_or_fail(args, catalogue)
    if region is None:
        return 1
    only = None
    if args.item:
        only = catalogue.find(args.region, args.item)
        if only is None:
            close = catalogue.closest_titles(args.region, args.item)
            hint = f" Closest titles: {'; '.join(close)}." if close else ""
            print(f"brochure-app: {REGIONS[args.region]} has no item '{args.item}'.{hint}", file=sys.stderr)
            return 1
    data = criteria_data(catalogue, args.region, only)
    if args.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    print(f"{region.name} — encoded criteria beside the source's words")
    if region.areas:
        print(f"Areas: {', '.join(region.areas)}")
    for item in data["items"]:
        mark = " [historical]" if item["historical"] else ""
        print(f"\n{item['title']} ({item['id']}){mark}")
        if not item["in_decision_aid"]:
            print("  (no need area: not in the decision aid)")
        if not item["criteria"] and not item["notes"]:
            print("  No criterion stated: the decision aid says 'check', the source states none")
        for c in item["criteria"]:
            where = {"region": " [the region's own scope]", "area": " [the region's areas]"}.get(c["scope"], "")
            unless = f"; unless: {c['unless']}" if c["unless"] else ""
            print(f"  - {c['label']}: {c['test']}  [{c['strength']}{unless}]{where}")
            print(f"      source: “{c['says']}” — {c['section']}")
        for note in item["notes"]:
            print(f"  - to confirm in person (no question covers it): {note}")
        for alt in item["alternative_to"]:
            print(f"  - an alternative to {alt['id']}: “{alt['says']}”")
    return 0
