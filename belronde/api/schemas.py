"""Response shapes shared by the API routers."""

from __future__ import annotations

from ninja import Schema


class ErrorOut(Schema):
    detail: str


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
