"""Every change to programmes and money: one transaction, an audit event, a clear refusal.

- Programmes: created and edited by the coordinator; once a claim is submitted, the window and
  the cost model of the periods it covers are frozen (a new cost model applies from a later
  date, ``add_terms``).
- Enrolment: a trajectory is enrolled when it starts (``on_trajectory_started``, connected to
  ``coaching.signals.trajectory_started``) or later by the coordinator (``enrol``). Each rule
  that refuses is recorded by name; the coordinator may waive the rules in
  ``Enrolment.WAIVABLE`` with a reason, never the window or the budget.
- Invoices: numbered per chapter and year without gaps (``_next_sequence``), never changed,
  corrected by a credit note; payments from the bank's CSV export, matched by the structured
  communication.
- Claims: per period, pseudonymous lines, rebuilt while draft, frozen when submitted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.db.models.functions import Coalesce
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from stdnum.be import ogm_vcs

from belronde.accounts.models import Chapter, User
from belronde.audit.actions import record_event
from belronde.coaching.models import Trajectory
from belronde.finance import costsplit
from belronde.funding import access
from belronde.funding.models import (
    ZERO,
    BankImport,
    ClaimLine,
    Enrolment,
    Funder,
    FundingClaim,
    InvoiceCounter,
    ParticipantInvoice,
    Payment,
    Programme,
    Terms,
)
from belronde.lib.errors import ActionError
from belronde.members.models import Organisation

Rule = Enrolment.Rule


class FundingError(ActionError):
    code = "funding_refused"
    status = 422


class Frozen(FundingError):
    code = "frozen"
    status = 409


class EditConflict(FundingError):
    code = "conflict"
    status = 409


class NotEnrolled(FundingError):
    code = "not_enrolled"
    status = 409


class AlreadyInvoiced(FundingError):
    code = "already_invoiced"
    status = 409


class ClaimSubmitted(FundingError):
    code = "claim_submitted"
    status = 409


def _short_date(day: dt.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _money(value: object, label: str) -> Decimal:
    try:
        return costsplit.amount(value, label)
    except costsplit.SplitError:
        raise FundingError(
            _("%(field)s must be an amount of zero or more, in euro and cents.") % {"field": label}
        ) from None


# Programmes --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CostModel:
    price: Decimal
    contribution: Decimal
    participant_cap: Decimal
    hourly_rate: Decimal | None = None
    vat_funder: Decimal = ZERO
    vat_participant: Decimal = ZERO
    vat_federation: Decimal = ZERO


PROGRAMME_FIELDS = (
    "name",
    "window_start",
    "window_end",
    "budget_trajectories",
    "budget_amount",
    "require_postal_code",
    "require_member",
    "one_per_organisation",
    "funder_sees_identity",
    "claim_period_months",
    "creditor_name",
    "creditor_address",
    "creditor_vat_number",
    "iban",
    "bic",
    "payment_days",
)


def _check_cost_model(cost: CostModel) -> None:
    for value, label in (
        (cost.price, _("The price")),
        (cost.contribution, _("The funder contribution")),
        (cost.participant_cap, _("The participant cap")),
    ):
        _money(value, str(label))
    if cost.hourly_rate is not None:
        _money(cost.hourly_rate, _("The hourly rate"))
    for rate in (cost.vat_funder, cost.vat_participant, cost.vat_federation):
        if not ZERO <= Decimal(rate) <= Decimal("50"):
            raise FundingError(_("A VAT rate lies between 0 % and 50 %."))


def _check_bank(iban: str, bic: str) -> tuple[str, str]:
    from stdnum import bic as bic_number
    from stdnum import iban as iban_number
    from stdnum.exceptions import ValidationError

    try:
        clean_iban = iban_number.validate(iban)
    except ValidationError:
        raise FundingError(_("This IBAN is not valid: %(iban)s.") % {"iban": iban}) from None
    try:
        clean_bic = bic_number.validate(bic)
    except ValidationError:
        raise FundingError(_("This BIC is not valid: %(bic)s.") % {"bic": bic}) from None
    return clean_iban, clean_bic


def _check_window(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise FundingError(_("The window ends before it starts."))


@transaction.atomic
def create_funder(*, actor: User, chapter: Chapter, name: str) -> Funder:
    """A new funder of the chapter's programmes (a city, a province), by its name. Its funder
    users are linked to it by whoever manages the accounts."""
    name = " ".join(name.split())
    if not name:
        raise FundingError(_("Give the funder's name."))
    if len(name) > Funder._meta.get_field("name").max_length:  # type: ignore[operator]
        raise FundingError(_("A funder's name has at most 150 characters."))
    if Funder.objects.filter(chapter=chapter, name__iexact=name).exists():
        raise FundingError(
            _("The chapter already has a funder named %(name)s: choose it from the list.")
            % {"name": name}
        )
    base = slugify(name)[:40] or "funder"
    slug, n = base, 1
    while Funder.objects.filter(chapter=chapter, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    funder = Funder.objects.create(chapter=chapter, slug=slug, name=name)
    record_event(
        actor=actor, verb="funder.created", chapter=chapter, obj=funder, payload={"slug": slug}
    )
    return funder


@transaction.atomic
def create_programme(
    *,
    actor: User,
    chapter: Chapter,
    code: str,
    funder: Funder,
    cost: CostModel,
    status: str = Programme.Status.DRAFT,
    **fields: Any,
) -> Programme:
    if funder.chapter_id != chapter.pk:
        raise FundingError(_("This funder does not belong to the chapter."))
    if Programme.objects.filter(chapter=chapter, code=code).exists():
        raise FundingError(
            _("The chapter already has a programme with code %(code)s.") % {"code": code}
        )
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise TypeError(f"unknown programme fields: {sorted(unknown)}")
    _check_window(fields["window_start"], fields["window_end"])
    fields["iban"], fields["bic"] = _check_bank(fields["iban"], fields["bic"])
    _check_cost_model(cost)
    programme = Programme.objects.create(
        chapter=chapter, code=code, funder=funder, status=status, **fields
    )
    Terms.objects.create(
        programme=programme, valid_from=programme.window_start, created_by=actor, **vars(cost)
    )
    record_event(
        actor=actor,
        verb="programme.created",
        chapter=chapter,
        obj=programme,
        payload={"code": code, "status": status},
    )
    return programme


def _lock_programme(programme: Programme) -> Programme:
    return (
        Programme.objects.select_for_update()
        .select_related("chapter", "funder")
        .get(pk=programme.pk)
    )


@transaction.atomic
def update_programme(
    *, actor: User, programme: Programme, expected_version: int | None = None, **fields: Any
) -> Programme:
    """Change a programme's settings. Once a claim is submitted, the window's start cannot move
    and its end cannot move before the end of the last claimed period."""
    locked = _lock_programme(programme)
    if expected_version is not None and int(expected_version) != locked.version:
        raise EditConflict(
            _("Someone else changed this programme while you were editing. Check and save again.")
        )
    unknown = set(fields) - set(PROGRAMME_FIELDS) - {"status"}
    if unknown:
        raise TypeError(f"unknown programme fields: {sorted(unknown)}")
    start = fields.get("window_start", locked.window_start)
    end = fields.get("window_end", locked.window_end)
    _check_window(start, end)
    frozen_until = access.claimed_until(locked)
    if frozen_until is not None:
        if start != locked.window_start:
            raise Frozen(
                _("A claim up to %(date)s has been submitted: the window's start is frozen.")
                % {"date": _short_date(frozen_until)}
            )
        if end < frozen_until:
            raise Frozen(
                _(
                    "A claim up to %(date)s has been submitted: the window cannot end before "
                    "that day."
                )
                % {"date": _short_date(frozen_until)}
            )
    if "iban" in fields or "bic" in fields:
        fields["iban"], fields["bic"] = _check_bank(
            fields.get("iban", locked.iban), fields.get("bic", locked.bic)
        )
    changed = sorted(k for k, v in fields.items() if getattr(locked, k) != v)
    for key, value in fields.items():
        setattr(locked, key, value)
    if "window_start" in changed:
        first = locked.terms.order_by("valid_from").first()
        if first is not None and first.valid_from > start:
            Terms.objects.filter(pk=first.pk).update(valid_from=start)
    locked.version += 1
    locked.updated_at = timezone.now()
    locked.save()
    record_event(
        actor=actor,
        verb="programme.changed",
        chapter=locked.chapter,
        obj=locked,
        payload={"fields": changed},
    )
    return locked


@transaction.atomic
def add_terms(*, actor: User, programme: Programme, valid_from: dt.date, cost: CostModel) -> Terms:
    """A new cost model from ``valid_from`` on. Dates already covered by a submitted claim are
    frozen; a cost model that no claim covers yet and starts the same day is replaced."""
    locked = _lock_programme(programme)
    _check_cost_model(cost)
    frozen_until = access.claimed_until(locked)
    if frozen_until is not None and valid_from <= frozen_until:
        raise Frozen(
            _(
                "A claim up to %(date)s has been submitted: a new cost model can apply from "
                "%(next)s at the earliest."
            )
            % {
                "date": _short_date(frozen_until),
                "next": _short_date(frozen_until + dt.timedelta(days=1)),
            }
        )
    if valid_from < locked.window_start:
        raise FundingError(_("A cost model applies from the window's start at the earliest."))
    Terms.objects.filter(programme=locked, valid_from=valid_from).delete()
    terms = Terms.objects.create(
        programme=locked, valid_from=valid_from, created_by=actor, **vars(cost)
    )
    # enrolments from that day on that nothing fixed yet follow the new cost model
    for enrolment in Enrolment.objects.filter(
        programme=locked, status=Enrolment.Status.ENROLLED, started_on__gte=valid_from
    ):
        if access.open_invoice_of(enrolment) is None and not enrolment.claim_lines.exists():
            _apply_terms(enrolment, terms)
            enrolment.save()
    record_event(
        actor=actor,
        verb="programme.terms_added",
        chapter=locked.chapter,
        obj=locked,
        payload={"valid_from": valid_from.isoformat(), "price": str(cost.price)},
    )
    return terms


# Enrolment ---------------------------------------------------------------------------------------


def _apply_terms(enrolment: Enrolment, terms: Terms | None, hours: Decimal | None = None) -> None:
    if terms is None:
        enrolment.terms = None
        enrolment.price = enrolment.funder_part = ZERO
        enrolment.participant_part = enrolment.federation_part = ZERO
        return
    hours = enrolment.hours if hours is None else hours
    price = terms.price
    if hours is not None and terms.hourly_rate is not None:
        price = costsplit.amount((hours * terms.hourly_rate).quantize(costsplit.CENT), "price")
    parts = costsplit.split(price, terms.contribution, terms.participant_cap)
    enrolment.terms = terms
    enrolment.price = parts.price
    enrolment.funder_part = parts.funder
    enrolment.participant_part = parts.participant
    enrolment.federation_part = parts.federation


def _refusal(
    programme: Programme,
    organisation: Organisation | None,
    started_on: dt.date,
    waived: set[str],
    funder_part: Decimal,
    exclude: int | None = None,
) -> str:
    """The first rule that refuses, or ""; the window and the budget are never waived."""
    if not programme.in_window(started_on):
        return Rule.WINDOW
    outside = organisation is None or not programme.chapter.serves(organisation.postal_code)
    if programme.require_postal_code and Rule.CHAPTER not in waived and outside:
        return Rule.CHAPTER
    if programme.require_member and Rule.NOT_MEMBER not in waived:
        member = organisation is not None and (
            organisation.membership_status == Organisation.MembershipStatus.MEMBER
            and (organisation.member_since is None or organisation.member_since <= started_on)
        )
        if not member:
            return Rule.NOT_MEMBER
    if programme.one_per_organisation and Rule.ALREADY_FUNDED not in waived:
        others = Enrolment.objects.filter(
            programme=programme, status=Enrolment.Status.ENROLLED, organisation=organisation
        )
        if exclude is not None:
            others = others.exclude(pk=exclude)
        if organisation is not None and others.exists():
            return Rule.ALREADY_FUNDED
    if not access.budget(programme).allows(funder_part):
        return Rule.BUDGET
    return ""


def programme_for(trajectory: Trajectory) -> Programme | None:
    """The active programme a trajectory belongs to: the one whose window holds its start, else
    the nearest one (so a refusal names the window)."""
    active = Programme.objects.filter(
        chapter_id=trajectory.chapter_id, status=Programme.Status.ACTIVE
    ).select_related("chapter")
    day = trajectory.started_on
    inside = active.filter(window_start__lte=day, window_end__gte=day).order_by("-window_start")
    found = inside.first()
    if found is not None:
        return found
    before = active.filter(window_end__lt=day).order_by("-window_end").first()
    return before or active.filter(window_start__gt=day).order_by("window_start").first()


def _decide(enrolment: Enrolment, programme: Programme) -> None:
    """Apply the cost model and the rules; give a number when enrolled."""
    organisation = enrolment.organisation
    terms = access.terms_on(programme, enrolment.started_on)
    _apply_terms(enrolment, terms)
    rule = _refusal(
        programme,
        organisation,
        enrolment.started_on,
        set(enrolment.waived_rules),
        enrolment.funder_part,
        exclude=enrolment.pk,
    )
    if rule == "" and terms is None:
        rule = Rule.WINDOW
    if rule:
        enrolment.status = Enrolment.Status.REFUSED
        enrolment.refused_rule = rule
        return
    enrolment.status = Enrolment.Status.ENROLLED
    enrolment.refused_rule = ""
    if enrolment.number is None:
        enrolment.number = programme.next_enrolment_number
        Programme.objects.filter(pk=programme.pk).update(
            next_enrolment_number=F("next_enrolment_number") + 1
        )
        programme.next_enrolment_number += 1


@transaction.atomic
def enrol(
    *, actor: User | None, trajectory: Trajectory, programme: Programme | None = None
) -> Enrolment | None:
    """Enrol ``trajectory`` in ``programme`` (by default the chapter's programme for its start
    date). A refusal is recorded with its rule and returned, never raised: the trajectory goes
    on, unfunded, and the coordinator sees why. None when the chapter has no active programme."""
    programme = programme or programme_for(trajectory)
    if programme is None:
        return None
    if programme.chapter_id != trajectory.chapter_id:
        raise FundingError(_("This programme belongs to another chapter."))
    locked = _lock_programme(programme)  # one enrolment at a time: numbers and budget hold
    existing = Enrolment.objects.select_for_update().filter(trajectory=trajectory).first()
    if existing is not None:
        if existing.status == Enrolment.Status.ENROLLED:
            raise FundingError(_("This trajectory is already enrolled."))
        enrolment = existing
        enrolment.programme = locked
    else:
        enrolment = Enrolment(
            chapter_id=trajectory.chapter_id,
            programme=locked,
            trajectory=trajectory,
            organisation=trajectory.organisation,
            started_on=trajectory.started_on,
        )
    _decide(enrolment, locked)
    enrolment.version += 1 if enrolment.pk else 0
    enrolment.updated_at = timezone.now()
    enrolment.save()
    record_event(
        actor=actor,
        verb="enrolment.enrolled" if enrolment.status == "enrolled" else "enrolment.refused",
        chapter=locked.chapter,
        obj=enrolment,
        payload={
            "programme": locked.code,
            "trajectory": trajectory.public_code,
            "rule": enrolment.refused_rule,
        },
    )
    return enrolment


def on_trajectory_started(sender: object, trajectory: Trajectory, actor: User, **_: Any) -> None:
    """Receiver of ``coaching.signals.trajectory_started``: enrol in the same transaction."""
    enrol(actor=actor, trajectory=trajectory)


def refusal_message(enrolment: Enrolment) -> str:
    """Why an enrolment was refused, in words, naming the rule."""
    programme = enrolment.programme
    rule = enrolment.refused_rule
    if rule == Rule.WINDOW:
        return _(
            "Not enrolled: the trajectory started on %(day)s, outside the window of %(code)s "
            "(%(start)s to %(end)s)."
        ) % {
            "day": _short_date(enrolment.started_on),
            "code": programme.code,
            "start": _short_date(programme.window_start),
            "end": _short_date(programme.window_end),
        }
    if rule == Rule.BUDGET:
        return _("Not enrolled: the budget of %(code)s is used up.") % {"code": programme.code}
    if rule == Rule.CHAPTER:
        return _("Not enrolled: the organisation lies outside the chapter's postal codes.")
    if rule == Rule.ALREADY_FUNDED:
        return _("Not enrolled: the organisation already has a funded trajectory in %(code)s.") % {
            "code": programme.code
        }
    if rule == Rule.NOT_MEMBER:
        return _("Not enrolled: the organisation was not a member when the trajectory started.")
    return ""


@transaction.atomic
def record_exception(*, actor: User, enrolment: Enrolment, reason: str) -> Enrolment:
    """The coordinator waives the rule that refused ``enrolment`` (not the window, not the
    budget), with a reason; the other rules are checked again."""
    reason = reason.strip()
    if not reason:
        raise FundingError(_("Give the reason for the exception."))
    locked_programme = _lock_programme(enrolment.programme)
    locked = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=enrolment.pk)
    )
    if locked.status != Enrolment.Status.REFUSED:
        raise FundingError(_("This trajectory is enrolled: no exception is needed."))
    rule = locked.refused_rule
    if rule not in Enrolment.WAIVABLE:
        raise FundingError(
            _("No exception is possible for this rule: %(rule)s.")
            % {"rule": Enrolment.Rule(rule).label}
        )
    locked.waived_rules = sorted({*locked.waived_rules, rule})
    locked.exception_reason = (
        f"{locked.exception_reason}\n{reason}".strip() if locked.exception_reason else reason
    )[:500]
    locked.exception_by = actor
    _decide(locked, locked_programme)
    locked.version += 1
    locked.updated_at = timezone.now()
    locked.save()
    record_event(
        actor=actor,
        verb="enrolment.exception",
        chapter=locked_programme.chapter,
        obj=locked,
        payload={"waived": rule, "status": locked.status, "rule": locked.refused_rule},
    )
    return locked


@transaction.atomic
def set_hours(
    *, actor: User, enrolment: Enrolment, hours: Decimal | None, expected_version: int | None
) -> Enrolment:
    """A tailored trajectory: the price becomes hours x the programme's hourly rate (None goes
    back to the standard price). Refused once the participant has an invoice that is not
    credited (credit it first)."""
    programme = _lock_programme(enrolment.programme)
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if expected_version is not None and int(expected_version) != locked.version:
        raise EditConflict(
            _("Someone else changed this enrolment while you were editing. Check and save again.")
        )
    if locked.status != Enrolment.Status.ENROLLED:
        raise NotEnrolled(_("This trajectory is not enrolled in the programme."))
    if access.open_invoice_of(locked) is not None:
        raise AlreadyInvoiced(
            _("The participant has been invoiced: credit the invoice before changing the price.")
        )
    if hours is not None and (hours <= 0 or hours > Decimal("1000")):
        raise FundingError(_("The hours lie between 0 and 1,000."))
    terms = locked.terms or access.terms_on(programme, locked.started_on)
    if hours is not None and (terms is None or terms.hourly_rate is None):
        raise FundingError(_("This programme has no hourly rate for tailored trajectories."))
    old_funder = locked.funder_part
    locked.hours = hours
    _apply_terms(locked, terms)
    if locked.funder_part > old_funder:
        bud = access.budget(programme)
        if bud.cap_amount is not None and bud.committed - old_funder + locked.funder_part > (
            bud.cap_amount
        ):
            raise FundingError(_("This price would take the programme over its budget."))
    locked.version += 1
    locked.updated_at = timezone.now()
    locked.save()
    record_event(
        actor=actor,
        verb="enrolment.price_changed",
        chapter=programme.chapter,
        obj=locked,
        payload={"hours": str(hours) if hours is not None else "", "price": str(locked.price)},
    )
    return locked


# Invoices ----------------------------------------------------------------------------------------


def _next_sequence(chapter: Chapter, year: int) -> int:
    """The next invoice number of the chapter's year, in the caller's transaction.

    The conditional UPDATE takes the counter row's lock (PostgreSQL) or the database's write lock
    (SQLite, IMMEDIATE transactions) until the transaction ends: a second issuer waits, then
    reads the incremented value; a rollback gives the number back, so there are no gaps."""
    for _attempt in range(3):
        if InvoiceCounter.objects.filter(chapter=chapter, year=year).update(last=F("last") + 1):
            return InvoiceCounter.objects.get(chapter=chapter, year=year).last
        try:
            with transaction.atomic():
                InvoiceCounter.objects.create(chapter=chapter, year=year, last=1)
            return 1
        except IntegrityError:  # another process created this year's counter first
            continue
    raise RuntimeError("invoice counter unavailable")


def _ogm(chapter: Chapter, year: int, sequence: int) -> str:
    """A structured communication that holds the chapter, the year and the sequence."""
    base = f"{chapter.pk % 1000:03d}{year % 100:02d}{sequence % 100000:05d}"
    return base + ogm_vcs.calc_check_digits(base)


def format_ogm(ogm: str) -> str:
    return f"+++{ogm_vcs.format(ogm)}+++"


def _invoice_number(chapter: Chapter, year: int, sequence: int) -> str:
    return f"{chapter.slug.upper()[:12]}-{year}-{sequence:05d}"


def _buyer(organisation: Organisation | None) -> dict[str, str]:
    if organisation is None:
        return {"buyer_name": "—", "buyer_address": "", "buyer_enterprise_number": ""}
    street = " ".join(p for p in (organisation.street, organisation.house_number) if p)
    town = " ".join(p for p in (organisation.postal_code, organisation.municipality) if p)
    return {
        "buyer_name": organisation.display_name[:200],
        "buyer_address": ", ".join(p for p in (street, town) if p)[:300],
        "buyer_enterprise_number": organisation.enterprise_number or "",
    }


def _language(organisation: Organisation | None) -> str:
    """The invoice's language: the main contact's (nl, en, fr), Dutch otherwise."""
    if organisation is None:
        return "nl"
    person = organisation.persons.order_by("-is_primary", "pk").first()
    language = getattr(person, "language", "") or "nl"
    return language if language in {"nl", "en", "fr"} else "nl"


def _issue(
    *,
    actor: User,
    chapter: Chapter,
    enrolment: Enrolment,
    issued_on: dt.date,
    net: Decimal,
    vat_rate: Decimal,
    description: str,
    kind: str,
    credits: ParticipantInvoice | None = None,
    reason: str = "",
    buyer: dict[str, str] | None = None,
    language: str | None = None,
) -> ParticipantInvoice:
    year = issued_on.year
    sequence = _next_sequence(chapter, year)
    vat = costsplit.vat(abs(net), vat_rate) * (1 if net >= 0 else -1)
    return ParticipantInvoice.objects.create(
        chapter=chapter,
        kind=kind,
        year=year,
        sequence=sequence,
        number=_invoice_number(chapter, year, sequence),
        credits=credits,
        enrolment=enrolment,
        programme=enrolment.programme,
        organisation=enrolment.organisation,
        language=language or _language(enrolment.organisation),
        description=description[:300],
        issued_on=issued_on,
        due_on=issued_on + dt.timedelta(days=enrolment.programme.payment_days),
        net=net,
        vat_rate=vat_rate,
        vat=vat,
        total=net + vat,
        ogm=_ogm(chapter, year, sequence),
        reason=reason,
        created_by=actor,
        **(buyer or _buyer(enrolment.organisation)),
    )


@transaction.atomic
def issue_invoice(
    *, actor: User, enrolment: Enrolment, issued_on: dt.date | None = None
) -> ParticipantInvoice:
    """Invoice the participant's part of an enrolled trajectory (once; after a credit note,
    again)."""
    locked = (
        Enrolment.objects.select_for_update(of=("self",))  # the joined rows may be NULL
        .select_related("programme", "chapter", "terms", "organisation")
        .get(pk=enrolment.pk)
    )
    if locked.status != Enrolment.Status.ENROLLED:
        raise NotEnrolled(_("Only an enrolled trajectory is invoiced."))
    if locked.participant_part <= 0:
        raise FundingError(_("The participant pays nothing for this trajectory."))
    if access.open_invoice_of(locked) is not None:
        raise AlreadyInvoiced(_("This trajectory has been invoiced already."))
    issued_on = issued_on or timezone.localdate()
    rate = locked.terms.vat_participant if locked.terms else ZERO
    invoice = _issue(
        actor=actor,
        chapter=locked.chapter,
        enrolment=locked,
        issued_on=issued_on,
        net=locked.participant_part,
        vat_rate=rate,
        description=f"{locked.programme.name} · {locked.pseudonym}",
        kind=ParticipantInvoice.Kind.INVOICE,
    )
    record_event(
        actor=actor,
        verb="invoice.issued",
        chapter=locked.chapter,
        obj=invoice,
        payload={"number": invoice.number, "total": str(invoice.total)},
    )
    return invoice


def _credit_description(invoice: ParticipantInvoice) -> str:
    """In the participant's language, as the rest of the credit note."""
    with translation.override(invoice.language):
        return _("Credit note for invoice %(number)s") % {"number": invoice.number}


@transaction.atomic
def issue_credit_note(
    *, actor: User, invoice: ParticipantInvoice, reason: str, issued_on: dt.date | None = None
) -> ParticipantInvoice:
    """Cancel ``invoice`` by a credit note for its full amount, which refers to it."""
    reason = reason.strip()
    if not reason:
        raise FundingError(_("Give the reason for the credit note."))
    locked = (
        ParticipantInvoice.objects.select_for_update()
        .select_related("enrolment", "enrolment__programme", "chapter")
        .get(pk=invoice.pk)
    )
    if locked.kind != ParticipantInvoice.Kind.INVOICE:
        raise FundingError(_("A credit note cannot be credited."))
    if ParticipantInvoice.objects.filter(credits=locked).exists():
        raise AlreadyInvoiced(_("This invoice has been credited already."))
    note = _issue(
        actor=actor,
        chapter=locked.chapter,
        enrolment=locked.enrolment,
        issued_on=issued_on or timezone.localdate(),
        net=-locked.net,
        vat_rate=locked.vat_rate,
        description=_credit_description(locked),
        kind=ParticipantInvoice.Kind.CREDIT_NOTE,
        credits=locked,
        reason=reason[:500],
        buyer={
            "buyer_name": locked.buyer_name,
            "buyer_address": locked.buyer_address,
            "buyer_enterprise_number": locked.buyer_enterprise_number,
        },
        language=locked.language,
    )
    record_event(
        actor=actor,
        verb="invoice.credited",
        chapter=locked.chapter,
        obj=locked,
        payload={"credit_note": note.number},
    )
    return note


@transaction.atomic
def record_payment(
    *, actor: User, invoice: ParticipantInvoice, amount: Decimal, paid_on: dt.date
) -> Payment:
    if invoice.kind != ParticipantInvoice.Kind.INVOICE:
        raise FundingError(_("A payment is recorded on an invoice, not on a credit note."))
    value = _money(amount, _("The amount"))
    if value <= 0:
        raise FundingError(_("A payment is more than zero."))
    payment = Payment.objects.create(
        chapter_id=invoice.chapter_id,
        invoice=invoice,
        amount=value,
        paid_on=paid_on,
        created_by=actor,
    )
    record_event(
        actor=actor,
        verb="invoice.payment",
        chapter=invoice.chapter,
        obj=invoice,
        payload={"amount": str(value)},
    )
    return payment


def record_invoice_download(
    *, actor: User, invoice: ParticipantInvoice, request: Any = None
) -> None:
    """The PDF of an invoice or credit note was downloaded (who, which number)."""
    record_event(
        actor=actor,
        verb="invoice.downloaded",
        chapter=invoice.chapter,
        obj=invoice,
        payload={"number": invoice.number, "kind": invoice.kind},
        request=request,
    )


@dataclass
class BankResult:
    bank_import: BankImport
    matched: list[tuple[int, str]]  # row, invoice number


def not_matched_message(code: str) -> str:
    return {
        "no_ogm": _("no structured communication"),
        "unknown_ogm": _("no invoice with this structured communication"),
        "credited": _("the invoice has been credited"),
        "overpaid": _("paid more than the open amount (recorded; refund or contact the payer)"),
        "problem": _("the line could not be read"),
    }.get(code, code)


@transaction.atomic
def import_bank_csv(*, actor: User, chapter: Chapter, filename: str, data: bytes) -> BankResult:
    """Mark invoices paid from the bank's CSV export: every incoming line whose structured
    communication is one of the chapter's invoices becomes a payment (once: the same line in a
    second upload is recognised); the rest is reported with the reason."""
    from belronde.finance import bankcsv

    try:
        statement = bankcsv.parse_bank_csv(data)
    except bankcsv.BankCsvError as error:
        raise FundingError(bank_problem_message(error.code, dict(error.params))) from None
    digest = hashlib.sha256(data).hexdigest()
    report: list[dict[str, Any]] = []
    for problem in statement.problems:
        if not problem.skipped:  # the line itself is matched or reported below
            continue
        report.append(
            {
                "row": problem.row,
                "reason": "problem",
                "detail": bank_problem_message(problem.code, dict(problem.params)),
                "column": problem.column,
            }
        )
    incoming = [line for line in statement.lines if line.amount > 0]
    ogms = {line.ogm for line in incoming if line.ogm}
    invoices = {
        inv.ogm: inv
        for inv in access.with_status(
            ParticipantInvoice.objects.filter(
                chapter=chapter, ogm__in=ogms, kind=ParticipantInvoice.Kind.INVOICE
            )
        )
    }
    known = set(
        Payment.objects.filter(
            chapter=chapter, fingerprint__in=[line.fingerprint for line in incoming]
        ).values_list("fingerprint", flat=True)
    )
    batch = BankImport.objects.create(
        chapter=chapter,
        filename=filename[:255],
        sha256=digest,
        layout=statement.layout[:30],
        lines=len(statement.lines),
        uploaded_by=actor,
    )
    matched: list[tuple[int, str]] = []
    already = 0
    paid_now: dict[int, Decimal] = {}
    for line in incoming:
        base = {
            "row": line.row,
            "date": line.booked_on.isoformat(),
            "amount": str(line.amount),
            "counterparty": line.counterparty[:100],
            "communication": line.communication[:140],
        }
        if line.fingerprint in known:
            already += 1
            continue
        if not line.ogm:
            report.append({**base, "reason": "no_ogm"})
            continue
        invoice = invoices.get(line.ogm)
        if invoice is None:
            report.append({**base, "reason": "unknown_ogm", "ogm": format_ogm(line.ogm)})
            continue
        if invoice.credited:  # type: ignore[attr-defined]
            report.append({**base, "reason": "credited", "invoice": invoice.number})
            continue
        Payment.objects.create(
            chapter=chapter,
            invoice=invoice,
            amount=line.amount,
            paid_on=line.booked_on,
            bank_import=batch,
            fingerprint=line.fingerprint,
            counterparty=line.counterparty[:200],
            created_by=actor,
        )
        known.add(line.fingerprint)
        paid = invoice.paid + paid_now.get(invoice.pk, ZERO) + line.amount  # type: ignore[attr-defined]
        paid_now[invoice.pk] = paid_now.get(invoice.pk, ZERO) + line.amount
        matched.append((line.row, invoice.number))
        if paid > invoice.total:
            report.append({**base, "reason": "overpaid", "invoice": invoice.number})
    batch.matched = len(matched)
    batch.already_known = already
    batch.report = sorted(report, key=lambda r: r["row"])
    batch.save(update_fields=["matched", "already_known", "report"])
    record_event(
        actor=actor,
        verb="invoice.bank_import",
        chapter=chapter,
        obj=batch,
        payload={"lines": batch.lines, "matched": batch.matched, "not_matched": len(report)},
    )
    return BankResult(bank_import=batch, matched=matched)


def bank_problem_message(code: str, params: dict[str, Any] | None = None) -> str:
    params = params or {}
    messages = {
        "empty": _("The file is empty."),
        "no_header": _(
            "No bank export header found: export the account's transactions as CSV from your "
            "bank (with the column names on the first line)."
        ),
        "bad_date": _("The date cannot be read."),
        "bad_amount": _("The amount cannot be read."),
        "encoding": _("The file's characters cannot be read."),
        "encoding_utf16": _("The file is in UTF-16: export it as CSV in UTF-8 or Windows-1252."),
        "nul": _("The file holds NUL bytes: it is not a CSV export."),
        "too_large": _("The file is larger than 10 MB."),
        "not_eur": _("The amount is not in euro."),
        "refused": _("The bank refused this transfer."),
        "bad_ogm": _("The structured communication has wrong check digits."),
    }
    text = messages.get(code, _("This line cannot be read."))
    value = params.get("value")
    return f"{text} ({value})" if value else text


# Claims ------------------------------------------------------------------------------------------

PERIOD = re.compile(r"^(\d{4})(?:Q([1-4])|M(0[1-9]|1[0-2])|Y)?$")


def period_bounds(programme: Programme, period: str) -> tuple[str, dt.date, dt.date]:
    """The canonical name and the dates of a claim period: 2021Q1, 2021M03 or 2021 (2021Y),
    which must match the programme's claim period."""
    found = PERIOD.match(period.strip().upper())
    if not found:
        raise FundingError(
            _("A period is written as 2021Q1 (quarter), 2021M03 (month) or 2021 (year).")
        )
    year = int(found.group(1))
    months = programme.claim_period_months
    if found.group(2):
        size, first = 3, (int(found.group(2)) - 1) * 3 + 1
        name = f"{year}Q{found.group(2)}"
    elif found.group(3):
        size, first = 1, int(found.group(3))
        name = f"{year}M{found.group(3)}"
    else:
        size, first = 12, 1
        name = f"{year}Y"
    if size != months:
        raise FundingError(
            _("This programme claims per %(months)s month(s): use a period of that length.")
            % {"months": months}
        )
    start = dt.date(year, first, 1)
    last_month = first + size - 1
    end = (
        dt.date(year, 12, 31)
        if last_month == 12
        else dt.date(year, last_month + 1, 1) - dt.timedelta(days=1)
    )
    return name, start, end


def period_of(programme: Programme, day: dt.date) -> str:
    months = programme.claim_period_months
    if months == 3:
        return f"{day.year}Q{(day.month - 1) // 3 + 1}"
    if months == 1:
        return f"{day.year}M{day.month:02d}"
    return f"{day.year}Y"


def _claimed_so_far(enrolment: Enrolment) -> tuple[Decimal, ClaimLine | None]:
    lines = ClaimLine.objects.filter(enrolment=enrolment).exclude(
        claim__status=FundingClaim.Status.DRAFT
    )
    total = lines.aggregate(s=Coalesce(Sum("amount"), ZERO))["s"] or ZERO
    return total, lines.order_by("-claim__period_end", "-id").first()


def _build_lines(claim: FundingClaim) -> None:
    programme = claim.programme
    claim.lines.all().delete()
    enrolments = (
        Enrolment.objects.filter(
            programme=programme,
            status=Enrolment.Status.ENROLLED,
            started_on__lte=claim.period_end,
        )
        .select_related("organisation", "trajectory")
        .order_by("started_on", "number")
    )
    lines = []
    for enrolment in enrolments:
        so_far, last = _claimed_so_far(enrolment)
        amount = enrolment.funder_part - so_far
        if amount == 0:
            continue
        organisation = enrolment.organisation
        trajectory = enrolment.trajectory
        note = ""
        if last is not None:
            note = "correction"
        elif enrolment.started_on < claim.period_start:
            note = "late"
        lines.append(
            ClaimLine(
                claim=claim,
                enrolment=enrolment,
                pseudonym=enrolment.pseudonym,
                started_on=enrolment.started_on,
                nace_section=organisation.nace_section if organisation else "",
                size_band=organisation.size_band if organisation else "",
                status=trajectory.status if trajectory else "",
                outcome=trajectory.outcome if trajectory else "",
                price=enrolment.price,
                amount=amount,
                corrects=last,
                note=note,
            )
        )
    ClaimLine.objects.bulk_create(lines)
    claim.trajectories = sum(1 for line in lines if line.corrects is None)
    claim.total = sum((line.amount for line in lines), ZERO)


@transaction.atomic
def prepare_claim(*, actor: User, programme: Programme, period: str) -> FundingClaim:
    """Make (or rebuild) the draft claim of ``period``."""
    locked = _lock_programme(programme)
    name, start, end = period_bounds(locked, period)
    if start > timezone.localdate():
        raise FundingError(_("This period has not started yet."))
    claim = FundingClaim.objects.select_for_update().filter(programme=locked, period=name).first()
    if claim is None:
        claim = FundingClaim.objects.create(
            chapter=locked.chapter,
            programme=locked,
            period=name,
            period_start=start,
            period_end=end,
        )
        verb = "claim.prepared"
    elif not claim.is_draft:
        raise ClaimSubmitted(
            _(
                "The claim for %(period)s has been submitted: it cannot change. Corrections "
                "go into the claim of a later period."
            )
            % {"period": name}
        )
    else:
        verb = "claim.refreshed"
    _build_lines(claim)
    claim.version += 1
    claim.updated_at = timezone.now()
    claim.save()
    record_event(
        actor=actor,
        verb=verb,
        chapter=locked.chapter,
        obj=claim,
        payload={"period": name, "total": str(claim.total), "lines": claim.lines.count()},
    )
    return claim


@transaction.atomic
def submit_claim(
    *, actor: User, claim: FundingClaim, expected_version: int | None = None
) -> FundingClaim:
    """Freeze the draft (rebuilt first, so it holds what is true now) and submit it."""
    _lock_programme(claim.programme)
    locked = FundingClaim.objects.select_for_update().select_related("programme").get(pk=claim.pk)
    if not locked.is_draft:
        raise ClaimSubmitted(_("This claim has been submitted already."))
    if expected_version is not None and int(expected_version) != locked.version:
        raise EditConflict(
            _("The claim changed since you opened it: check its lines and submit again.")
        )
    earlier_draft = FundingClaim.objects.filter(
        programme=locked.programme,
        status=FundingClaim.Status.DRAFT,
        period_end__lt=locked.period_start,
        lines__isnull=False,  # an empty earlier draft has nothing to submit: it never blocks
    ).exists()
    if earlier_draft:
        raise FundingError(_("Submit the claims of earlier periods first."))
    _build_lines(locked)
    if not locked.lines.exists():
        raise FundingError(_("This claim holds no trajectory: there is nothing to submit."))
    locked.status = FundingClaim.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.submitted_by = actor
    locked.version += 1
    locked.updated_at = timezone.now()
    locked.save()
    record_event(
        actor=actor,
        verb="claim.submitted",
        chapter=locked.chapter,
        obj=locked,
        payload={"period": locked.period, "total": str(locked.total)},
    )
    return locked


@transaction.atomic
def mark_claim_paid(
    *, actor: User, claim: FundingClaim, paid_on: dt.date, amount: Decimal | None = None
) -> FundingClaim:
    locked = FundingClaim.objects.select_for_update().get(pk=claim.pk)
    if locked.status != FundingClaim.Status.SUBMITTED:
        raise FundingError(_("Only a submitted claim is marked paid."))
    value = locked.total if amount is None else _money(amount, _("The amount"))
    if locked.submitted_at and paid_on < timezone.localdate(locked.submitted_at):
        raise FundingError(_("A claim is paid after it was submitted."))
    locked.status = FundingClaim.Status.PAID
    locked.paid_on = paid_on
    locked.paid_amount = value
    locked.version += 1
    locked.updated_at = timezone.now()
    locked.save()
    record_event(
        actor=actor,
        verb="claim.paid",
        chapter=locked.chapter,
        obj=locked,
        payload={"amount": str(value), "paid_on": paid_on.isoformat()},
    )
    return locked
