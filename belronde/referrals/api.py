"""API of referrals: services, consents (record, withdraw), referrals (create: refused without
valid consent), the coaches' accept / decline / close, and the partner portal."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from belronde.accounts.access import ChapterAccess, require
from belronde.accounts.models import User
from belronde.api.access import api_user, chapter_access
from belronde.api.pagination import PageNumber
from belronde.api.schemas import ActionErrorOut, ErrorOut
from belronde.audit.actions import record_event
from belronde.conversations.access import get_conversation_for_user
from belronde.referrals import access, actions, labels
from belronde.referrals.models import Consent, Language, Referral, Service
from belronde.themes import access as chapter_themes

router = Router(tags=["referrals"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
Method = Literal["phone", "in_person", "email", "paper"]


class ConsentTextOut(Schema):
    language: str
    version: int
    text: str
    sha256: str


class ServiceOut(Schema):
    code: str
    name: str
    alternate_name: str
    kind: str
    partner_organisation: str | None
    organisation_name: str
    description: str
    status: str
    url: str
    email: str
    phone: str
    eligibility_description: str
    application_process: str
    fees_description: str
    service_area: str
    languages: list[str]
    contact_name: str
    contact_email: str
    contact_phone: str
    shared_fields: list[str]
    consent_valid_days: int
    consent_texts: list[ConsentTextOut]


class ConsentIn(Schema):
    service: str = Field(..., max_length=12)
    organisation: str | None = Field(None, max_length=12)
    conversation: str | None = Field(None, max_length=12)
    person: str | None = Field(None, max_length=12)
    answer: Literal["given", "refused"]
    method: Method
    text_language: Literal["nl", "fr", "en"]
    text_version: int = Field(..., ge=1)


class ConsentOut(Schema):
    code: str
    organisation: str
    person: str | None
    purpose: str
    service: str
    recipient: str
    answer: str
    state: str
    method: str
    language: str
    text_version: int
    text_sha256: str
    captured_by: str
    captured_at: dt.datetime
    expires_at: dt.datetime
    withdrawn_at: dt.datetime | None
    withdrawn_by: str | None
    withdrawal_method: str


class WithdrawIn(Schema):
    method: Method


class ReferralIn(Schema):
    service: str = Field(..., max_length=12)
    consent: str | None = Field(None, max_length=12, description="Required: a valid consent.")
    conversation: str | None = Field(None, max_length=12)
    organisation: str | None = Field(None, max_length=12)
    reason: str = Field(..., min_length=1, max_length=2000)
    urgency: Literal["normal", "high", "urgent"] = "normal"


class EventOut(Schema):
    status: str
    by: str
    at: dt.datetime
    note: str


class ReferralOut(Schema):
    code: str
    organisation: str
    service: str
    consent: str
    consent_valid: bool
    conversation: str | None
    status: str
    urgency: str
    reason: str
    created_by: str
    created_at: dt.datetime
    decline_reason: str
    outcome: str
    feedback: str
    shared_fields: list[str]
    events: list[EventOut]


class PartnerReferralOut(Schema):
    """What a partner sees: only the shared fields, the consent's dates, the follow-up."""

    code: str
    service: str
    status: str
    urgency: str
    received_at: dt.datetime
    shared: dict[str, Any]
    shared_text: dict[str, str]
    consent_given_at: dt.datetime
    consent_valid_until: dt.datetime
    consent_text_version: int
    decline_reason: str
    outcome: str
    feedback: str


class DeclineIn(Schema):
    reason: str = Field(..., min_length=1, max_length=500)


class CloseIn(Schema):
    outcome: Literal["helped", "partly_helped", "referred_on", "no_help_wanted", "not_reached"]
    feedback: str = Field(..., min_length=1, max_length=1000)


class AcceptIn(Schema):
    note: str = Field("", max_length=500)


def _service_out(s: Service) -> dict[str, Any]:
    texts = [actions.current_text(s, lang) for lang in Language.values]
    return {
        "code": s.public_code,
        "name": s.name,
        "alternate_name": s.alternate_name,
        "kind": s.kind,
        "partner_organisation": s.partner_organisation.slug if s.partner_organisation else None,
        "organisation_name": s.organisation_name,
        "description": s.description,
        "status": s.status,
        "url": s.url,
        "email": s.email,
        "phone": s.phone,
        "eligibility_description": s.eligibility_description,
        "application_process": s.application_process,
        "fees_description": s.fees_description,
        "service_area": s.service_area,
        "languages": list(s.languages),
        "contact_name": s.contact_name,
        "contact_email": s.contact_email,
        "contact_phone": s.contact_phone,
        "shared_fields": list(s.shared_fields),
        "consent_valid_days": s.consent_valid_days,
        "consent_texts": [
            {"language": t.language, "version": t.version, "text": t.text, "sha256": t.text_hash}
            for t in texts
            if t is not None
        ],
    }


def _consent_out(c: Consent) -> dict[str, Any]:
    return {
        "code": c.public_code,
        "organisation": c.organisation.public_code,
        "person": c.person.public_code if c.person else None,
        "purpose": c.purpose,
        "service": c.service.public_code,
        "recipient": c.recipient,
        "answer": c.answer,
        "state": c.state,
        "method": c.method,
        "language": c.language,
        "text_version": c.text_version,
        "text_sha256": c.text_hash,
        "captured_by": c.captured_by.username,
        "captured_at": c.captured_at,
        "expires_at": c.expires_at,
        "withdrawn_at": c.withdrawn_at,
        "withdrawn_by": c.withdrawn_by.username if c.withdrawn_by else None,
        "withdrawal_method": c.withdrawal_method,
    }


def _referral_out(r: Referral) -> dict[str, Any]:
    return {
        "code": r.public_code,
        "organisation": r.organisation.public_code,
        "service": r.service.public_code,
        "consent": r.consent.public_code,
        "consent_valid": r.consent.is_valid(),
        "conversation": r.conversation.public_code if r.conversation else None,
        "status": r.status,
        "urgency": r.urgency,
        "reason": r.reason,
        "created_by": r.created_by.username,
        "created_at": r.created_at,
        "decline_reason": r.decline_reason,
        "outcome": r.outcome,
        "feedback": r.feedback,
        "shared_fields": list(r.shared_fields),
        "events": [
            {"status": e.status, "by": e.actor_label, "at": e.at, "note": e.note}
            for e in r.events.all()
        ],
    }


def _partner_out(r: Referral) -> dict[str, Any]:
    theme_labels = chapter_themes.labels(r.chapter)
    return {
        "code": r.public_code,
        "service": r.service.public_code,
        "status": r.status,
        "urgency": r.urgency,
        "received_at": r.created_at,
        "shared": {code: r.shared_data.get(code) for code in r.shared_fields},
        "shared_text": {
            code: labels.shared_value(code, r.shared_data.get(code), theme_labels)
            for code in r.shared_fields
        },
        "consent_given_at": r.consent.captured_at,
        "consent_valid_until": r.consent.expires_at,
        "consent_text_version": r.consent.text_version,
        "decline_reason": r.decline_reason,
        "outcome": r.outcome,
        "feedback": r.feedback,
    }


# Services ---------------------------------------------------------------------------------------


@router.get(
    "/chapters/{slug}/services",
    response={200: list[ServiceOut], **ERRORS},
    url_name="service_list",
    summary="The services entrepreneurs can be referred to (Open Referral HSDS fields)",
)
@paginate(PageNumber)
def service_list(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    rights = chapter_access(request, slug)
    return [_service_out(s) for s in access.services_for(rights).order_by("kind", "name")]


@router.get(
    "/chapters/{slug}/services/{code}",
    response={200: ServiceOut, **ERRORS},
    url_name="service_detail",
    summary="One service, with its current consent texts",
)
def service_detail(request: HttpRequest, slug: str, code: str) -> dict[str, Any]:
    rights = chapter_access(request, slug)
    return _service_out(access.get_service_for_user(rights, code))


# Consents ---------------------------------------------------------------------------------------


def _subject(
    rights: ChapterAccess, user: User, conversation: str | None, organisation: str | None
) -> tuple[Any, Any]:
    """The conversation (latest version) and organisation a consent or referral is about."""
    if conversation:
        found = get_conversation_for_user(rights, user, conversation).latest_version()
        if organisation and organisation != found.organisation.public_code:
            raise Http404
        return found, found.organisation
    if not organisation:
        return None, None
    # callers reach an organisation only through a conversation they may see
    require(rights.can_coach)
    org = rights.chapter.organisations.filter(public_code=organisation).first()
    if org is None:
        raise Http404
    return None, org


@router.get(
    "/chapters/{slug}/consents",
    response={200: list[ConsentOut], **ERRORS},
    url_name="consent_list",
    summary="Consents you may see (the coordinator sees all)",
)
@paginate(PageNumber)
def consent_list(request: HttpRequest, slug: str, organisation: str | None = None) -> list[Any]:
    rights = chapter_access(request, slug)
    consents = access.consents_for(rights, api_user(request))
    if organisation:
        consents = consents.filter(organisation__public_code=organisation)
    return [_consent_out(c) for c in consents.order_by("-captured_at", "-pk")]


@router.post(
    "/chapters/{slug}/consents",
    response={201: ConsentOut, 400: ActionErrorOut, 422: ActionErrorOut, **ERRORS},
    url_name="consent_create",
    summary="Record the entrepreneur's answer to a consent text",
)
def consent_create(request: HttpRequest, slug: str, data: ConsentIn) -> Status:
    user = api_user(request)
    rights = chapter_access(request, slug)
    require(rights.can_refer)
    service = access.get_service_for_user(rights, data.service)
    conversation, organisation = _subject(rights, user, data.conversation, data.organisation)
    if organisation is None:
        return Status(400, {"detail": "Name the conversation (or the organisation)."})
    text = access.get_consent_text(service, data.text_language, data.text_version)
    person = None
    if data.person:
        person = organisation.persons.filter(public_code=data.person).first()
        if person is None:
            raise Http404
    consent = actions.record_consent(
        actor=user,
        service=service,
        organisation=organisation,
        text=text,
        answer=data.answer,
        method=data.method,
        person=person or (conversation.person if conversation else None),
        conversation=conversation,
    )
    return Status(201, _consent_out(consent))


@router.get(
    "/chapters/{slug}/consents/{code}",
    response={200: ConsentOut, **ERRORS},
    url_name="consent_detail",
    summary="One consent record",
)
def consent_detail(request: HttpRequest, slug: str, code: str) -> dict[str, Any]:
    rights = chapter_access(request, slug)
    return _consent_out(access.get_consent_for_user(rights, api_user(request), code))


@router.post(
    "/chapters/{slug}/consents/{code}/withdraw",
    response={200: ConsentOut, 400: ActionErrorOut, **ERRORS},
    url_name="consent_withdraw",
    summary="Record that the entrepreneur withdraws consent (the recipient loses access)",
)
def consent_withdraw(request: HttpRequest, slug: str, code: str, data: WithdrawIn) -> Status:
    user = api_user(request)
    rights = chapter_access(request, slug)
    consent = access.get_consent_for_user(rights, user, code)
    consent = actions.withdraw_consent(actor=user, consent=consent, method=data.method)
    return Status(200, _consent_out(consent))


# Referrals --------------------------------------------------------------------------------------


@router.get(
    "/chapters/{slug}/referrals",
    response={200: list[ReferralOut], **ERRORS},
    url_name="referral_list",
    summary="Referrals you may see",
)
@paginate(PageNumber)
def referral_list(request: HttpRequest, slug: str, status: str | None = None) -> list[Any]:
    rights = chapter_access(request, slug)
    referrals = access.referrals_for(rights, api_user(request)).prefetch_related("events")
    if status in Referral.Status.values:
        referrals = referrals.filter(status=status)
    return [_referral_out(r) for r in referrals.order_by("-created_at", "-pk")]


@router.post(
    "/chapters/{slug}/referrals",
    response={201: ReferralOut, 400: ActionErrorOut, 409: ActionErrorOut, **ERRORS},
    url_name="referral_create",
    summary="Refer to a service: refused (409 consent_required) without valid consent",
)
def referral_create(request: HttpRequest, slug: str, data: ReferralIn) -> Status:
    user = api_user(request)
    rights = chapter_access(request, slug)
    require(rights.can_refer)
    service = access.get_service_for_user(rights, data.service)
    conversation, organisation = _subject(rights, user, data.conversation, data.organisation)
    if organisation is None:
        return Status(
            400, {"detail": "Name the conversation (or the organisation).", "code": "invalid"}
        )
    consent = None
    if data.consent:
        consent = access.get_consent_for_user(rights, user, data.consent)
    referral = actions.create_referral(
        actor=user,
        service=service,
        organisation=organisation,
        consent=consent,
        reason=data.reason,
        urgency=data.urgency,
        conversation=conversation,
    )
    return Status(201, _referral_out(referral))


@router.get(
    "/chapters/{slug}/referrals/{code}",
    response={200: ReferralOut, **ERRORS},
    url_name="referral_detail",
    summary="One referral",
)
def referral_detail(request: HttpRequest, slug: str, code: str) -> dict[str, Any]:
    rights = chapter_access(request, slug)
    referral = access.get_referral_for_user(rights, api_user(request), code)
    _viewed(request, rights, referral)
    return _referral_out(referral)


def _viewed(request: HttpRequest, rights: ChapterAccess, referral: Referral) -> None:
    record_event(
        actor=api_user(request),
        verb="referral.viewed",
        chapter=rights.chapter,
        obj=referral,
        request=request,
    )


def _internal(request: HttpRequest, slug: str, code: str) -> tuple[User, Referral]:
    user = api_user(request)
    rights = chapter_access(request, slug)
    return user, access.get_referral_for_recipient(rights, user, code)


@router.post(
    "/chapters/{slug}/referrals/{code}/accept",
    response={200: ReferralOut, 400: ActionErrorOut, 409: ActionErrorOut, **ERRORS},
    url_name="referral_accept",
    summary="Accept a referral to the federation's coaching",
)
def referral_accept(request: HttpRequest, slug: str, code: str, data: AcceptIn) -> Status:
    user, referral = _internal(request, slug, code)
    referral = actions.accept_referral(actor=user, referral=referral, note=data.note)
    return Status(200, _referral_out(referral))


@router.post(
    "/chapters/{slug}/referrals/{code}/decline",
    response={200: ReferralOut, 400: ActionErrorOut, 409: ActionErrorOut, **ERRORS},
    url_name="referral_decline",
    summary="Decline a referral to the federation's coaching, with a reason",
)
def referral_decline(request: HttpRequest, slug: str, code: str, data: DeclineIn) -> Status:
    user, referral = _internal(request, slug, code)
    referral = actions.decline_referral(actor=user, referral=referral, reason=data.reason)
    return Status(200, _referral_out(referral))


@router.post(
    "/chapters/{slug}/referrals/{code}/close",
    response={200: ReferralOut, 400: ActionErrorOut, 409: ActionErrorOut, **ERRORS},
    url_name="referral_close",
    summary="Close a referral to the federation's coaching with an outcome and feedback",
)
def referral_close(request: HttpRequest, slug: str, code: str, data: CloseIn) -> Status:
    user, referral = _internal(request, slug, code)
    referral = actions.close_referral(
        actor=user, referral=referral, outcome=data.outcome, feedback=data.feedback
    )
    return Status(200, _referral_out(referral))


# The partner portal -----------------------------------------------------------------------------


def _partner(request: HttpRequest, slug: str, code: str) -> tuple[User, Referral]:
    user = api_user(request)
    rights = chapter_access(request, slug)
    return user, access.get_partner_referral(rights, code)


@router.get(
    "/chapters/{slug}/partner/referrals",
    response={200: list[PartnerReferralOut], **ERRORS},
    url_name="partner_referral_list",
    summary="Partner: referrals addressed to your organisation, with valid consent",
)
@paginate(PageNumber)
def partner_referral_list(request: HttpRequest, slug: str) -> list[Any]:
    rights = chapter_access(request, slug)
    referrals = access.partner_referrals_for(rights).select_related("chapter")
    return [_partner_out(r) for r in referrals.order_by("-created_at", "-pk")]


@router.get(
    "/chapters/{slug}/partner/referrals/{code}",
    response={200: PartnerReferralOut, **ERRORS},
    url_name="partner_referral_detail",
    summary="Partner: one referral (404 once consent is withdrawn or expired)",
)
def partner_referral_detail(request: HttpRequest, slug: str, code: str) -> dict[str, Any]:
    rights = chapter_access(request, slug)
    referral = access.get_partner_referral(rights, code)
    _viewed(request, rights, referral)
    return _partner_out(referral)


@router.post(
    "/chapters/{slug}/partner/referrals/{code}/accept",
    response={200: PartnerReferralOut, 400: ActionErrorOut, 409: ActionErrorOut, **ERRORS},
    url_name="partner_referral_accept",
    summary="Partner: accept a referral",
)
def partner_referral_accept(request: HttpRequest, slug: str, code: str, data: AcceptIn) -> Status:
    user, referral = _partner(request, slug, code)
    referral = actions.accept_referral(actor=user, referral=referral, note=data.note)
    return Status(200, _partner_out(referral))


@router.post(
    "/chapters/{slug}/partner/referrals/{code}/decline",
    response={200: PartnerReferralOut, 400: ActionErrorOut, 409: ActionErrorOut, **ERRORS},
    url_name="partner_referral_decline",
    summary="Partner: decline a referral, with a reason",
)
def partner_referral_decline(request: HttpRequest, slug: str, code: str, data: DeclineIn) -> Status:
    user, referral = _partner(request, slug, code)
    referral = actions.decline_referral(actor=user, referral=referral, reason=data.reason)
    return Status(200, _partner_out(referral))


@router.post(
    "/chapters/{slug}/partner/referrals/{code}/close",
    response={200: PartnerReferralOut, 400: ActionErrorOut, 409: ActionErrorOut, **ERRORS},
    url_name="partner_referral_close",
    summary="Partner: close a referral with an outcome and a short feedback",
)
def partner_referral_close(request: HttpRequest, slug: str, code: str, data: CloseIn) -> Status:
    user, referral = _partner(request, slug, code)
    referral = actions.close_referral(
        actor=user, referral=referral, outcome=data.outcome, feedback=data.feedback
    )
    return Status(200, _partner_out(referral))
