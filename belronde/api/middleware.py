"""What the API answers before and around django-ninja: JSON bodies only, JSON errors only.

* A request body that is not JSON (or, for uploads, multipart form data) is refused with 415:
  django-ninja would otherwise parse a ``text/plain`` or form-encoded body as if it were JSON,
  so a cross-site form post could reach a JSON endpoint (RELIABILITY.md SEC-API-02).
* Django answers a path that matches no route (404), a method a route does not have (405) and
  an unexpected exception (500, its generic page) with HTML; under the API these become JSON
  errors like every other answer, with the ``Allow`` header kept and nothing of the cause.
* Every JSON answer names its charset (the OpenAPI schema did not).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PREFIX = "/api/v1/"
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
ACCEPTED_BODIES = frozenset({"application/json", "multipart/form-data"})
#: Django's own HTML answers that become JSON under the API (a 500 says nothing of the cause)
MESSAGES = {
    404: gettext_lazy("Not found."),
    405: gettext_lazy("This method is not allowed here."),
    500: gettext_lazy(
        "Something went wrong on our side. It has been logged; please try again shortly."
    ),
}


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
        if response.status_code in MESSAGES and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            replacement = _json(
                {"detail": str(MESSAGES[response.status_code])}, response.status_code
            )
            if response.has_header("Allow"):
                replacement["Allow"] = response["Allow"]
            return replacement
        if response.get("Content-Type", "").strip().lower() == "application/json":
            response["Content-Type"] = "application/json; charset=utf-8"  # e.g. the OpenAPI schema
        return response
