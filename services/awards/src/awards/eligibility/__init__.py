"""The eligibility engine (pure): facts in, a report of every criterion out."""

from awards.eligibility.engine import evaluate
from awards.eligibility.model import (
    AwardRecord,
    ClusterFacts,
    CollectiveFacts,
    Criterion,
    Facts,
    Outcome,
    Report,
    YearFacts,
)

__all__ = [
    "AwardRecord",
    "ClusterFacts",
    "CollectiveFacts",
    "Criterion",
    "Facts",
    "Outcome",
    "Report",
    "YearFacts",
    "evaluate",
]
