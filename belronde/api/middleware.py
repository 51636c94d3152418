"""What the API answers before and around django-ninja: JSON bodies only, JSON errors only.

* A request body that is not JSON (or, for uploads, multipart form data) is refused with 415:
  django-ninja would otherwise parse a ``text/plain`` or form-encoded body as if it were JSON,
  so a cross-site form post could reach a JSON endpoint (RELIABILITY.md SEC-API-02).
* Django answers a path that matches no route (404) and a method a route does not have (405)
  with an HTML page; under the API these become JSON errors like every other answer, with the
  ``Allow`` header kept.
* Every JSON answer names its charset (the OpenAPI schema did not).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

PREFIX = "/api/v1/"
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
ACCEPTED_BODIES = frozenset({"application/json", "multipart/form-data"})


def _media_type(request: HttpRequest) -> str:
    return (request.content_type or "").split(";", 1)[0].strip().lower()


def _has_body(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > 0
    except ValueError:
        return True


def _json(body: dict[str, str], status: int) -> HttpResponse:
    return HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type="application/json; charset=utf-8",
    )


class ApiContentMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        if (
            request.method in BODY_METHODS
            and _has_body(request)
            and _media_type(request) not in ACCEPTED_BODIES
        ):
            return _json(
                {
                    "detail": _("Send the request body as JSON (Content-Type: application/json)."),
                    "code": "unsupported_media_type",
                },
                415,
            )
        response = self.get_response(request)
        if response.status_code in (404, 405) and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            detail = (
                _("Not found.")
                if response.status_code == 404
                else _("This method is not allowed here.")
            )
            replacement = _json({"detail": detail}, response.status_code)
            if response.has_header("Allow"):
                replacement["Allow"] = response["Allow"]
            return replacement
        if response.get("Content-Type", "").strip().lower() == "application/json":
            response["Content-Type"] = "application/json; charset=utf-8"  # e.g. the OpenAPI schema
        return response
