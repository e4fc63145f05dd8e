"""structlog setup: JSON lines (console on a TTY), context binding, redaction of confidential fields."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import structlog

REDACTED = "[redacted]"

# Keys whose values never reach a log line, at any depth. Services add their own with `mark_confidential`.
_CONFIDENTIAL_KEYS: set[str] = {
    "authorization",
    "password",
    "secret",
    "token",
    "jwt_secret",
    "denouncer",
    "denouncer_identity",
    "identity",
}


class Confidential(str):
    """A string that is always redacted when logged, whatever key it sits under."""

    __slots__ = ()

    def __repr__(self) -> str:
        return REDACTED


def mark_confidential(*keys: str) -> None:
    """Add field names whose values the log processor always redacts."""
    _CONFIDENTIAL_KEYS.update(k.lower() for k in keys)


def _redact(value: Any) -> Any:
    if isinstance(value, Confidential):
        return REDACTED
    if isinstance(value, Mapping):
        return {k: REDACTED if str(k).lower() in _CONFIDENTIAL_KEYS else _redact(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redact(v) for v in value]
    return value


def redact_confidential(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor: replace confidential values by a marker."""
    for key in list(event_dict):
        if key.lower() in _CONFIDENTIAL_KEYS:
            event_dict[key] = REDACTED
        else:
            event_dict[key] = _redact(event_dict[key])
    return event_dict


# Exception texts (a traceback, an error's repr) may quote the data being handled: scrub what looks personal.
_EXCEPTION_KEYS = ("exception", "error", "exc_info", "stack")
_PERSONAL = (
    re.compile(r"input_value=(?:'[^']*'|\"[^\"]*\"|[^,\]\)\s]+)"),  # pydantic quotes the rejected input
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # e-mail addresses
    re.compile(r"(?<![\w+])(?:\+?84|0)(?:[\s.\-()]*\d){8,10}(?!\d)"),  # phone numbers, +84 / 84 / 0
    re.compile(r"(?<!\w)\d{9,12}(?!\w)"),  # identity card and other personal numbers
)
_IN_FLIGHT: ContextVar[frozenset[str]] = ContextVar("thidua_confidential_values", default=frozenset())


def hold_confidential(*values: str) -> None:
    """Values (e.g. an identity just decrypted) scrubbed from exception texts for the rest of this context."""
    keep = {v for v in values if isinstance(v, str) and len(v) >= 3}
    _IN_FLIGHT.set(_IN_FLIGHT.get() | keep)


def scrub(text: str) -> str:
    """The text with held confidential values and anything that looks personal replaced by a marker."""
    for value in sorted(_IN_FLIGHT.get(), key=len, reverse=True):
        text = text.replace(value, REDACTED)
    for pattern in _PERSONAL:
        text = pattern.sub(
            lambda m: "input_value=" + REDACTED if m.group().startswith("input_value=") else REDACTED, text
        )
    return text


def redact_exceptions(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor, after format_exc_info: scrub personal data from exception texts."""
    for key in _EXCEPTION_KEYS:
        if isinstance(event_dict.get(key), str):
            event_dict[key] = scrub(event_dict[key])
    return event_dict


def _scrub_foreign_event(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor for stdlib records (uvicorn, libraries): their message text scrubbed too."""
    if isinstance(event_dict.get("event"), str):
        event_dict["event"] = scrub(event_dict["event"])
    return event_dict


def configure_logging(*, service: str, level: str = "INFO", fmt: str = "auto") -> None:
    """Configure structlog and the stdlib root logger for one process: every line, ours and the libraries'
    (uvicorn, aio-pika, pymongo), goes through the same processors, so in JSON mode each is one object with
    `service` and whatever context (correlation_id, event_id, trace_id) is bound."""
    use_console = fmt == "console" or (fmt == "auto" and sys.stderr.isatty())
    renderer: Any = structlog.dev.ConsoleRenderer() if use_console else structlog.processors.JSONRenderer()
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    tail: list[Any] = [redact_confidential, structlog.processors.format_exc_info, redact_exceptions, renderer]
    structlog.configure(
        processors=[*shared, *tail],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=False,
    )
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(service=service)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[*shared, structlog.stdlib.add_logger_name, _scrub_foreign_event],
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *tail],
        )
    )
    root = logging.getLogger()
    # Plain stream handlers (basicConfig's, or a previous call's) give way to this one; others (a test
    # runner's capture) stay.
    root.handlers[:] = [h for h in root.handlers if type(h) is not logging.StreamHandler] + [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):  # theirs go to the root handler
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    for noisy in ("aio_pika", "aiormq", "pymongo"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def get_logger(name: str | None = None) -> Any:
    """A structlog logger; context (service, correlation_id, event_id) is merged from contextvars."""
    return structlog.get_logger(name)


@contextmanager
def bound(**values: Any) -> Iterator[None]:
    """Bind key-values to every log line inside the block (per request or per message)."""
    with structlog.contextvars.bound_contextvars(**values):
        yield
