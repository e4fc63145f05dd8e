"""The awards service's one map of broken rules to problem+json answers (read by `thidua.http.edge`)."""

from __future__ import annotations

from thidua.http.edge import ErrorMap

from awards.domain import Ineligible
from awards.errors import DomainError, NotFoundError, NotPermitted, StateConflict
from awards.exemplars import ExemplarInputRefused, ExemplarRuleBroken

ERRORS = ErrorMap(
    {
        NotFoundError: 404,
        NotPermitted: 403,
        StateConflict: 409,
        Ineligible: (422, "Nominee not eligible"),
        ExemplarRuleBroken: (409, "Exemplar rule broken"),
        ExemplarInputRefused: (422, "Exemplar rule broken"),
    },
    base=DomainError,
    default=422,  # every other broken rule is input no rule accepts (unknown award type, no rule set...)
)
