"""Log lines as one JSON object each, carrying the request id.

Values passed in a record's ``extra`` under the name of a field that holds personal, financial or
confidential data somewhere (``belronde.privacy``: ``note``, ``phone``, ``answers``, ...) are
written as ``[redacted]``, so a careless ``log.info(..., extra={"note": note})`` leaks nothing."""

from __future__ import annotations

import logging
import re
from typing import Any

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

from belronde import privacy
from belronde.lib import requestid

REDACTED = "[redacted]"
#: keys the formatter itself writes (the format's fields after renaming, and exceptions)
OWN_KEYS = frozenset({"time", "level", "logger", "message", "request_id", "exc_info", "stack_info"})


#: credentials that must never reach a log line, whoever logs them (a library included): the
#: value after an HTTP auth scheme, and anything shaped like one of our API tokens
CREDENTIALS = re.compile(
    r"(?i)\b(bearer|basic|token|digest|negotiate|apikey|api-key)(\s+|=|:\s*)[^\s'\",;]+"
    r"|blr_[A-Za-z0-9_\-]+"
)


def scrub(text: str) -> str:
    """``text`` with every credential replaced by ``[redacted]`` (the scheme name stays)."""

    def _one(match: re.Match[str]) -> str:
        if match.group(1):
            return f"{match.group(1)}{match.group(2)}{REDACTED}"
        return REDACTED

    return CREDENTIALS.sub(_one, text)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = requestid.current() or None
        return True


class JsonFormatter(_JsonFormatter):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s")
        kwargs.setdefault(
            "rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"}
        )
        kwargs.setdefault("timestamp", False)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        super().add_fields(log_data, record, message_dict)
        sensitive = privacy.sensitive_names()
        for key, value in log_data.items():
            if key in sensitive and key not in OWN_KEYS:
                log_data[key] = REDACTED
            elif isinstance(value, str):
                log_data[key] = scrub(value)
