"""Response shapes shared by the API routers, and how a body declares a field it may omit."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def omissible(**constraints: Any) -> Any:
    """A body field that may be left out, but when sent must have its type: ``null`` is a 422.

    Declare it with its own type, not ``X | None``: ``name: str = omissible(max_length=200)``.
    Left out, it reads as None and is absent from ``payload.dict(exclude_unset=True)``; sent as
    ``null``, validation refuses it, as for any other wrong type. ``X | None = None`` is for a
    field where null means something (clear a nullable column, no link); there the handler must
    treat an explicit null as that meaning, never as "left out" for a column that cannot be null.
    """
    return Field(None, json_schema_extra=_no_default, **constraints)


class ErrorOut(Schema):
    detail: str


class ActionErrorOut(ErrorOut):
    """An action refused the request (``belronde.lib.errors.ActionError``)."""

    code: str = Field(
        "",
        description=(
            "Stable, for machines: what was refused (e.g. invalid, wrong_status, claim_limit, "
            "consent_required); empty for a 403 or 404 of the access rules."
        ),
    )


class RequestErrorOut(Schema):
    """A 400 or 413 about the request itself, before a route looks at it (belronde.api.openapi)."""

    detail: str
    code: str = Field(
        "",
        description=(
            "nul_character (400): the query string or a form field holds U+0000; invalid_json "
            "(400): the body is not JSON, or holds NaN or Infinity; request_too_large (413): "
            "the body is over the size limit."
        ),
    )


class ValidationErrorOut(Schema):
    detail: str
    errors: list[dict[str, object]]


class RegionOut(Schema):
    slug: str
    name: str


class ChapterOut(Schema):
    slug: str
    name: str
    region: RegionOut
    role: str
    role_label: str
    url: str


class ChapterDetailOut(ChapterOut):
    postal_codes: list[str]
    partner_organisation: str | None


class MembershipOut(Schema):
    chapter: str
    role: str


class MeOut(Schema):
    username: str
    first_name: str
    last_name: str
    email: str
    language: str
    chapters: list[MembershipOut]
