"""Plain data shared by every layer: no I/O, no Qt."""

from brochure_app.domain.models import (
    Author, BandCriterion, ConsentCriterion, Delivery, Eligibility, FlagCriterion, Foreword, Item, Problem,
    RangeCriterion, Region, SexCriterion, Source, SourceRef,
)
from brochure_app.domain import taxonomy

__all__ = [
    "Author", "BandCriterion", "ConsentCriterion", "Delivery", "Eligibility", "FlagCriterion", "Foreword", "Item",
    "Problem", "RangeCriterion", "Region", "SexCriterion", "Source", "SourceRef", "taxonomy",
]
