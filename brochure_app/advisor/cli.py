"""`brochure-app recommend`: JSON or a readable table grouped by verdict."""

from __future__ import annotations

import json
import sys

from brochure_app.advisor import CHECK, SUITABLE, UNSUITABLE, profile_from_args, recommend

_HEADINGS = {SUITABLE: "Suitable", CHECK: "Check", UNSUITABLE: "Unsuitable"}


def run(args, catalogue) -> int:
    if args.region not in catalogue.regions:
        print(f"brochure-app: region '{args.region}' has no manifest in the content", file=sys.stderr)
        return 1
    profile = profile_from_args(args)
    results = recommend(catalogue.items(args.region), profile)
    if args.json:
        data = {"region": args.region, "profile": profile.as_dict(), "results": [r.as_dict() for r in results]}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    region = catalogue.regions[args.region]
    print(f"{region.name} — source edition {region.edition}" + (" (historical guide)" if region.historical else ""))
    if not results:
        print("No item of this region addresses the chosen needs.")
    for verdict in (SUITABLE, CHECK, UNSUITABLE):
        group = [r for r in results if r.verdict == verdict]
        if not group:
            continue
        print(f"\n{_HEADINGS[verdict]} ({len(group)})")
        for r in group:
            print(f"  {r.item.title}")
            print(f"      {r.reasons[0]}")
    return 0
