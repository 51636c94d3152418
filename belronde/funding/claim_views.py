"""The claim pages: a programme's claims to its funder, preparing one for a period, one claim
with its lines and totals, refreshing a draft, submitting it, recording the funder's payment,
and the claim as PDF, CSV or XLSX.

The coordinator reaches every claim of the chapter's programmes; a funder user reads the
submitted and paid claims of the programmes their funder pays for (a draft, another funder's
programme or another chapter is 404) and downloads them, and changes nothing (403). Every
change is one action of ``funding.actions``; every download is recorded (``claim.downloaded``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from belronde.accounts import roles
from belronde.accounts.access import ChapterRequest, chapter_view
from belronde.funding import access, actions, exports
from belronde.funding.claim_forms import PaidForm, PrepareForm, SubmitForm
from belronde.funding.models import ZERO, ClaimLine, FundingClaim, Programme
from belronde.lib.downloads import attachment
from belronde.lib.errors import show_error
from belronde.lib.money import format_money

READERS = tuple(roles.FUNDING_READ_ROLES)
MANAGERS = tuple(roles.FUNDING_MANAGE_ROLES)
#: at most this many periods in the choice (ten years of months)
MAX_PERIODS = 120


def _short(day: dt.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _programme(request: ChapterRequest, code: str) -> Programme:
    return access.get_programme(request.access, request.user, code)


def _claim(request: ChapterRequest, programme: Programme, claim: str) -> FundingClaim:
    found = access.get_claim(request.access, request.user, programme, claim)
    found.programme = programme
    return found


def _list_url(request: ChapterRequest, programme: Programme) -> str:
    return reverse(
        "funding:claim_list", kwargs={"chapter": request.chapter.slug, "code": programme.code}
    )


def _detail_url(request: ChapterRequest, claim: FundingClaim) -> str:
    return reverse(
        "funding:claim_detail",
        kwargs={
            "chapter": request.chapter.slug,
            "code": claim.programme.code,
            "claim": claim.public_code,
        },
    )


# Periods ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    name: str
    start: dt.date
    end: dt.date
    claim: FundingClaim | None

    @property
    def label(self) -> str:
        text = _("%(period)s (%(start)s to %(end)s)") % {
            "period": self.name,
            "start": _short(self.start),
            "end": _short(self.end),
        }
        if self.claim is not None and self.claim.is_draft:
            text += " · " + _("draft exists: rebuild it")
        return text


def programme_periods(
    programme: Programme, claims: list[FundingClaim], today: dt.date
) -> list[Period]:
    """The programme's claim periods from its window's start up to the one holding ``today``,
    the oldest first, each with its claim (or None)."""
    by_period = {c.period: c for c in claims}
    periods: list[Period] = []
    day = programme.window_start
    while day <= today and len(periods) < MAX_PERIODS:
        try:
            name, start, end = actions.period_bounds(programme, actions.period_of(programme, day))
        except actions.FundingError:
            break
        periods.append(Period(name, start, end, by_period.get(name)))
        day = end + dt.timedelta(days=1)
    return periods


def open_periods(periods: list[Period]) -> list[Period]:
    """The periods a claim may still be prepared for: after the last submitted one."""
    submitted = [i for i, p in enumerate(periods) if p.claim is not None and not p.claim.is_draft]
    return periods[submitted[-1] + 1 :] if submitted else periods


def _prepare_form(programme: Programme, claims: list[FundingClaim], data: Any = None) -> Any:
    choices = open_periods(programme_periods(programme, claims, timezone.localdate()))
    form = PrepareForm(
        data,
        periods=[(p.name, p.label) for p in reversed(choices)],
        initial={"period": choices[0].name} if choices else {},
    )
    return form


# The list --------------------------------------------------------------------------------------


def _list(
    request: ChapterRequest, programme: Programme, form: Any = None, status: int = 200
) -> HttpResponse:
    claims = list(access.claims_for(request.access, request.user, programme))
    can_manage = request.access.can_manage_funding
    if can_manage and form is None:
        form = _prepare_form(programme, claims)
    return render(
        request,
        "funding/claim_list.html",
        {
            "programme": programme,
            "claims": claims,
            "form": form if can_manage else None,
            "can_manage": can_manage,
            "window_not_started": programme.window_start > timezone.localdate(),
        },
        status=status,
    )


@chapter_view(*READERS)
@require_GET
def claim_list(request: ChapterRequest, code: str) -> HttpResponse:
    """The programme's claims, newest period first (the funder: submitted and paid ones)."""
    return _list(request, _programme(request, code))


@chapter_view(*MANAGERS)
@require_POST
def claim_prepare(request: ChapterRequest, code: str) -> HttpResponse:
    """Make the draft claim of a period (or rebuild it): the trajectories it covers now."""
    programme = _programme(request, code)
    claims = list(access.claims_for(request.access, request.user, programme))
    form = _prepare_form(programme, claims, request.POST)
    if not form.is_valid():
        return _list(request, programme, form, status=400)
    try:
        claim = actions.prepare_claim(
            actor=request.user, programme=programme, period=form.cleaned_data["period"]
        )
    except actions.FundingError as exc:
        show_error(request, exc, form=form, field="period")
        return _list(request, programme, form, status=exc.status)
    claim.programme = programme
    messages.success(request, _prepared_message(claim))
    return redirect(_detail_url(request, claim))


def _prepared_message(claim: FundingClaim) -> str:
    lines = claim.lines.count()
    if not lines:
        return _(
            "The draft claim for %(period)s holds no trajectory: nothing to claim for that "
            "period yet."
        ) % {"period": claim.period}
    return ngettext(
        "The draft claim for %(period)s holds %(count)s line, %(total)s in total.",
        "The draft claim for %(period)s holds %(count)s lines, %(total)s in total.",
        lines,
    ) % {"period": claim.period, "count": lines, "total": format_money(claim.total)}


# One claim -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineRow:
    line: ClaimLine
    shown: exports.Line
    corrected_in: list[str]


def line_rows(request: ChapterRequest, claim: FundingClaim) -> list[LineRow]:
    """The claim's lines with what the reader may know: names only where ``identified_lines``
    gives them (the coordinator; the funder when the programme needs them); for the funder only
    the corrections made by submitted claims."""
    identity = access.identified_lines(claim, request.access)
    manage = request.access.can_manage_funding
    language = exports.language_of(get_language())
    rows = []
    for line in access.claim_lines(claim).prefetch_related("corrections__claim"):
        later = [
            c.claim.period
            for c in line.corrections.all()
            if manage or c.claim.status != FundingClaim.Status.DRAFT
        ]
        rows.append(
            LineRow(
                line=line,
                shown=exports.describe_line(line, language, identity),
                corrected_in=sorted(set(later)),
            )
        )
    return rows


def _detail_context(request: ChapterRequest, claim: FundingClaim) -> dict[str, Any]:
    rows = line_rows(request, claim)
    language = exports.language_of(get_language())
    return {
        "programme": claim.programme,
        "claim": claim,
        "rows": rows,
        "corrections": sum((r.line.amount for r in rows if r.line.corrects_id), ZERO),
        "can_manage": request.access.can_manage_funding,
        "language": language,
        "other_language": "en" if language == "nl" else "nl",
    }


@chapter_view(*READERS)
@require_GET
def claim_detail(request: ChapterRequest, code: str, claim: str) -> HttpResponse:
    programme = _programme(request, code)
    found = _claim(request, programme, claim)
    return render(request, "funding/claim_detail.html", _detail_context(request, found))


@chapter_view(*MANAGERS)
@require_POST
def claim_refresh(request: ChapterRequest, code: str, claim: str) -> HttpResponse:
    """Rebuild a draft from what is true now (a trajectory enrolled late, a changed price)."""
    programme = _programme(request, code)
    found = _claim(request, programme, claim)
    try:
        rebuilt = actions.prepare_claim(
            actor=request.user, programme=programme, period=found.period
        )
    except actions.FundingError as exc:
        show_error(request, exc)
    else:
        rebuilt.programme = programme
        messages.success(request, _prepared_message(rebuilt))
    return redirect(_detail_url(request, found))


@chapter_view(*MANAGERS)
@require_http_methods(["GET", "POST"])
def claim_submit(request: ChapterRequest, code: str, claim: str) -> HttpResponse:
    """Submit a draft to the funder, after a confirmation: it is rebuilt once more, then frozen."""
    programme = _programme(request, code)
    found = _claim(request, programme, claim)
    if not found.is_draft:
        messages.info(request, _("This claim has been submitted already."))
        return redirect(_detail_url(request, found))
    form = SubmitForm(request.POST or None, initial={"version": found.version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                submitted = actions.submit_claim(
                    actor=request.user, claim=found, expected_version=form.cleaned_data["version"]
                )
            except actions.EditConflict as exc:
                found = _claim(request, programme, claim)
                data = request.POST.copy()
                data["version"] = str(found.version)
                form = SubmitForm(data)
                form.is_valid()
                show_error(request, exc, form=form)
                status = exc.status
            except actions.FundingError as exc:
                show_error(request, exc, form=form)
                status = exc.status
            else:
                submitted.programme = programme
                messages.success(
                    request,
                    ngettext(
                        "The claim for %(period)s has been submitted: %(count)s trajectory, "
                        "%(total)s.",
                        "The claim for %(period)s has been submitted: %(count)s trajectories, "
                        "%(total)s.",
                        submitted.trajectories,
                    )
                    % {
                        "period": submitted.period,
                        "count": submitted.trajectories,
                        "total": format_money(submitted.total),
                    },
                )
                return redirect(_detail_url(request, submitted))
    return render(
        request,
        "funding/claim_submit.html",
        {**_detail_context(request, found), "form": form},
        status=status,
    )


@chapter_view(*MANAGERS)
@require_http_methods(["GET", "POST"])
def claim_paid(request: ChapterRequest, code: str, claim: str) -> HttpResponse:
    """Record that the funder paid a submitted claim: the date and the amount received."""
    programme = _programme(request, code)
    found = _claim(request, programme, claim)
    if found.status != FundingClaim.Status.SUBMITTED:
        messages.info(
            request,
            _("Only a submitted claim is marked paid.")
            if found.is_draft
            else _("This claim has been marked paid already."),
        )
        return redirect(_detail_url(request, found))
    form = PaidForm(
        request.POST or None, initial={"paid_on": timezone.localdate(), "amount": found.total}
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                paid = actions.mark_claim_paid(
                    actor=request.user,
                    claim=found,
                    paid_on=form.cleaned_data["paid_on"],
                    amount=form.cleaned_data["amount"],
                )
            except actions.FundingError as exc:
                show_error(request, exc, form=form)
                status = exc.status
            else:
                paid.programme = programme
                messages.success(
                    request,
                    _("The claim for %(period)s is marked paid: %(amount)s on %(date)s.")
                    % {
                        "period": paid.period,
                        "amount": format_money(paid.paid_amount or 0),
                        "date": _short(paid.paid_on or timezone.localdate()),
                    },
                )
                return redirect(_detail_url(request, paid))
    return render(
        request,
        "funding/claim_paid.html",
        {"programme": programme, "claim": found, "form": form},
        status=status,
    )


@chapter_view(*READERS)
@require_GET
def claim_download(request: ChapterRequest, code: str, claim: str, format: str) -> HttpResponse:
    """The claim as PDF, CSV or XLSX (``?lang=nl`` or ``en``; the reader's language by
    default), recorded in the audit log."""
    programme = _programme(request, code)
    found = _claim(request, programme, claim)
    if format not in exports.FORMATS:
        raise Http404
    export = exports.download(
        actor=request.user,
        claim=found,
        rights=request.access,
        fmt=format,
        language=request.GET.get("lang") or get_language() or "nl",
        request=request,
    )
    return attachment(export.content, export.filename, export.content_type)
