"""A request id per HTTP request (or CLI run), shared by log lines and audit events."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_request_id: ContextVar[str] = ContextVar("belronde_request_id", default="")
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
HEADER = "X-Request-ID"


def current() -> str:
    return _request_id.get()


def new_id() -> str:
    return uuid.uuid4().hex


def bind(value: str | None = None) -> str:
    """Set the request id for the current context (a CLI run calls this once)."""
    rid = value if value and _VALID.match(value) else new_id()
    _request_id.set(rid)
    return rid


class RequestIdMiddleware:
    """Takes a well-formed X-Request-ID from the proxy or makes one; echoes it back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = bind(request.headers.get(HEADER))
        token = _request_id.set(rid)
        request.request_id = rid  # type: ignore[attr-defined]
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[HEADER] = rid
        return response
