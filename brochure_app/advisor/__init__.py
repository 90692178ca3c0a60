"""The decision aid: pure, Qt-free suitability verdicts with reasons."""

from brochure_app.advisor.engine import (
    CHECK,
    SUITABLE,
    UNSUITABLE,
    VERDICT_SHORT,
    VERDICT_WORDS,
    Profile,
    Result,
    evaluate,
    recommend,
    warnings,
)

__all__ = ["CHECK", "SUITABLE", "UNSUITABLE", "VERDICT_SHORT", "VERDICT_WORDS", "Profile", "Result", "evaluate",
           "recommend", "warnings", "profile_from_args"]


def profile_from_args(args) -> Profile:
    return Profile(
        needs=frozenset(args.need or ()), sex=args.sex, age=args.age, risk=args.risk, ogrs=args.ogrs,
        rosh=args.rosh, sara=args.sara, order_months=args.order_months, flags=frozenset(args.flag or ()),
        no_flags=frozenset(getattr(args, "no_flag", None) or ()), consents=args.consents,
        area=getattr(args, "area", None),
    )
