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


class ScrubbingFormatter(logging.Formatter):
    """The stdlib side (uvicorn, libraries): the formatted record, traceback included, scrubbed."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


def configure_logging(*, service: str, level: str = "INFO", fmt: str = "auto") -> None:
    """Configure structlog and the stdlib root logger for one process."""
    use_console = fmt == "console" or (fmt == "auto" and sys.stderr.isatty())
    renderer: Any = structlog.dev.ConsoleRenderer() if use_console else structlog.processors.JSONRenderer()
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            redact_confidential,
            structlog.processors.format_exc_info,
            redact_exceptions,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=False,
    )
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(service=service)
    logging.basicConfig(level=level.upper(), stream=sys.stderr, format="%(levelname)s %(name)s %(message)s")
    for handler in logging.getLogger().handlers:
        handler.setFormatter(ScrubbingFormatter("%(levelname)s %(name)s %(message)s"))
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
