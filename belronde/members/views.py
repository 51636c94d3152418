from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from belronde.accounts import roles
from belronde.accounts.access import ChapterRequest, chapter_view
from belronde.audit.actions import record_event
from belronde.lib.downloads import attachment
from belronde.lib.errors import show_error
from belronde.members import actions, exports
from belronde.members.access import (
    can_manage_members,
    find_merge_duplicate,
    get_import_batch_for_user,
    get_organisation_for_manager,
    get_organisation_for_user,
    get_person_for_manager,
    import_batches_for,
    organisations_for,
    visible_organisations,
)
from belronde.members.forms import (
    DoNotCallForm,
    ImportForm,
    MergeForm,
    OrganisationFilterForm,
    OrganisationForm,
    PersonForm,
)
from belronde.members.importing import sources
from belronde.members.importing.batches import mark_interrupted
from belronde.members.importing.sources import FileProblem
from belronde.members.importing.uploads import SizeLimitUploadHandler
from belronde.members.importing.validation import COLUMNS
from belronde.members.messages import file_message, notice_message, row_message
from belronde.members.models import ImportBatch
from belronde.members.search import EXPORT_HEADER, export_rows, filter_organisations

READ_ROLES = tuple(roles.MEMBER_READ_ROLES)
MANAGE_ROLES = tuple(roles.MEMBER_MANAGE_ROLES)
PAGE_SIZE = 50


# List and detail -------------------------------------------------------------------------------


def _filtered(request: ChapterRequest) -> tuple[OrganisationFilterForm, Any]:
    form = OrganisationFilterForm(request.GET or None)
    organisations = organisations_for(request.access)
    if form.is_bound and form.is_valid():
        organisations = filter_organisations(organisations, **form.cleaned_data)
    else:
        organisations = filter_organisations(organisations)
    return form, organisations


@chapter_view(*READ_ROLES)
@require_GET
def organisation_list(request: ChapterRequest) -> HttpResponse:
    form, organisations = _filtered(request)
    page = Paginator(
        organisations.only(
            "public_code",
            "name",
            "enterprise_number",
            "municipality",
            "postal_code",
            "nace_code",
            "nace_version",
            "nace_section",
            "size_band",
            "employees",
            "membership_status",
            "do_not_call",
        ).order_by("name", "pk"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "can_manage": can_manage_members(request.access),
        "query": request.GET.urlencode(),
    }
    template = "members/_organisations.html" if request.htmx else "members/organisation_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@chapter_view(*READ_ROLES)
@require_GET
def organisation_detail(request: ChapterRequest, code: str) -> HttpResponse:
    org = get_organisation_for_user(request.access, code)
    record_event(
        actor=request.user,
        verb="organisation.viewed",
        chapter=request.chapter,
        obj=org,
        payload={"page": "detail"},
        request=request,
    )
    return render(
        request,
        "members/organisation_detail.html",
        {
            "org": org,
            "persons": org.persons.all(),
            "merged_from": visible_organisations(request.access).filter(merged_into=org),
            "can_manage": can_manage_members(request.access),
            "do_not_call_form": DoNotCallForm(),
        },
    )


# Create and edit -------------------------------------------------------------------------------


def _org_data(form: OrganisationForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("version", None)
    data["nace_version"] = form.cleaned_data.get("nace_version", "")
    return data


@chapter_view(*MANAGE_ROLES)
@require_http_methods(["GET", "POST"])
def organisation_create(request: ChapterRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org = actions.create_organisation(
                actor=request.user, chapter=request.chapter, data=_org_data(form)
            )
        except actions.MembersError as exc:
            show_error(request, exc, form=form, field="enterprise_number")
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": org.name})
            return redirect("members:organisation_detail", request.chapter.slug, org.public_code)
    status = 400 if form.errors else 200
    return render(
        request, "members/organisation_form.html", {"form": form, "org": None}, status=status
    )


@chapter_view(*MANAGE_ROLES)
@require_http_methods(["GET", "POST"])
def organisation_edit(request: ChapterRequest, code: str) -> HttpResponse:
    org = get_organisation_for_manager(request.access, code)
    initial = {"version": org.version, "enterprise_number": org.enterprise_number_display}
    if org.nace_code:
        initial["nace_code"] = org.nace_code
    form = OrganisationForm(request.POST or None, instance=org, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_organisation(
                actor=request.user,
                organisation=get_organisation_for_manager(request.access, code),
                data=_org_data(form),
                version=form.cleaned_data.get("version"),
            )
        except actions.StaleEdit as exc:
            show_error(request, exc, form=form)
            status = exc.status
        except actions.MembersError as exc:
            show_error(request, exc, form=form, field="enterprise_number")
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("members:organisation_detail", request.chapter.slug, org.public_code)
    if form.errors and status == 200:
        status = 400
    return render(
        request, "members/organisation_form.html", {"form": form, "org": org}, status=status
    )


@chapter_view(*MANAGE_ROLES)
@require_POST
def organisation_do_not_call(request: ChapterRequest, code: str) -> HttpResponse:
    org = get_organisation_for_manager(request.access, code)
    if request.POST.get("action") == "clear":
        actions.clear_do_not_call(actor=request.user, organisation=org)
        messages.success(request, _("%(name)s may be called again.") % {"name": org.name})
        return redirect("members:organisation_detail", request.chapter.slug, org.public_code)
    form = DoNotCallForm(request.POST)
    if form.is_valid():
        actions.mark_do_not_call(
            actor=request.user, organisation=org, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("%(name)s will not be called.") % {"name": org.name})
        return redirect("members:organisation_detail", request.chapter.slug, org.public_code)
    return render(
        request,
        "members/organisation_detail.html",
        {
            "org": org,
            "persons": org.persons.all(),
            "merged_from": org.merged_from.all(),
            "history": [],
            "can_manage": True,
            "do_not_call_form": form,
        },
        status=400,
    )


@chapter_view(*MANAGE_ROLES)
@require_http_methods(["GET", "POST"])
def organisation_merge(request: ChapterRequest, code: str) -> HttpResponse:
    org = get_organisation_for_manager(request.access, code)
    form = MergeForm(request.POST or None)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        wanted = form.cleaned_data["duplicate"].strip()
        duplicate = find_merge_duplicate(request.access, org, wanted)
        if duplicate is None:
            form.add_error(
                "duplicate", _("No organisation of this chapter has that number or code.")
            )
        elif request.POST.get("confirm") == "1":
            try:
                actions.merge_organisations(actor=request.user, keep=org, remove=duplicate)
            except actions.MembersError as exc:
                show_error(request, exc, form=form, field="duplicate")
            else:
                messages.success(
                    request,
                    _("%(duplicate)s has been merged into %(name)s.")
                    % {"duplicate": duplicate.name, "name": org.name},
                )
                return redirect(
                    "members:organisation_detail", request.chapter.slug, org.public_code
                )
    return render(
        request,
        "members/organisation_merge.html",
        {"org": org, "form": form, "duplicate": duplicate if not form.errors else None},
        status=400 if form.errors else 200,
    )


@chapter_view(*MANAGE_ROLES)
@require_http_methods(["GET", "POST"])
def person_create(request: ChapterRequest, code: str) -> HttpResponse:
    org = get_organisation_for_manager(request.access, code)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.create_person(actor=request.user, organisation=org, data=form.cleaned_data)
        messages.success(request, _("The contact person has been added."))
        return redirect("members:organisation_detail", request.chapter.slug, org.public_code)
    return render(
        request,
        "members/person_form.html",
        {"form": form, "org": org, "person": None},
        status=400 if form.errors else 200,
    )


@chapter_view(*MANAGE_ROLES)
@require_http_methods(["GET", "POST"])
def person_edit(request: ChapterRequest, code: str, person: str) -> HttpResponse:
    org = get_organisation_for_manager(request.access, code)
    contact = get_person_for_manager(request.access, org, person)
    if request.method == "POST" and request.POST.get("action") == "delete":
        actions.delete_person(actor=request.user, person=contact)
        messages.success(request, _("The contact person has been removed."))
        return redirect("members:organisation_detail", request.chapter.slug, org.public_code)
    form = PersonForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        fresh = get_person_for_manager(request.access, org, person)  # the form changed contact
        actions.update_person(actor=request.user, person=fresh, data=form.cleaned_data)
        messages.success(request, _("The changes have been saved."))
        return redirect("members:organisation_detail", request.chapter.slug, org.public_code)
    return render(
        request,
        "members/person_form.html",
        {"form": form, "org": org, "person": contact},
        status=400 if form.errors else 200,
    )


# Export ----------------------------------------------------------------------------------------


def export_header(language: str) -> list[str]:
    dutch = {c.key: c.dutch for c in COLUMNS}
    dutch.update(
        {
            "size_band": "grootteklasse",
            "do_not_call": "niet bellen",
            "do_not_call_reason": "reden niet bellen",
            "contact_phone": "telefoon contactpersoon",
            "contact_mobile": "gsm contactpersoon",
            "contact_email": "e-mail contactpersoon",
            "code": "code",
        }
    )
    return [dutch.get(k, k) if language == "nl" else k for k in EXPORT_HEADER]


@chapter_view(*MANAGE_ROLES)
@require_GET
def organisation_export(request: ChapterRequest, format: str) -> HttpResponse:
    if format not in ("csv", "xlsx"):
        raise Http404
    _form, organisations = _filtered(request)
    header = export_header(get_language() or "nl")
    count = organisations.count()
    try:
        actions.export_members(
            actor=request.user, chapter=request.chapter, count=count, format=format
        )
    except actions.ExportLimitReached as refusal:
        wait = max(1, int((refusal.retry_at - timezone.now()).total_seconds()) + 1)
        response = render(
            request,
            "members/export_refused.html",
            {"message": str(refusal), "query": request.GET.urlencode()},
            status=429,
        )
        response["Retry-After"] = str(wait)
        return response
    name = (
        f"leden-{request.chapter.slug}"
        if get_language() == "nl"
        else f"members-{request.chapter.slug}"
    )
    if format == "xlsx":
        return attachment(
            exports.xlsx_bytes(header, export_rows(organisations), title=request.chapter.name),
            f"{name}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return attachment(
        exports.csv_lines(header, export_rows(organisations)),
        f"{name}.csv",
        "text/csv; charset=utf-8",
    )


# Imports ---------------------------------------------------------------------------------------


def _batch_context(batch: ImportBatch) -> dict[str, Any]:
    errors = [{**e, "message": row_message(e["code"], e["params"])} for e in batch.errors[:1000]]
    notices = [
        {**e, "message": notice_message(e["code"], e["params"])} for e in batch.notices[:200]
    ]
    problem = (
        file_message(batch.file_problem.get("code", ""), batch.file_problem.get("params", {}))
        if batch.file_problem
        else ""
    )
    return {"batch": batch, "errors": errors, "notices": notices, "problem": problem}


@csrf_exempt
def import_list(request: HttpRequest, chapter: str) -> HttpResponse:
    """Stops reading an upload past the size limit, before CSRF and the form read the body
    (upload handlers must be set first; the view itself is CSRF-protected)."""
    limit = sources.WEB_LIMITS.max_bytes
    request.upload_handlers.insert(0, SizeLimitUploadHandler(request, limit))
    return _import_list(request, chapter)


@csrf_protect
@chapter_view(*MANAGE_ROLES)
@require_http_methods(["GET", "POST"])
def _import_list(request: ChapterRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    too_large = getattr(request, "upload_too_large", 0)
    if too_large:
        form = ImportForm(request.POST)
        form.is_valid()
        form.errors.pop("file", None)
        form.add_error(
            "file",
            file_message("too_large", {"size": too_large, "limit": sources.WEB_LIMITS.max_bytes}),
        )
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = actions.start_import(
                actor=request.user,
                chapter=request.chapter,
                upload=upload,
                original_filename=upload.name or "",
                partial=form.cleaned_data["partial"],
            )
        except FileProblem as problem:
            form.add_error("file", file_message(problem.code, problem.params))
        else:
            return redirect("members:import_detail", request.chapter.slug, batch.public_code)
    mark_interrupted(request.chapter)
    batches = Paginator(import_batches_for(request.access), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "members/import_list.html",
        {"form": form, "page": batches, "columns": COLUMNS},
        status=400 if form.errors else 200,
    )


@chapter_view(*MANAGE_ROLES)
@require_GET
def import_detail(request: ChapterRequest, code: str) -> HttpResponse:
    batch = get_import_batch_for_user(request.access, code)
    if batch.is_running:
        mark_interrupted(request.chapter)
        batch.refresh_from_db()
    context = _batch_context(batch)
    template = "members/_import_status.html" if request.htmx else "members/import_detail.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@chapter_view(*MANAGE_ROLES)
@require_GET
def import_errors(request: ChapterRequest, code: str, format: str) -> HttpResponse:
    """The rejected rows as they were read, plus the reasons: fix and import this file again."""
    if format not in ("csv", "xlsx"):
        raise Http404
    batch = get_import_batch_for_user(request.access, code)
    stored = batch.rejected_rows or {}
    header = [str(h) for h in stored.get("header", [])]
    if not stored.get("rows"):
        raise Http404
    by_row: dict[int, list[str]] = {}
    for e in batch.errors:
        text = row_message(e["code"], e["params"])
        by_row.setdefault(e["row"], []).append(f"{e['column']}: {text}" if e["column"] else text)
    rows = [
        [
            *[*cells, *[""] * (len(header) - len(cells))][: len(header)],
            " | ".join(by_row.get(n, [])),
        ]
        for n, cells in stored["rows"]
    ]
    full_header = [*header, _("error")]
    stem = (
        f"fouten-{batch.public_code}" if get_language() == "nl" else f"errors-{batch.public_code}"
    )
    if format == "xlsx":
        return attachment(
            exports.xlsx_bytes(full_header, rows, title=_("Errors")),
            f"{stem}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return attachment(
        exports.csv_lines(full_header, rows, delimiter=batch.delimiter or ";"),
        f"{stem}.csv",
        "text/csv; charset=utf-8",
    )


@chapter_view(*MANAGE_ROLES)
@require_GET
def import_template(request: ChapterRequest, format: str) -> HttpResponse:
    if format not in ("csv", "xlsx"):
        raise Http404
    dutch = get_language() == "nl"
    header = [c.dutch if dutch else c.key for c in COLUMNS]
    example = [c.example for c in COLUMNS]
    stem = "sjabloon-leden" if dutch else "members-template"
    if format == "xlsx":
        return attachment(
            exports.xlsx_bytes(header, [example], title=_("Members")),
            f"{stem}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return attachment(
        exports.csv_lines(header, [example]), f"{stem}.csv", "text/csv; charset=utf-8"
    )
