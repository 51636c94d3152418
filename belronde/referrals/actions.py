"""Every state change of referrals: consent texts, consents, referrals, triage decisions.

The rule that matters most lives here, not in a view: **no referral without valid consent**
(given, not withdrawn, not expired, for this service and this organisation). The web form, the
API and the ``refer`` command all call :func:`create_referral`, which checks it under a row lock
so a withdrawal at the same moment cannot slip through.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from belronde.accounts.models import User
from belronde.audit.actions import record_event
from belronde.lib.errors import ActionError
from belronde.referrals import sharing, triage
from belronde.referrals.models import (
    Consent,
    ConsentText,
    Language,
    Referral,
    ReferralEvent,
    Service,
    TriageDecision,
)

if TYPE_CHECKING:
    from belronde.accounts.models import Chapter, PartnerOrganisation
    from belronde.conversations.models import Conversation
    from belronde.members.models import Organisation, Person

Status = Referral.Status


class ReferralError(ActionError):
    """A referral request that cannot be carried out (``belronde.lib.errors``)."""


class ConsentRequired(ReferralError):
    code = "consent_required"
    status = 409


class WrongStatus(ReferralError):
    code = "wrong_status"
    status = 409


# Services ---------------------------------------------------------------------------------------

SERVICE_FIELDS = (
    "name",
    "alternate_name",
    "organisation_name",
    "description",
    "url",
    "email",
    "phone",
    "status",
    "eligibility_description",
    "application_process",
    "fees_description",
    "service_area",
    "languages",
    "contact_name",
    "contact_email",
    "contact_phone",
    "shared_fields",
    "consent_valid_days",
    "requires_review",
)


def _check_service(chapter: Chapter, kind: str, partner: PartnerOrganisation | None) -> None:
    if kind not in Service.Kind.values:
        raise ReferralError(_("Unknown kind of service."))
    if kind == Service.Kind.PARTNER and partner is None:
        raise ReferralError(_("A partner service needs a partner organisation."))
    if kind == Service.Kind.COACHING and partner is not None:
        raise ReferralError(_("The federation's coaching has no partner organisation."))


def _clean_service_fields(fields: dict[str, Any], *, partner: bool) -> dict[str, Any]:
    clean = {k: v for k, v in fields.items() if k in SERVICE_FIELDS}
    if "shared_fields" in clean:
        clean["shared_fields"] = sharing.clean_codes(clean["shared_fields"], partner=partner)
    if "languages" in clean:
        clean["languages"] = [c for c in Language.values if c in set(clean["languages"])]
    if "name" in clean and not str(clean["name"]).strip():
        raise ReferralError(_("A service needs a name."))
    if "consent_valid_days" in clean and not 1 <= int(clean["consent_valid_days"]) <= 3650:
        raise ReferralError(_("Consent is valid for 1 to 3650 days."))
    return clean


@transaction.atomic
def create_service(
    *,
    actor: User | None,
    chapter: Chapter,
    kind: str,
    partner_organisation: PartnerOrganisation | None = None,
    **fields: Any,
) -> Service:
    _check_service(chapter, kind, partner_organisation)
    partner = kind == Service.Kind.PARTNER
    clean = _clean_service_fields(fields, partner=partner)
    if "shared_fields" not in clean:
        clean["shared_fields"] = list(
            sharing.PARTNER_DEFAULT if partner else sharing.COACHING_DEFAULT
        )
    if Service.objects.filter(chapter=chapter, name=clean.get("name", "")).exists():
        raise ReferralError(_("This chapter already has a service with that name."))
    service = Service.objects.create(
        chapter=chapter, kind=kind, partner_organisation=partner_organisation, **clean
    )
    record_event(actor=actor, verb="service.created", chapter=chapter, obj=service)
    return service


@transaction.atomic
def update_service(*, actor: User, service: Service, **fields: Any) -> Service:
    clean = _clean_service_fields(fields, partner=service.is_partner)
    if (
        "name" in clean
        and Service.objects.filter(chapter=service.chapter, name=clean["name"])
        .exclude(pk=service.pk)
        .exists()
    ):
        raise ReferralError(_("This chapter already has a service with that name."))
    changed = [k for k, v in clean.items() if getattr(service, k) != v]
    if changed:
        for key in changed:
            setattr(service, key, clean[key])
        service.updated_at = timezone.now()
        service.save(update_fields=[*changed, "updated_at"])
        record_event(
            actor=actor,
            verb="service.updated",
            chapter=service.chapter,
            obj=service,
            payload={"fields": changed},
        )
    return service


# Consent texts ----------------------------------------------------------------------------------


def current_text(service: Service, language: str) -> ConsentText | None:
    return (
        ConsentText.objects.filter(service=service, language=language).order_by("-version").first()
    )


def text_for(service: Service, language: str) -> ConsentText | None:
    """The current text in the language, or the Dutch one when there is none in it."""
    return current_text(service, language) or current_text(service, Language.DUTCH)


@transaction.atomic
def add_consent_text(
    *, actor: User | None, service: Service, language: str, text: str
) -> ConsentText:
    text = text.strip()
    if language not in Language.values:
        raise ReferralError(_("Unknown language: %(language)s.") % {"language": language})
    if len(text) < 20:
        raise ReferralError(_("A consent text needs at least 20 characters."))
    Service.objects.select_for_update().filter(pk=service.pk).first()  # serialise versions
    latest = current_text(service, language)
    if latest is not None and latest.text == text:
        return latest
    consent_text = ConsentText.objects.create(
        chapter=service.chapter,
        service=service,
        language=language,
        version=(latest.version + 1) if latest else 1,
        text=text,
        created_by=actor,
    )
    record_event(
        actor=actor,
        verb="consent_text.added",
        chapter=service.chapter,
        obj=service,
        payload={"language": language, "version": consent_text.version},
    )
    return consent_text


# Consents ---------------------------------------------------------------------------------------


def purpose_for(service: Service) -> str:
    return _("Referral to %(service)s (%(organisation)s)") % {
        "service": service.name,
        "organisation": service.organisation_name,
    }


@transaction.atomic
def record_consent(
    *,
    actor: User,
    service: Service,
    organisation: Organisation,
    text: ConsentText,
    answer: str,
    method: str,
    person: Person | None = None,
    conversation: Conversation | None = None,
    now: dt.datetime | None = None,
) -> Consent:
    """Record the entrepreneur's answer (given or refused) to the consent text read to them."""
    now = now or timezone.now()
    if organisation.chapter_id != service.chapter_id:
        raise ReferralError(_("This service belongs to another chapter."))
    if text.service_id != service.pk:
        raise ReferralError(_("This consent text is not the one for this service."))
    if answer not in Consent.Answer.values:
        raise ReferralError(_("Record whether consent was given or refused."))
    if method not in Consent.Method.values:
        raise ReferralError(_("Record how the consent was given."))
    if person is not None and person.organisation_id != organisation.pk:
        raise ReferralError(_("This contact person works for another organisation."))
    if conversation is not None and conversation.organisation_id != organisation.pk:
        raise ReferralError(_("This conversation is about another organisation."))
    consent = Consent.objects.create(
        chapter=service.chapter,
        organisation=organisation,
        person=person,
        purpose=purpose_for(service),
        service=service,
        recipient=service.organisation_name,
        partner_organisation=service.partner_organisation,
        text=text,
        text_version=text.version,
        text_hash=text.text_hash,
        language=text.language,
        answer=answer,
        method=method,
        captured_by=actor,
        captured_at=now,
        expires_at=now + dt.timedelta(days=service.consent_valid_days),
        conversation=conversation,
    )
    record_event(
        actor=actor,
        verb="consent.recorded",
        chapter=service.chapter,
        obj=consent,
        payload={
            "answer": answer,
            "service": service.public_code,
            "organisation": organisation.public_code,
            "text_version": text.version,
            "language": text.language,
        },
    )
    return consent


@transaction.atomic
def withdraw_consent(
    *, actor: User, consent: Consent, method: str, now: dt.datetime | None = None
) -> Consent:
    """The entrepreneur withdraws: from the next request on, the recipient no longer sees the
    referrals made with this consent (they get 404)."""
    now = now or timezone.now()
    if method not in Consent.Method.values:
        raise ReferralError(_("Record how the consent was withdrawn."))
    locked = Consent.objects.select_for_update().get(pk=consent.pk)
    if locked.answer != Consent.Answer.GIVEN:
        raise ReferralError(_("Consent was refused: there is nothing to withdraw."))
    if locked.withdrawn_at is not None:
        raise ReferralError(_("This consent has already been withdrawn."))
    locked.withdrawn_at = now
    locked.withdrawn_by = actor
    locked.withdrawal_method = method
    locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_method"])
    open_referrals = list(locked.referrals.values_list("public_code", flat=True))
    record_event(
        actor=actor,
        verb="consent.withdrawn",
        chapter=locked.chapter,
        obj=locked,
        payload={"method": method, "referrals": open_referrals[:20]},
    )
    return locked


# Referrals --------------------------------------------------------------------------------------


def _event(referral: Referral, status: str, actor: User | None, note: str = "") -> None:
    ReferralEvent.objects.create(
        referral=referral,
        status=status,
        actor=actor,
        actor_label=actor.display_name if actor else "",
        note=note[:1000],
    )


def _notify(task_name: str, referral: Referral) -> None:
    from belronde.referrals import tasks

    task = getattr(tasks, task_name)
    transaction.on_commit(partial(task.enqueue, referral.pk))


def check_consent(
    consent: Consent | None,
    *,
    service: Service,
    organisation: Organisation,
    now: dt.datetime | None = None,
) -> Consent:
    """The consent, locked, when it allows this referral; ConsentRequired otherwise."""
    if consent is None:
        raise ConsentRequired(_("A referral needs the entrepreneur's consent: record it first."))
    locked = Consent.objects.select_for_update().filter(pk=consent.pk).first()
    if locked is None:
        raise ConsentRequired(_("A referral needs the entrepreneur's consent: record it first."))
    if locked.service_id != service.pk or locked.organisation_id != organisation.pk:
        raise ConsentRequired(_("This consent was given for another service or organisation."))
    if locked.answer != Consent.Answer.GIVEN:
        raise ConsentRequired(_("The entrepreneur refused consent: no referral is possible."))
    if locked.withdrawn_at is not None:
        raise ConsentRequired(_("This consent has been withdrawn: no referral is possible."))
    if not locked.is_valid(now):
        raise ConsentRequired(_("This consent has expired: ask the entrepreneur again."))
    return locked


@transaction.atomic
def create_referral(
    *,
    actor: User,
    service: Service,
    organisation: Organisation,
    consent: Consent | None,
    reason: str,
    urgency: str = Referral.Urgency.NORMAL,
    conversation: Conversation | None = None,
    person: Person | None = None,
    notify: bool = True,
    now: dt.datetime | None = None,
) -> Referral:
    """Refer an organisation to a service. Refused without valid consent, whatever the caller."""
    now = now or timezone.now()
    reason = reason.strip()
    if organisation.chapter_id != service.chapter_id:
        raise ReferralError(_("This service belongs to another chapter."))
    locked = check_consent(consent, service=service, organisation=organisation, now=now)
    if not service.is_active:
        raise ReferralError(_("This service does not take referrals at the moment."))
    if not reason:
        raise ReferralError(_("Say why you refer: a short summary of the problem."))
    if urgency not in Referral.Urgency.values:
        raise ReferralError(_("Unknown urgency."))
    if conversation is not None and conversation.organisation_id != organisation.pk:
        raise ReferralError(_("This conversation is about another organisation."))
    person = person or locked.person or (conversation.person if conversation else None)
    source = sharing.Source(
        organisation=organisation,
        person=person,
        conversation=conversation,
        reason=reason,
        urgency=urgency,
        referrer=actor,
    )
    codes = sharing.clean_codes(service.shared_fields, partner=service.is_partner)
    referral = Referral.objects.create(
        chapter=service.chapter,
        conversation=conversation,
        organisation=organisation,
        person=person,
        service=service,
        consent=locked,
        reason=reason,
        urgency=urgency,
        shared_fields=codes,
        shared_data=sharing.snapshot(codes, source, partner=service.is_partner),
        status=Status.PROPOSED,
        created_by=actor,
        created_at=now,
        status_changed_at=now,
    )
    _event(referral, Status.PROPOSED, actor)
    record_event(
        actor=actor,
        verb="referral.created",
        chapter=service.chapter,
        obj=referral,
        payload={
            "service": service.public_code,
            "consent": locked.public_code,
            "fields": codes,
            "urgency": urgency,
        },
    )
    if conversation is not None:
        record_triage_decision(
            actor=actor,
            conversation=conversation,
            decision=TriageDecision.Decision.REFER,
            service=service,
            referral=referral,
        )
    if not service.requires_review:
        _send(referral, actor=actor, notify=notify)
    return referral


def _transition(referral: Referral, to: str, *, allowed_from: set[str], actor: User) -> Referral:
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.status not in allowed_from:
        raise WrongStatus(
            _("This referral is %(status)s: it cannot become %(new)s.")
            % {"status": locked.get_status_display(), "new": Status(to).label}
        )
    locked.status = to
    locked.status_changed_at = timezone.now()
    return locked


def _send(referral: Referral, *, actor: User, notify: bool) -> Referral:
    referral.status = Status.SENT
    referral.status_changed_at = timezone.now()
    referral.save(update_fields=["status", "status_changed_at"])
    _event(referral, Status.SENT, actor)
    record_event(actor=actor, verb="referral.sent", chapter=referral.chapter, obj=referral)
    if notify:
        _notify("notify_new_referral", referral)
    return referral


@transaction.atomic
def send_referral(*, actor: User, referral: Referral, notify: bool = True) -> Referral:
    """A coordinator sends a proposed referral (services that require review)."""
    locked = _transition(referral, Status.SENT, allowed_from={Status.PROPOSED}, actor=actor)
    check_consent(locked.consent, service=locked.service, organisation=locked.organisation)
    return _send(locked, actor=actor, notify=notify)


@transaction.atomic
def accept_referral(*, actor: User, referral: Referral, note: str = "") -> Referral:
    locked = _transition(referral, Status.ACCEPTED, allowed_from={Status.SENT}, actor=actor)
    check_consent(locked.consent, service=locked.service, organisation=locked.organisation)
    locked.save(update_fields=["status", "status_changed_at"])
    _event(locked, Status.ACCEPTED, actor, note.strip())
    record_event(actor=actor, verb="referral.accepted", chapter=locked.chapter, obj=locked)
    return locked


@transaction.atomic
def decline_referral(
    *, actor: User, referral: Referral, reason: str, notify: bool = True
) -> Referral:
    reason = reason.strip()
    if not reason:
        raise ReferralError(_("Say why you decline, so the referrer can look for other help."))
    locked = _transition(referral, Status.DECLINED, allowed_from={Status.SENT}, actor=actor)
    check_consent(locked.consent, service=locked.service, organisation=locked.organisation)
    locked.decline_reason = reason[:500]
    locked.save(update_fields=["status", "status_changed_at", "decline_reason"])
    _event(locked, Status.DECLINED, actor, reason)
    record_event(actor=actor, verb="referral.declined", chapter=locked.chapter, obj=locked)
    if notify:
        _notify("notify_referral_feedback", locked)
    return locked


@transaction.atomic
def close_referral(
    *, actor: User, referral: Referral, outcome: str, feedback: str, notify: bool = True
) -> Referral:
    feedback = feedback.strip()
    if outcome not in Referral.Outcome.values:
        raise ReferralError(_("Choose the outcome."))
    if not feedback:
        raise ReferralError(_("Write a short feedback for the person who referred."))
    locked = _transition(referral, Status.CLOSED, allowed_from={Status.ACCEPTED}, actor=actor)
    trajectory = getattr(locked, "trajectory", None)  # coaching's reverse one-to-one, if any
    if trajectory is not None and trajectory.status != "closed":
        raise WrongStatus(
            _("A trajectory follows this referral up: it closes when the trajectory closes.")
        )
    check_consent(locked.consent, service=locked.service, organisation=locked.organisation)
    locked.outcome = outcome
    locked.feedback = feedback[:1000]
    locked.save(update_fields=["status", "status_changed_at", "outcome", "feedback"])
    _event(locked, Status.CLOSED, actor, feedback)
    record_event(
        actor=actor,
        verb="referral.closed",
        chapter=locked.chapter,
        obj=locked,
        payload={"outcome": outcome},
    )
    if notify:
        _notify("notify_referral_feedback", locked)
    return locked


# Triage -----------------------------------------------------------------------------------------


def previous_health(conversation: Conversation) -> str:
    """The health in the organisation's previous round: the latest version of the most recent
    earlier conversation (of another campaign, when this one belongs to a campaign)."""
    from belronde.conversations.models import Conversation

    earlier = (
        Conversation.objects.filter(
            chapter=conversation.chapter,
            organisation=conversation.organisation,
            held_at__lt=conversation.held_at,
            superseded_by__isnull=True,
        )
        .exclude(pk=conversation.root_id_or_own)
        .exclude(root_id=conversation.root_id_or_own)
    )
    if conversation.campaign_id is not None:
        earlier = earlier.exclude(campaign_id=conversation.campaign_id)
    previous = earlier.order_by("-held_at", "-id").first()
    return previous.health if previous else ""


def facts_for(conversation: Conversation) -> triage.Facts:
    return triage.Facts(
        health=conversation.health,
        liquidity_horizon=conversation.liquidity_horizon,
        arrears=tuple(conversation.arrears or ()),
        asks_for_help=conversation.asks_for_help,
        previous_health=previous_health(conversation),
    )


def suggestion_for(conversation: Conversation) -> triage.Suggestion:
    return triage.suggest(facts_for(conversation))


@transaction.atomic
def record_triage_decision(
    *,
    actor: User,
    conversation: Conversation,
    decision: str,
    note: str = "",
    service: Service | None = None,
    referral: Referral | None = None,
) -> TriageDecision:
    """Record the suggestion as it stood and what the person decided."""
    note = note.strip()
    if decision not in TriageDecision.Decision.values:
        raise ReferralError(_("Unknown decision."))
    if decision == TriageDecision.Decision.NO_REFERRAL and not note:
        raise ReferralError(_("Say why you do not refer."))
    suggestion = suggestion_for(conversation)
    row = TriageDecision.objects.create(
        chapter=conversation.chapter,
        conversation=conversation,
        suggested=suggestion.refer,
        suggested_target=suggestion.target,
        reasons=suggestion.as_dicts(),
        decision=decision,
        service=service,
        referral=referral,
        note=note[:500],
        decided_by=actor,
    )
    record_event(
        actor=actor,
        verb="triage.decided",
        chapter=conversation.chapter,
        obj=conversation,
        payload={
            "decision": decision,
            "suggested": suggestion.refer,
            "reasons": suggestion.codes,
            "referral": referral.public_code if referral else None,
        },
    )
    return row


@transaction.atomic
def refer_with_consent(
    *,
    actor: User,
    conversation: Conversation,
    service: Service,
    text: ConsentText,
    answer: str,
    method: str,
    reason: str,
    urgency: str,
    person: Person | None = None,
    notify: bool = True,
) -> tuple[Consent, Referral | None]:
    """What the caller does after reading the consent text: record the answer, and refer when
    consent was given. A refusal is recorded too, with a 'no referral' decision."""
    consent = record_consent(
        actor=actor,
        service=service,
        organisation=conversation.organisation,
        text=text,
        answer=answer,
        method=method,
        person=person or conversation.person,
        conversation=conversation,
    )
    if answer != Consent.Answer.GIVEN:
        record_triage_decision(
            actor=actor,
            conversation=conversation,
            decision=TriageDecision.Decision.NO_REFERRAL,
            service=service,
            note=_("The entrepreneur did not consent to a referral to %(service)s.")
            % {"service": service.name},
        )
        return consent, None
    referral = create_referral(
        actor=actor,
        service=service,
        organisation=conversation.organisation,
        consent=consent,
        reason=reason,
        urgency=urgency,
        conversation=conversation,
        person=person or conversation.person,
        notify=notify,
    )
    return consent, referral
