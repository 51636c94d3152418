"""The only way to reach programmes, invoices and claims: within the chapter, by role.

A coordinator reaches everything of the chapter's programmes. A funder user reaches the
programmes their funder pays for (their budget and their submitted claims) and nothing else: not
the enrolments, not the invoices, never a name. Another chapter's row, or a programme of another
funder, is 404; a role without a funding right (caller, coach, partner, regional) is 403.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from belronde.accounts.access import ChapterAccess, require
from belronde.accounts.models import Chapter, User
from belronde.coaching.models import Trajectory
from belronde.funding.models import (
    ZERO,
    BankImport,
    ClaimLine,
    Enrolment,
    Funder,
    FundingClaim,
    ParticipantInvoice,
    Payment,
    Programme,
    Terms,
)

#: the share of the budget at which the dashboard warns
WARNING_SHARE = Decimal("0.80")


def programmes_for(access: ChapterAccess, user: User) -> QuerySet[Programme]:
    """All of the chapter's programmes for a coordinator; a funder user's funder's only."""
    require(access.can_read_funding)
    found = Programme.objects.filter(chapter=access.chapter).select_related("funder")
    if not access.can_manage_funding:
        found = found.filter(funder__users=user).exclude(status=Programme.Status.DRAFT)
    return found


def get_programme(access: ChapterAccess, user: User, code: str) -> Programme:
    programme = programmes_for(access, user).filter(code=code).first()
    if programme is None:
        raise Http404
    return programme


def funders_for(access: ChapterAccess) -> QuerySet[Funder]:
    """The chapter's funders, to choose a programme's funder from (the coordinator's)."""
    require(access.can_manage_funding)
    return Funder.objects.filter(chapter=access.chapter).order_by("name")


def terms_of(programme: Programme) -> QuerySet[Terms]:
    """The programme's cost models, the oldest first (its history)."""
    return programme.terms.order_by("valid_from")


def terms_on(programme: Programme, day: dt.date) -> Terms | None:
    """The cost model that applies to a trajectory started on ``day``."""
    return programme.terms.filter(valid_from__lte=day).order_by("-valid_from").first()


def current_terms(programme: Programme) -> Terms | None:
    return terms_on(programme, max(timezone.localdate(), programme.window_start))


def claimed_until(programme: Programme) -> dt.date | None:
    """The end of the last period covered by a submitted claim: terms and the window up to
    that day are frozen."""
    last = (
        programme.claims.exclude(status=FundingClaim.Status.DRAFT)
        .order_by("-period_end")
        .values_list("period_end", flat=True)
        .first()
    )
    return last


@dataclass(frozen=True)
class Budget:
    """Where a programme's money stands (funder contributions unless said otherwise)."""

    cap_trajectories: int | None
    cap_amount: Decimal | None
    trajectories: int
    committed: Decimal
    invoiced: Decimal  # participants' invoices incl. VAT, net of credit notes
    received: Decimal  # what participants paid
    claimed: Decimal
    claim_paid: Decimal
    refused: int

    @property
    def remaining_amount(self) -> Decimal | None:
        return None if self.cap_amount is None else self.cap_amount - self.committed

    @property
    def remaining_trajectories(self) -> int | None:
        return None if self.cap_trajectories is None else self.cap_trajectories - self.trajectories

    @property
    def used_share(self) -> Decimal | None:
        """The larger of the two shares used (trajectories, amount); None without a cap."""
        shares = []
        if self.cap_trajectories:
            shares.append(Decimal(self.trajectories) / Decimal(self.cap_trajectories))
        if self.cap_amount:
            shares.append(self.committed / self.cap_amount)
        return max(shares) if shares else None

    @property
    def used_percent(self) -> int | None:
        share = self.used_share
        return None if share is None else int(share * 100)

    @property
    def state(self) -> str:
        share = self.used_share
        if share is None or share < WARNING_SHARE:
            return Programme.Budget.OK
        return Programme.Budget.WARNING if share < 1 else Programme.Budget.FULL

    def allows(self, funder_part: Decimal) -> bool:
        """Whether one more trajectory with this funder part stays within the caps."""
        if self.cap_trajectories is not None and self.trajectories + 1 > self.cap_trajectories:
            return False
        return self.cap_amount is None or self.committed + funder_part <= self.cap_amount


def _sum(queryset: QuerySet, field: str) -> Decimal:
    return queryset.aggregate(s=Coalesce(Sum(field), ZERO))["s"] or ZERO


def budget(programme: Programme) -> Budget:
    enrolled = Enrolment.objects.filter(programme=programme, status=Enrolment.Status.ENROLLED)
    counts = enrolled.aggregate(n=Count("id"), committed=Coalesce(Sum("funder_part"), ZERO))
    invoices = ParticipantInvoice.objects.filter(programme=programme)
    claims = FundingClaim.objects.filter(programme=programme)
    return Budget(
        cap_trajectories=programme.budget_trajectories,
        cap_amount=programme.budget_amount,
        trajectories=counts["n"],
        committed=counts["committed"],
        invoiced=_sum(invoices, "total"),
        received=_sum(Payment.objects.filter(invoice__programme=programme), "amount"),
        claimed=_sum(claims.exclude(status=FundingClaim.Status.DRAFT), "total"),
        claim_paid=_sum(claims.filter(status=FundingClaim.Status.PAID), "paid_amount"),
        refused=Enrolment.objects.filter(
            programme=programme, status=Enrolment.Status.REFUSED
        ).count(),
    )


def enrolments_for(access: ChapterAccess, programme: Programme) -> QuerySet[Enrolment]:
    """Row-level: the coordinator's only (a funder sees claims, never enrolments)."""
    require(access.can_manage_funding)
    return (
        Enrolment.objects.filter(chapter=access.chapter, programme=programme)
        .select_related("trajectory", "organisation", "trajectory__coach")
        .annotate(
            invoiced=Exists(
                ParticipantInvoice.objects.filter(
                    enrolment=OuterRef("pk"), kind=ParticipantInvoice.Kind.INVOICE
                ).exclude(Exists(ParticipantInvoice.objects.filter(credits=OuterRef("pk"))))
            )
        )
    )


def unenrolled_trajectories(access: ChapterAccess, programme: Programme) -> QuerySet[Trajectory]:
    """The chapter's trajectories that no programme has enrolled or refused yet (the
    coordinator may enrol them in ``programme``), the latest start first."""
    require(access.can_manage_funding)
    if programme.chapter_id != access.chapter.pk:
        raise Http404
    return (
        Trajectory.objects.filter(chapter=access.chapter, enrolment__isnull=True)
        .select_related("organisation", "coach")
        .order_by("-started_on", "-id")
    )


def get_enrolment(access: ChapterAccess, code: str) -> Enrolment:
    require(access.can_manage_funding)
    enrolment = (
        Enrolment.objects.filter(chapter=access.chapter, public_code=code)
        .select_related("programme", "trajectory", "organisation", "terms")
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


def enrolment_of(access: ChapterAccess, trajectory_id: int) -> Enrolment | None:
    """The trajectory's enrolment (or refusal), for the coordinator's trajectory page."""
    if not access.can_manage_funding:
        return None
    return (
        Enrolment.objects.filter(chapter=access.chapter, trajectory_id=trajectory_id)
        .select_related("programme")
        .first()
    )


def with_status(invoices: QuerySet[ParticipantInvoice]) -> QuerySet[ParticipantInvoice]:
    """Annotate ``paid`` (sum of payments) and ``credited`` (a credit note exists)."""
    return invoices.annotate(
        paid=Coalesce(Sum("payments__amount"), ZERO),
        credited=Exists(ParticipantInvoice.objects.filter(credits=OuterRef("pk"))),
    )


def invoice_state(invoice: ParticipantInvoice) -> str:
    """open, partly paid, paid or credited (an invoice annotated by ``with_status``)."""
    State = ParticipantInvoice.State
    if invoice.kind == ParticipantInvoice.Kind.CREDIT_NOTE:
        return State.CREDITED
    if getattr(invoice, "credited", False):
        return State.CREDITED
    paid = getattr(invoice, "paid", ZERO) or ZERO
    if paid >= invoice.total:
        return State.PAID
    return State.PARTLY_PAID if paid > 0 else State.OPEN


def invoices_for(access: ChapterAccess) -> QuerySet[ParticipantInvoice]:
    require(access.can_manage_funding)
    return with_status(
        ParticipantInvoice.objects.filter(chapter=access.chapter).select_related(
            "programme", "enrolment", "credits"
        )
    )


def get_invoice(access: ChapterAccess, code: str) -> ParticipantInvoice:
    invoice = invoices_for(access).filter(public_code=code).first()
    if invoice is None:
        raise Http404
    return invoice


def open_invoice_of(enrolment: Enrolment) -> ParticipantInvoice | None:
    """The enrolment's invoice that has no credit note yet (at most one)."""
    return (
        with_status(
            ParticipantInvoice.objects.filter(
                enrolment=enrolment, kind=ParticipantInvoice.Kind.INVOICE
            )
        )
        .filter(credited=False)  # type: ignore[misc]
        .first()
    )


def payments_of(invoice: ParticipantInvoice) -> QuerySet[Payment]:
    """An invoice's payments (from ``get_invoice``, so already within the chapter)."""
    return invoice.payments.select_related("bank_import", "created_by").order_by("paid_on", "id")


def credit_note_of(invoice: ParticipantInvoice) -> ParticipantInvoice | None:
    """The credit note that cancels ``invoice`` (at most one), or None."""
    return invoice.credit_notes.order_by("id").first()


def payments_of_import(bank_import: BankImport) -> QuerySet[Payment]:
    """The payments one bank upload made (from ``get_bank_import``), with their invoices."""
    return bank_import.payments.select_related("invoice").order_by("paid_on", "id")


def bank_imports_for(access: ChapterAccess) -> QuerySet[BankImport]:
    require(access.can_manage_funding)
    return BankImport.objects.filter(chapter=access.chapter)


def get_bank_import(access: ChapterAccess, code: str) -> BankImport:
    found = bank_imports_for(access).filter(public_code=code).first()
    if found is None:
        raise Http404
    return found


def claims_for(access: ChapterAccess, user: User, programme: Programme) -> QuerySet[FundingClaim]:
    """A programme's claims: every one for the coordinator, the submitted ones for its funder."""
    found = FundingClaim.objects.filter(chapter=access.chapter, programme=programme)
    if not access.can_manage_funding:
        found = found.exclude(status=FundingClaim.Status.DRAFT)
    return found.select_related("programme", "programme__funder")


def get_claim(access: ChapterAccess, user: User, programme: Programme, code: str) -> FundingClaim:
    claim = claims_for(access, user, programme).filter(public_code=code).first()
    if claim is None:
        raise Http404
    return claim


def claim_lines(claim: FundingClaim) -> QuerySet[ClaimLine]:
    return claim.lines.select_related("corrects__claim").order_by("started_on", "pseudonym", "id")


def identified_lines(claim: FundingClaim, access: ChapterAccess) -> dict[int, tuple[str, str]]:
    """Names and enterprise numbers of a claim's lines: for the coordinator always, for the
    funder only when the programme says it needs them (``funder_sees_identity``)."""
    if not (access.can_manage_funding or claim.programme.funder_sees_identity):
        return {}
    rows = claim.lines.filter(enrolment__organisation__isnull=False).values_list(
        "id", "enrolment__organisation__name", "enrolment__organisation__enterprise_number"
    )
    return {pk: (name, number) for pk, name, number in rows}


def offer_end(chapter: Chapter, day: dt.date | None = None) -> dt.date | None:
    """The last start date of the chapter's programme that is open on ``day`` (today), for the
    texts that tell an entrepreneur about the offer; None when no programme is open."""
    day = day or timezone.localdate()
    return (
        Programme.objects.filter(
            chapter=chapter,
            status=Programme.Status.ACTIVE,
            window_start__lte=day,
            window_end__gte=day,
        )
        .order_by("-window_end")
        .values_list("window_end", flat=True)
        .first()
    )


@dataclass(frozen=True)
class OfferState:
    programme: Programme
    open: bool
    terms: Terms | None = None


def offer_state(chapter: Chapter, day: dt.date | None = None) -> OfferState | None:
    """The chapter's active programme open on ``day`` (the one ending last), or else the one
    that ended last, for the texts that tell an entrepreneur about the offer."""
    day = day or timezone.localdate()
    active = Programme.objects.filter(chapter=chapter, status=Programme.Status.ACTIVE)
    current = (
        active.filter(window_start__lte=day, window_end__gte=day).order_by("-window_end").first()
    )
    if current is not None:
        return OfferState(programme=current, open=True, terms=terms_on(current, day))
    ended = active.filter(window_end__lt=day).order_by("-window_end").first()
    return OfferState(programme=ended, open=False) if ended is not None else None
