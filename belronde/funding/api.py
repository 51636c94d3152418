"""API of programmes and money: the chapter's programmes with their cost model and budget, a
programme's claims to its funder (pseudonymous lines), and one participant invoice.

A coordinator reads every programme of the chapter, its claims (drafts too) and its invoices; a
funder user reads the programmes their funder pays for (not a draft) and their submitted and paid
claims, never an invoice (403); another funder's programme is 404, as is another chapter. The
caller, the coach, the partner and the regional get 403. Amounts are strings with two decimals
(``"350.00"``, a correction may be negative); a claim line holds a name and an enterprise
number only when the programme says its funder needs them (``funder_sees_identity``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from belronde.accounts.access import ChapterAccess
from belronde.api.access import api_user, chapter_access
from belronde.api.pagination import PageNumber
from belronde.api.schemas import ErrorOut
from belronde.funding import access
from belronde.funding.actions import format_ogm
from belronde.funding.models import ClaimLine, FundingClaim, Programme

router = Router(tags=["funding"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}

Money = Annotated[
    str,
    Field(
        pattern=r"^-?[0-9]+\.[0-9]{2}$",
        description="An amount in euro with two decimals, as a string.",
        examples=["350.00"],
    ),
]


def money(value: Decimal | None) -> str | None:
    return None if value is None else f"{Decimal(value):.2f}"


# Schemas ---------------------------------------------------------------------------------------


class ProgrammeBudgetOut(Schema):
    trajectories: int = Field(..., description="Trajectories enrolled.")
    trajectory_cap: int | None = Field(..., description="At most this many trajectories.")
    remaining_trajectories: int | None
    amount: Money | None = Field(..., description="The cap on the funder's contributions.")
    committed: Money = Field(..., description="The funder's parts of the enrolled trajectories.")
    invoiced: Money = Field(
        ..., description="Participants' invoices incl. VAT, net of credit notes."
    )
    claimed: Money = Field(..., description="Submitted and paid claims.")
    paid: Money = Field(..., description="What the funder paid of its claims.")
    remaining: Money | None = Field(..., description="The amount cap less what is committed.")
    used_percent: int | None = Field(
        ..., description="The larger share used of the two caps (None without a cap)."
    )
    state: Literal["ok", "warning", "full"] = Field(
        ..., description="warning from 80 % used; full at 100 % (new trajectories refused)."
    )


class ProgrammeOut(Schema):
    code: str
    name: str
    status: Literal["draft", "active", "ended"]
    funder: str = Field(..., description="The funder's name.")
    price: Money | None = Field(..., description="Today's standard price (excl. VAT).")
    contribution: Money | None = Field(..., description="Today's funder contribution.")
    participant_cap: Money | None = Field(..., description="Today's most a participant pays.")
    window_start: dt.date = Field(..., description="Trajectories starting from this day.")
    window_end: dt.date = Field(..., description="Trajectories starting until this day.")
    claim_period_months: int
    budget: ProgrammeBudgetOut


class ClaimCorrectsOut(Schema):
    pseudonym: str
    period: str


class ClaimLineOut(Schema):
    pseudonym: str = Field(..., description="The trajectory's number in the programme.")
    started_on: dt.date
    nace_section: str = Field(..., description="The NACE-BEL section letter (A to U).")
    size_band: str = Field(..., description="Employees: 0, 1-4, 5-9, ... 250+.")
    status: str = Field(..., description="The trajectory's status when the line was made.")
    outcome: str
    price: Money
    amount: Money = Field(..., description="Claimed by this line (negative for a correction).")
    kind: Literal["trajectory", "late", "correction"]
    corrects: ClaimCorrectsOut | None = Field(..., description="The earlier line it corrects.")
    organisation: str | None = Field(
        ..., description="Only when the programme's funder needs the names."
    )
    enterprise_number: str | None


class ClaimOut(Schema):
    code: str
    period: str = Field(..., examples=["2021Q1"])
    period_start: dt.date
    period_end: dt.date
    status: Literal["draft", "submitted", "paid"]
    trajectories: int
    total: Money
    submitted_at: dt.datetime | None
    paid_on: dt.date | None
    paid_amount: Money | None
    lines: list[ClaimLineOut]


class InvoiceOut(Schema):
    code: str
    number: str
    kind: Literal["invoice", "credit"]
    programme: str
    trajectory: str = Field(..., description="The trajectory's number in the programme.")
    buyer_name: str
    issued_on: dt.date
    due_on: dt.date
    net: Money
    vat_rate: Money = Field(..., description="In per cent.")
    vat: Money
    total: Money
    ogm: str = Field(..., examples=["+++090/9337/55493+++"])
    state: Literal["open", "partly_paid", "paid", "credited"]
    paid: Money = Field(..., description="Payments received for it.")
    credits: str | None = Field(..., description="A credit note: the invoice it cancels.")
    credit_note: str | None = Field(..., description="The credit note that cancels it.")


# Answers ---------------------------------------------------------------------------------------


class Mapped(Sequence[dict[str, Any]]):
    """A queryset whose page is turned into answers only when paginated (one budget per
    programme of the page, not of the whole list)."""

    def __init__(self, queryset: QuerySet[Any], out: Callable[[Any], dict[str, Any]]) -> None:
        self.queryset = queryset
        self.out = out

    def count(self, value: Any = None) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self.out(item) for item in self.queryset[index]]
        return self.out(self.queryset[index])


def _programme_out(programme: Programme) -> dict[str, Any]:
    terms = access.current_terms(programme)
    budget = access.budget(programme)
    return {
        "code": programme.code,
        "name": programme.name,
        "status": programme.status,
        "funder": programme.funder.name,
        "price": money(terms.price) if terms else None,
        "contribution": money(terms.contribution) if terms else None,
        "participant_cap": money(terms.participant_cap) if terms else None,
        "window_start": programme.window_start,
        "window_end": programme.window_end,
        "claim_period_months": programme.claim_period_months,
        "budget": {
            "trajectories": budget.trajectories,
            "trajectory_cap": budget.cap_trajectories,
            "remaining_trajectories": budget.remaining_trajectories,
            "amount": money(budget.cap_amount),
            "committed": money(budget.committed),
            "invoiced": money(budget.invoiced),
            "claimed": money(budget.claimed),
            "paid": money(budget.claim_paid),
            "remaining": money(budget.remaining_amount),
            "used_percent": budget.used_percent,
            "state": budget.state,
        },
    }


def _line_kind(line: ClaimLine) -> str:
    if line.corrects_id is not None:
        return "correction"
    return "late" if line.note == "late" else "trajectory"


def _claim_out(claim: FundingClaim, rights: ChapterAccess) -> dict[str, Any]:
    identity = (
        access.identified_lines(claim, rights) if claim.programme.funder_sees_identity else {}
    )
    lines = []
    for line in claim.lines.all():
        name, number = identity.get(line.pk, (None, None))
        lines.append(
            {
                "pseudonym": line.pseudonym,
                "started_on": line.started_on,
                "nace_section": line.nace_section,
                "size_band": line.size_band,
                "status": line.status,
                "outcome": line.outcome,
                "price": money(line.price),
                "amount": money(line.amount),
                "kind": _line_kind(line),
                "corrects": {
                    "pseudonym": line.corrects.pseudonym,
                    "period": line.corrects.claim.period,
                }
                if line.corrects is not None
                else None,
                "organisation": name or None,
                "enterprise_number": number or None,
            }
        )
    return {
        "code": claim.public_code,
        "period": claim.period,
        "period_start": claim.period_start,
        "period_end": claim.period_end,
        "status": claim.status,
        "trajectories": claim.trajectories,
        "total": money(claim.total),
        "submitted_at": claim.submitted_at,
        "paid_on": claim.paid_on,
        "paid_amount": money(claim.paid_amount),
        "lines": lines,
    }


# Routes ----------------------------------------------------------------------------------------


@router.get(
    "/chapters/{slug}/programmes",
    response={200: list[ProgrammeOut], **ERRORS},
    url_name="programme_list",
    summary=(
        "Programmes: every one of the chapter for a coordinator, a funder user's own (not a "
        "draft), with today's cost model, the window and the budget's use"
    ),
)
@paginate(PageNumber)
def programme_list(request: HttpRequest, slug: str) -> Any:
    rights = chapter_access(request, slug)
    found = access.programmes_for(rights, api_user(request)).order_by("-window_start", "code")
    return Mapped(found, _programme_out)


@router.get(
    "/chapters/{slug}/programmes/{code}/claims",
    response={200: list[ClaimOut], **ERRORS},
    url_name="programme_claims",
    summary=(
        "A programme's claims to its funder, newest period first, with their pseudonymous lines "
        "(a funder user: the submitted and paid ones)"
    ),
)
@paginate(PageNumber)
def programme_claims(request: HttpRequest, slug: str, code: str) -> Any:
    rights = chapter_access(request, slug)
    user = api_user(request)
    programme = access.get_programme(rights, user, code)
    found = (
        access.claims_for(rights, user, programme)
        .order_by("-period_start", "id")
        .prefetch_related("lines__corrects__claim")
    )
    return Mapped(found, lambda claim: _claim_out(claim, rights))


@router.get(
    "/chapters/{slug}/invoices/{code}",
    response={200: InvoiceOut, **ERRORS},
    url_name="invoice_detail",
    summary="One participant invoice or credit note, with its payments' state (coordinator)",
)
def invoice_detail(request: HttpRequest, slug: str, code: str) -> dict[str, Any]:
    rights = chapter_access(request, slug)
    invoice = access.get_invoice(rights, code)
    credit_note = invoice.credit_notes.first()
    return {
        "code": invoice.public_code,
        "number": invoice.number,
        "kind": invoice.kind,
        "programme": invoice.programme.code,
        "trajectory": invoice.enrolment.pseudonym,
        "buyer_name": invoice.buyer_name,
        "issued_on": invoice.issued_on,
        "due_on": invoice.due_on,
        "net": money(invoice.net),
        "vat_rate": money(invoice.vat_rate),
        "vat": money(invoice.vat),
        "total": money(invoice.total),
        "ogm": format_ogm(invoice.ogm),
        "state": access.invoice_state(invoice),
        "paid": money(getattr(invoice, "paid", None) or Decimal("0")),
        "credits": invoice.credits.number if invoice.credits else None,
        "credit_note": credit_note.number if credit_note else None,
    }
