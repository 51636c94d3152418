"""The REST API under /api/v1/: token auth, JSON errors, the same access rules as the UI."""

from __future__ import annotations

import json
import logging
from typing import Any, NoReturn

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser

from belronde import __version__
from belronde.api.auth import TokenAuth
from belronde.api.openapi import declare_common_errors
from belronde.lib.errors import ActionError


class BelrondeAPI(NinjaAPI):
    """Declares the errors every operation can answer (see ``belronde.api.openapi``)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        declare_common_errors(schema)
        return schema


class InvalidJson(ValueError):
    """The body is not JSON, or holds NaN or Infinity (which JSON does not have)."""


class NotAnObject(InvalidJson):
    """The body is JSON, but not an object."""


def _refuse_constant(name: str) -> NoReturn:
    raise InvalidJson(name)


class ObjectBodyParser(Parser):
    """Every body of this API is one JSON object (a ``Schema``), so anything else is refused.

    django-ninja validates a body through ``Schema``, which reads attributes from whatever it
    is given: ``[null, null]``, ``true``, ``"x"`` or ``1`` had no attributes, so every field
    took its default and the request was accepted. Here it is a 422 before any route runs.
    """

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        try:
            data = json.loads(request.body, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as exc:
            raise InvalidJson(str(exc)) from exc
        if not isinstance(data, dict):
            raise NotAnObject(type(data).__name__)
        return data


api = BelrondeAPI(
    title="belronde API",
    version=__version__,
    description=(
        "REST API of belronde. Authenticate with `Authorization: Bearer <token>` (tokens from "
        "your profile page or `belronde createtoken USERNAME`). Another chapter's objects are "
        "404; a missing right in your own chapter is 403. Lists are paginated (`page`, "
        "`page_size`)."
    ),
    urls_namespace="api-v1",
    auth=TokenAuth(),
    parser=ObjectBodyParser(),
)
# The apps' routers are mounted in ``belronde.routes`` (the top of the import graph), so that this
# package, which every app's API module uses, imports none of them.


@api.exception_handler(ActionError)
def action_error(request: HttpRequest, exc: ActionError) -> HttpResponse:
    """An action refused the request: its message (in the user's language), its code, and the
    status its class maps to; the one place the apps' errors become JSON."""
    return api.create_response(request, exc.as_json(), status=exc.status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request, {"detail": _("You do not have permission to do this.")}, status=403
    )


@api.exception_handler(AuthenticationError)
def unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request, {"detail": _("Authentication required: send a valid Bearer token.")}, status=401
    )
    response["WWW-Authenticate"] = 'Bearer realm="belronde"'
    return response


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": _("The request is not valid."), "errors": exc.errors},
        status=422,
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """django-ninja's own errors; a body it could not parse is said in the user's language."""
    cause = exc.__cause__
    if isinstance(cause, NotAnObject):
        message = _("The request body must be a JSON object.")
        return api.create_response(
            request,
            {
                "detail": _("The request is not valid."),
                "errors": [{"type": "json_object", "loc": ["body"], "msg": message}],
            },
            status=422,
        )
    if isinstance(cause, InvalidJson):
        return api.create_response(
            request,
            {
                "detail": _("The request body is not valid JSON (NaN and Infinity are not JSON)."),
                "code": "invalid_json",
            },
            status=400,
        )
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(SuspiciousOperation)
def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    """Django's request limits, met while a route reads its body or query string (e.g.
    DATA_UPLOAD_MAX_MEMORY_SIZE): without this, a server error with DEBUG on and Django's HTML
    400 with it off. Logged like Django logs them."""
    logging.getLogger(f"django.security.{exc.__class__.__name__}").error(str(exc))
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return api.create_response(
            request,
            {
                "detail": _("The request body is too large: at most %(limit)s bytes.")
                % {"limit": limit},
                "code": "request_too_large",
            },
            status=413,
        )
    return api.create_response(
        request,
        {"detail": _("The request cannot be handled: it is malformed or over a limit.")},
        status=400,
    )
