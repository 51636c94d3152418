"""The programme pages: the chapter's programmes, a new one, the budget dashboard, its settings
and cost models, and the coordinator's enrolment forms (enrol a trajectory, an exception to a
rule, the hours of a tailored trajectory).

A coordinator reaches every programme of the chapter; a funder user reads the dashboard of the
programmes their funder pays for (404 for another funder's or a draft), never an enrolment or a
name, and changes nothing (403). Every change is one action of ``funding.actions``; its refusal
is shown on the form with the person's input kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from belronde.accounts import roles
from belronde.accounts.access import ChapterRequest, chapter_view
from belronde.funding import access, actions
from belronde.funding.models import Enrolment, FundingClaim, Programme, Terms
from belronde.funding.programme_forms import (
    EditProgrammeForm,
    EnrolForm,
    ExceptionForm,
    HoursForm,
    NewProgrammeForm,
    TermsForm,
)
from belronde.lib.errors import show_error
from belronde.lib.money import format_money

READERS = tuple(roles.FUNDING_READ_ROLES)
MANAGERS = tuple(roles.FUNDING_MANAGE_ROLES)
#: enrolments per page of the dashboard, and trajectories offered for enrolment at once
PAGE_SIZE = 50
UNENROLLED_SHOWN = 50


def _posted(request: ChapterRequest) -> QueryDict | None:
    """The form's data on a POST (even an empty one, so that it shows what is missing)."""
    return request.POST if request.method == "POST" else None


def _programme(request: ChapterRequest, code: str) -> Programme:
    return access.get_programme(request.access, request.user, code)


def _detail_url(request: ChapterRequest, programme: Programme, anchor: str = "") -> str:
    url = reverse(
        "funding:programme_detail", kwargs={"chapter": request.chapter.slug, "code": programme.code}
    )
    return f"{url}#{anchor}" if anchor else url


def _enrolment(request: ChapterRequest, programme: Programme, code: str) -> Enrolment:
    """The enrolment ``code`` of ``programme`` (404 for one of another programme)."""
    found = access.get_enrolment(request.access, code)
    if found.programme_id != programme.pk:
        raise Http404
    found.programme = programme
    return found


# The list --------------------------------------------------------------------------------------


@chapter_view(*READERS)
@require_GET
def programme_list(request: ChapterRequest) -> HttpResponse:
    """The chapter's programmes (a funder: the ones it pays for) with their budget's state."""
    programmes = list(access.programmes_for(request.access, request.user))
    return render(
        request,
        "funding/programme_list.html",
        {"rows": [(p, access.budget(p)) for p in programmes]},
    )


# A new programme -------------------------------------------------------------------------------


@chapter_view(*MANAGERS)
@require_http_methods(["GET", "POST"])
def programme_create(request: ChapterRequest) -> HttpResponse:
    form = NewProgrammeForm(
        _posted(request),
        funders=access.funders_for(request.access),
        chapter_slug=request.chapter.slug,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                # a new funder exists only with its programme: both or neither
                with transaction.atomic():
                    funder = data.get("funder") or actions.create_funder(
                        actor=request.user, chapter=request.chapter, name=data["new_funder"]
                    )
                    programme = actions.create_programme(
                        actor=request.user,
                        chapter=request.chapter,
                        code=data["code"],
                        funder=funder,
                        cost=form.cost_model(),
                        **form.settings(),
                    )
            except actions.FundingError as exc:
                show_error(request, exc, form=form)
                status = exc.status
            else:
                messages.success(
                    request,
                    _("Programme %(code)s has been created.") % {"code": programme.code},
                )
                return redirect(_detail_url(request, programme))
    return render(request, "funding/programme_form.html", {"form": form}, status=status)


# The budget dashboard --------------------------------------------------------------------------


@dataclass(frozen=True)
class TermsRow:
    """One cost model of the programme's history: from when to when, and whether a submitted
    claim froze it."""

    terms: Terms
    until: dt.date | None
    frozen: bool
    current: bool


def terms_history(programme: Programme, frozen_until: dt.date | None) -> list[TermsRow]:
    rows = list(access.terms_of(programme))
    today = max(timezone.localdate(), programme.window_start)
    history = []
    for i, terms in enumerate(rows):
        nxt = rows[i + 1].valid_from if i + 1 < len(rows) else None
        until = nxt - dt.timedelta(days=1) if nxt else None
        history.append(
            TermsRow(
                terms=terms,
                until=until,
                frozen=frozen_until is not None and terms.valid_from <= frozen_until,
                current=terms.valid_from <= today and (until is None or today <= until),
            )
        )
    return history


@dataclass(frozen=True)
class ClaimSummary:
    submitted: int
    paid: int
    drafts: int
    last_period: str


def claim_summary(claims: list[FundingClaim]) -> ClaimSummary:
    Status = FundingClaim.Status
    done = [c for c in claims if c.status != Status.DRAFT]
    return ClaimSummary(
        submitted=sum(1 for c in claims if c.status == Status.SUBMITTED),
        paid=sum(1 for c in claims if c.status == Status.PAID),
        drafts=sum(1 for c in claims if c.status == Status.DRAFT),
        last_period=max(done, key=lambda c: c.period_end).period if done else "",
    )


@dataclass(frozen=True)
class EnrolmentRow:
    enrolment: Enrolment
    refusal: str
    waivable: bool


@chapter_view(*READERS)
@require_GET
def programme_detail(request: ChapterRequest, code: str) -> HttpResponse:
    """Committed, invoiced, received, claimed, claim paid and what remains; the cost models;
    for the coordinator also the enrolments and the trajectories still to enrol."""
    programme = _programme(request, code)
    frozen_until = access.claimed_until(programme)
    context: dict[str, Any] = {
        "programme": programme,
        "budget": access.budget(programme),
        "terms_rows": terms_history(programme, frozen_until),
        "frozen_until": frozen_until,
        "claims": claim_summary(list(access.claims_for(request.access, request.user, programme))),
        "can_manage": request.access.can_manage_funding,
    }
    if request.access.can_manage_funding:
        enrolments = access.enrolments_for(request.access, programme).order_by(
            "-status", "number", "-started_on", "id"
        )
        page = Paginator(enrolments, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = []
        for enrolment in page.object_list:
            enrolment.programme = programme
            refused = enrolment.status == Enrolment.Status.REFUSED
            rows.append(
                EnrolmentRow(
                    enrolment=enrolment,
                    refusal=actions.refusal_message(enrolment) if refused else "",
                    waivable=refused and enrolment.refused_rule in Enrolment.WAIVABLE,
                )
            )
        unenrolled = access.unenrolled_trajectories(request.access, programme)
        context.update(
            {
                "page": page,
                "enrolment_rows": rows,
                "unenrolled": [
                    (t, programme.in_window(t.started_on)) for t in unenrolled[:UNENROLLED_SHOWN]
                ],
                "unenrolled_count": unenrolled.count(),
                "can_enrol": programme.status == Programme.Status.ACTIVE,
                "has_hourly_rate": any(
                    r.terms.hourly_rate is not None for r in context["terms_rows"]
                ),
            }
        )
    return render(request, "funding/programme_detail.html", context)


# Settings and cost models ----------------------------------------------------------------------


SHOWN_SETTINGS = (
    "name",
    "status",
    "window_start",
    "window_end",
    "budget_trajectories",
    "budget_amount",
    "claim_period_months",
    "iban",
    "bic",
    "payment_days",
)


def _saved_values(form: EditProgrammeForm, programme: Programme) -> list[tuple[str, Any]]:
    """What is saved now of the fields the person typed differently (after a conflict)."""
    values = []
    for name in SHOWN_SETTINGS:
        mine = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
        saved = getattr(programme, name)
        if mine != saved:
            if name == "status":
                saved = programme.get_status_display()
            values.append((str(form.fields[name].label), saved))
    return values


@chapter_view(*MANAGERS)
@require_http_methods(["GET", "POST"])
def programme_edit(request: ChapterRequest, code: str) -> HttpResponse:
    programme = _programme(request, code)
    form = EditProgrammeForm(
        _posted(request),
        initial={**EditProgrammeForm.initial_for(programme), "version": programme.version},
    )
    status = 200
    conflict: list[tuple[str, Any]] = []
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.update_programme(
                    actor=request.user,
                    programme=programme,
                    expected_version=form.cleaned_data["version"],
                    **form.settings(),
                )
            except actions.EditConflict as exc:
                saved = _programme(request, code)
                data = request.POST.copy()
                data["version"] = str(saved.version)
                form = EditProgrammeForm(data)
                form.is_valid()
                show_error(request, exc, form=form)
                conflict = _saved_values(form, saved)
                status = exc.status
            except actions.FundingError as exc:
                show_error(request, exc, form=form)
                status = exc.status
            else:
                messages.success(request, _("The programme has been saved."))
                return redirect(_detail_url(request, programme))
    return render(
        request,
        "funding/programme_edit.html",
        {
            "programme": programme,
            "form": form,
            "frozen_until": access.claimed_until(programme),
            "conflict": conflict,
        },
        status=status,
    )


@chapter_view(*MANAGERS)
@require_http_methods(["GET", "POST"])
def programme_terms(request: ChapterRequest, code: str) -> HttpResponse:
    """A new cost model from a date on; the periods a submitted claim covers keep theirs."""
    programme = _programme(request, code)
    frozen_until = access.claimed_until(programme)
    earliest = programme.window_start
    if frozen_until is not None:
        earliest = max(earliest, frozen_until + dt.timedelta(days=1))
    current = access.current_terms(programme)
    initial: dict[str, Any] = {"valid_from": max(earliest, timezone.localdate())}
    if current is not None:
        initial.update({name: getattr(current, name) for name in TermsForm.COST_FIELDS})
    form = TermsForm(_posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                terms = actions.add_terms(
                    actor=request.user,
                    programme=programme,
                    valid_from=form.cleaned_data["valid_from"],
                    cost=form.cost_model(),
                )
            except actions.FundingError as exc:
                show_error(request, exc, form=form)
                status = exc.status
            else:
                messages.success(
                    request,
                    _("The new cost model applies to trajectories starting from %(date)s.")
                    % {"date": formats.date_format(terms.valid_from, "SHORT_DATE_FORMAT")},
                )
                return redirect(_detail_url(request, programme, "cost-models"))
    return render(
        request,
        "funding/programme_terms.html",
        {
            "programme": programme,
            "form": form,
            "frozen_until": frozen_until,
            "earliest": earliest,
            "terms_rows": terms_history(programme, frozen_until),
        },
        status=status,
    )


# Enrolments ------------------------------------------------------------------------------------


@chapter_view(*MANAGERS)
@require_POST
def programme_enrol(request: ChapterRequest, code: str) -> HttpResponse:
    """Enrol one of the chapter's trajectories that has no enrolment yet in this programme:
    enrolled, or refused with the rule that refused it."""
    programme = _programme(request, code)
    back = redirect(_detail_url(request, programme, "unenrolled"))
    form = EnrolForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a trajectory to enrol."))
        return back
    if programme.status != Programme.Status.ACTIVE:
        messages.error(request, _("Only an active programme takes trajectories."))
        return back
    trajectory = (
        access.unenrolled_trajectories(request.access, programme)
        .filter(public_code=form.cleaned_data["trajectory"])
        .first()
    )
    if trajectory is None:
        messages.error(
            request, _("This trajectory cannot be enrolled here: it has an enrolment already.")
        )
        return back
    try:
        enrolment = actions.enrol(actor=request.user, trajectory=trajectory, programme=programme)
    except actions.FundingError as exc:
        show_error(request, exc)
        return back
    if enrolment is not None and enrolment.status == Enrolment.Status.ENROLLED:
        messages.success(
            request,
            _("%(name)s is enrolled as trajectory %(number)s.")
            % {"name": trajectory.organisation.display_name, "number": enrolment.pseudonym},
        )
    elif enrolment is not None:
        messages.warning(request, actions.refusal_message(enrolment))
    return redirect(_detail_url(request, programme, "enrolments"))


def _enrolment_context(enrolment: Enrolment) -> dict[str, Any]:
    refused = enrolment.status == Enrolment.Status.REFUSED
    return {
        "enrolment": enrolment,
        "programme": enrolment.programme,
        "refusal": actions.refusal_message(enrolment) if refused else "",
        "waivable": refused and enrolment.refused_rule in Enrolment.WAIVABLE,
    }


@chapter_view(*MANAGERS)
@require_http_methods(["GET", "POST"])
def enrolment_exception(request: ChapterRequest, code: str, enrolment: str) -> HttpResponse:
    """Waive the rule that refused a trajectory, with a reason (never the window or the
    budget: the page says why no exception is possible then)."""
    programme = _programme(request, code)
    found = _enrolment(request, programme, enrolment)
    form = ExceptionForm(_posted(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                found = actions.record_exception(
                    actor=request.user, enrolment=found, reason=form.cleaned_data["reason"]
                )
            except actions.FundingError as exc:
                show_error(request, exc, form=form)
                status = exc.status
            else:
                found.programme = programme
                if found.status == Enrolment.Status.ENROLLED:
                    messages.success(
                        request,
                        _("Exception recorded: the trajectory is enrolled as %(number)s.")
                        % {"number": found.pseudonym},
                    )
                else:
                    messages.warning(
                        request,
                        _("Exception recorded, but another rule refuses it: %(why)s")
                        % {"why": actions.refusal_message(found)},
                    )
                return redirect(_detail_url(request, programme, "enrolments"))
    return render(
        request,
        "funding/enrolment_exception.html",
        {**_enrolment_context(found), "form": form},
        status=status,
    )


@chapter_view(*MANAGERS)
@require_http_methods(["GET", "POST"])
def enrolment_hours(request: ChapterRequest, code: str, enrolment: str) -> HttpResponse:
    """A tailored trajectory: its price is the hours agreed x the programme's hourly rate."""
    programme = _programme(request, code)
    found = _enrolment(request, programme, enrolment)
    form = HoursForm(_posted(request), initial={"hours": found.hours, "version": found.version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                found = actions.set_hours(
                    actor=request.user,
                    enrolment=found,
                    hours=form.cleaned_data["hours"],
                    expected_version=form.cleaned_data["version"],
                )
            except actions.EditConflict as exc:
                found = _enrolment(request, programme, enrolment)
                data = request.POST.copy()
                data["version"] = str(found.version)
                form = HoursForm(data)
                form.is_valid()
                show_error(request, exc, form=form)
                status = exc.status
            except actions.FundingError as exc:
                show_error(request, exc, form=form)
                status = exc.status
            else:
                messages.success(
                    request,
                    _("The price of trajectory %(number)s is now %(price)s (excl. VAT).")
                    % {"number": found.pseudonym, "price": format_money(found.price)},
                )
                return redirect(_detail_url(request, programme, "enrolments"))
    terms = found.terms or access.terms_on(programme, found.started_on)
    return render(
        request,
        "funding/enrolment_hours.html",
        {**_enrolment_context(found), "form": form, "terms": terms},
        status=status,
    )
