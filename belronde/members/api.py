"""API of the member registry: organisations, their contact persons, imports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from belronde.accounts.access import require
from belronde.api.access import api_user, chapter_access
from belronde.api.pagination import PageNumber
from belronde.api.schemas import ActionErrorOut, ErrorOut, ValidationErrorOut, omissible
from belronde.audit.actions import record_event
from belronde.lib.errors import ActionError
from belronde.members import actions, normalise
from belronde.members.access import (
    get_import_batch_for_user,
    get_organisation_for_manager,
    get_organisation_for_user,
    get_person_for_manager,
    organisations_for,
)
from belronde.members.importing import validation
from belronde.members.importing.report import report
from belronde.members.importing.sources import FileProblem
from belronde.members.messages import file_message, row_message
from belronde.members.models import Organisation, Person
from belronde.members.search import filter_organisations

router = Router(tags=["members"])


class MemberPersonOut(Schema):
    code: str
    name: str
    role: str
    phone: str
    mobile: str
    email: str
    language: str
    preferred_call_times: str
    is_primary: bool


class MemberOrganisationOut(Schema):
    code: str
    enterprise_number: str = Field(description="10 digits, e.g. 0403170701")
    enterprise_number_display: str = Field(description="e.g. 0403.170.701")
    name: str
    legal_form: str
    nace_code: str
    nace_version: str
    sector: str
    employees: int | None
    size_band: str
    street: str
    house_number: str
    postal_code: str
    municipality: str
    phone: str
    email: str
    membership_status: str
    member_since: dt.date | None
    do_not_call: bool
    do_not_call_reason: str
    version: int


class MemberOrganisationDetailOut(MemberOrganisationOut):
    persons: list[MemberPersonOut]
    merged_into: str | None


class MemberOrganisationIn(Schema):
    """Fields left out are kept. Only ``employees`` and ``member_since`` may be null (unknown)."""

    enterprise_number: str = omissible(max_length=30)
    name: str = omissible(max_length=200)
    legal_form: str = omissible(max_length=60)
    nace_code: str = omissible(max_length=10)
    employees: int | None = Field(None, ge=0, le=1_000_000)
    street: str = omissible(max_length=200)
    house_number: str = omissible(max_length=20)
    postal_code: str = omissible(max_length=10)
    municipality: str = omissible(max_length=100)
    phone: str = omissible(max_length=40)
    email: str = omissible(max_length=254)
    membership_status: str = omissible(pattern="^(member|former|prospect)$")
    member_since: dt.date | None = None
    version: int | None = Field(
        None, description="Refuse the update if the record changed since (null: do not check)."
    )


class MemberPersonIn(Schema):
    """Fields left out are kept; none may be null."""

    name: str = omissible(max_length=200)
    role: str = omissible(max_length=100)
    phone: str = omissible(max_length=40)
    mobile: str = omissible(max_length=40)
    email: str = omissible(max_length=254)
    language: str = omissible(pattern="^(nl|fr|en)$")
    preferred_call_times: str = omissible(max_length=200)
    is_primary: bool = omissible()


class ImportReportOut(Schema):
    status: str = Field("rejected", description="committed, rejected or dry-run")
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[dict[str, Any]] = Field(
        default_factory=list, description="[{row, column, value, message}]"
    )
    notices: list[dict[str, Any]] = Field(default_factory=list)
    batch: str = ""
    encoding: str = ""
    delimiter: str = ""
    sha256: str = ""
    detail: str = Field("", description="Why the file itself could not be used, if so.")


def _person_out(person: Person) -> dict[str, Any]:
    return {
        "code": person.public_code,
        **{f: getattr(person, f) for f in ("name", "role", "phone", "mobile", "email")},
        "language": person.language,
        "preferred_call_times": person.preferred_call_times,
        "is_primary": person.is_primary,
    }


def _org_out(org: Organisation, *, detail: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": org.public_code,
        "enterprise_number": org.enterprise_number,
        "enterprise_number_display": org.enterprise_number_display,
        "sector": org.nace_section,
        **{
            f: getattr(org, f)
            for f in (
                "name",
                "legal_form",
                "nace_code",
                "nace_version",
                "employees",
                "size_band",
                "street",
                "house_number",
                "postal_code",
                "municipality",
                "phone",
                "email",
                "membership_status",
                "member_since",
                "do_not_call",
                "do_not_call_reason",
                "version",
            )
        },
    }
    if detail:
        data["persons"] = [_person_out(p) for p in org.persons.all()]
        data["merged_into"] = org.merged_into.public_code if org.merged_into else None
    return data


class Invalid(ActionError):
    """Fields of the body that do not fit (``errors``: field and message), a 422 like ninja's."""

    code = "invalid_fields"
    status = 422

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__(_("The request is not valid."))
        self.errors = errors

    def as_json(self) -> dict[str, Any]:
        return {**super().as_json(), "errors": self.errors}


def _clean_org(payload: MemberOrganisationIn, *, creating: bool) -> dict[str, Any]:
    """The fields sent, cleaned by the registry's one validator (the form and the import use
    it too); on a create the enterprise number and the name are required."""
    raw = payload.dict(exclude_unset=True)
    raw.pop("version", None)
    cleaned = validation.clean_values(raw, complete=creating)
    if cleaned.errors:
        raise Invalid(
            [
                {"field": key, "message": row_message(code, params)}
                for key, code, params in cleaned.errors
            ]
        )
    return cleaned.values


@router.get(
    "/chapters/{slug}/organisations",
    response={200: list[MemberOrganisationOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    url_name="member_organisation_list",
    summary="The chapter's organisations (search and filters as on the member list)",
)
@paginate(PageNumber)
def organisation_list(
    request: HttpRequest,
    slug: str,
    q: str = "",
    sector: str = "",
    size_band: str = "",
    postal_code: str = "",
    status: str = "",
) -> list[dict[str, Any]] | Any:
    access = chapter_access(request, slug)
    organisations = filter_organisations(
        organisations_for(access),
        q=q[:100],
        sector=sector[:1],
        size_band=size_band[:6],
        postal_code=postal_code[:4],
        status=status[:12],
    ).order_by("name", "pk")
    return _LazyOrgs(organisations)


class _LazyOrgs:
    """A paginable view of a queryset that serialises only the requested page."""

    def __init__(self, queryset: Any) -> None:
        self.queryset = queryset

    def count(self) -> int:
        return int(self.queryset.count())

    def __getitem__(self, item: slice) -> list[dict[str, Any]]:
        return [_org_out(o) for o in self.queryset[item]]


@router.get(
    "/chapters/{slug}/organisations/{code}",
    response={200: MemberOrganisationDetailOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    url_name="member_organisation_detail",
    summary="One organisation with its contact persons",
)
def organisation_detail(request: HttpRequest, slug: str, code: str) -> dict[str, Any]:
    access = chapter_access(request, slug)
    org = get_organisation_for_user(access, code)
    record_event(
        actor=api_user(request),
        verb="organisation.viewed",
        chapter=access.chapter,
        obj=org,
        payload={"page": "api"},
        request=request,
    )
    return _org_out(org, detail=True)


@router.post(
    "/chapters/{slug}/organisations",
    response={
        201: MemberOrganisationDetailOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ActionErrorOut,
        422: ValidationErrorOut,
    },
    url_name="member_organisation_create",
    summary="Add an organisation (coordinators)",
)
def organisation_create(request: HttpRequest, slug: str, payload: MemberOrganisationIn) -> Status:
    access = chapter_access(request, slug)
    organisations_for(access)
    from belronde.members.access import can_manage_members

    require(can_manage_members(access))
    data = _clean_org(payload, creating=True)
    org = actions.create_organisation(actor=api_user(request), chapter=access.chapter, data=data)
    return Status(201, _org_out(org, detail=True))


@router.patch(
    "/chapters/{slug}/organisations/{code}",
    response={
        200: MemberOrganisationDetailOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ActionErrorOut,
        422: ValidationErrorOut,
    },
    url_name="member_organisation_update",
    summary="Change an organisation (coordinators); send version to refuse a stale update",
)
def organisation_update(
    request: HttpRequest, slug: str, code: str, payload: MemberOrganisationIn
) -> Status:
    org = get_organisation_for_manager(chapter_access(request, slug), code)
    data = _clean_org(payload, creating=False)
    org = actions.update_organisation(
        actor=api_user(request), organisation=org, data=data, version=payload.version
    )
    return Status(200, _org_out(org, detail=True))


def _clean_person(payload: MemberPersonIn, *, creating: bool) -> dict[str, Any]:
    raw = payload.dict(exclude_unset=True)
    data: dict[str, Any] = {}
    errors: list[dict[str, str]] = []
    for field, value in raw.items():
        if value is None:
            continue
        try:
            if field in ("phone", "mobile"):
                data[field] = normalise.parse_phone(value)[0]
            elif field == "email":
                data[field] = normalise.parse_email(value)
            elif field == "name":
                data[field] = normalise.clean_text(value)
                if not data[field]:
                    raise normalise.CellError("required")
            elif isinstance(value, str):
                data[field] = normalise.clean_text(value)
            else:
                data[field] = value
        except normalise.CellError as exc:
            errors.append({"field": field, "message": row_message(exc.code, exc.params)})
    if creating and "name" not in data and not errors:
        errors.append({"field": "name", "message": row_message("required")})
    if errors:
        raise Invalid(errors)
    return data


@router.post(
    "/chapters/{slug}/organisations/{code}/persons",
    response={
        201: MemberPersonOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ValidationErrorOut,
    },
    url_name="member_person_create",
    summary="Add a contact person (coordinators)",
)
def person_create(request: HttpRequest, slug: str, code: str, payload: MemberPersonIn) -> Status:
    org = get_organisation_for_manager(chapter_access(request, slug), code)
    data = _clean_person(payload, creating=True)
    person = actions.create_person(actor=api_user(request), organisation=org, data=data)
    return Status(201, _person_out(person))


@router.patch(
    "/chapters/{slug}/organisations/{code}/persons/{person}",
    response={
        200: MemberPersonOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ValidationErrorOut,
    },
    url_name="member_person_update",
    summary="Change a contact person (coordinators)",
)
def person_update(
    request: HttpRequest, slug: str, code: str, person: str, payload: MemberPersonIn
) -> Status:
    access = chapter_access(request, slug)
    org = get_organisation_for_manager(access, code)
    contact = get_person_for_manager(access, org, person)
    data = _clean_person(payload, creating=False)
    contact = actions.update_person(actor=api_user(request), person=contact, data=data)
    return Status(200, _person_out(contact))


@router.post(
    "/chapters/{slug}/imports",
    response={
        200: ImportReportOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        413: ImportReportOut,
        422: ImportReportOut,
        429: ImportReportOut,
    },
    url_name="member_import_create",
    summary="Import members from a CSV or XLSX file (multipart field `file`)",
    description=(
        "Checks every row, then writes all of them in one transaction, or none (`partial=false`,"
        " the default). With `partial=true` the valid rows are written. The report has status "
        "committed, rejected or dry-run; 422 when the file itself is unusable."
    ),
)
def import_create(
    request: HttpRequest,
    slug: str,
    file: UploadedFile | None = File(None),  # noqa: B008
    partial: bool = Form(False),
    dry_run: bool = Form(False),
) -> Status:
    from belronde.members.access import import_batches_for

    access = chapter_access(request, slug)
    import_batches_for(access)  # coordinators only
    if file is None:
        return _file_problem(422, file_message("no_file"))
    try:
        batch = actions.start_import(
            actor=api_user(request),
            chapter=access.chapter,
            upload=file,
            original_filename=file.name or "",
            partial=partial,
            dry_run=dry_run,
            source="api",
            background=False,
        )
    except FileProblem as problem:
        status = {"too_large": 413, "quota": 429}.get(problem.code, 422)
        return _file_problem(status, file_message(problem.code, problem.params))
    data = report(batch)
    if batch.status == "failed":
        data["detail"] = data["errors"][0]["message"] if data["errors"] else ""
        return Status(422, data)
    return Status(200, data)


def _file_problem(status: int, message: str) -> Status:
    return Status(
        status,
        {"detail": message, "errors": [{"row": 0, "column": "", "value": "", "message": message}]},
    )


@router.get(
    "/chapters/{slug}/imports/{code}",
    response={200: ImportReportOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    url_name="member_import_detail",
    summary="The report of an import",
)
def import_detail(request: HttpRequest, slug: str, code: str) -> dict[str, Any]:
    batch = get_import_batch_for_user(chapter_access(request, slug), code)
    return report(batch)
