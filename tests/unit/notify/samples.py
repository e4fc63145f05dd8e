"""Sample envelopes for every event notify reacts to, built from the shared contract samples."""

from __future__ import annotations

from thidua.contracts.base import Envelope

from tests.contract.test_contracts import sample


def envelope(event_type: str, **changes: object) -> Envelope:
    """A valid envelope of the type, with `data` fields overridden by `changes`."""
    data = sample(event_type)
    if changes:
        data = type(data).model_validate(data.model_dump(mode="json") | changes)
    return Envelope.wrap(data, subject="s-1")
