"""The REST API under /api/v1/: token auth, JSON errors, the same access rules as the UI."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.openapi.schema import OpenAPISchema

from belronde import __version__
from belronde.api.auth import TokenAuth
from belronde.api.openapi import declare_common_errors
from belronde.api.routes_accounts import router as accounts_router
from belronde.campaigns.api import router as campaigns_router
from belronde.members.api import router as members_router


class BelrondeAPI(NinjaAPI):
    """Declares the errors every operation can answer (see ``belronde.api.openapi``)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        declare_common_errors(schema)
        return schema


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
)
api.add_router("/", accounts_router)
api.add_router("/", campaigns_router)
api.add_router("/", members_router)
api.add_router("/", "belronde.conversations.api.router")
api.add_router("/", "belronde.knowledge.api.router")
api.add_router("/", "belronde.referrals.api.router")
api.add_router("/", "belronde.analyses.api.router")


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
