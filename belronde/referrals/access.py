"""Who may see services, consents and referrals: the only way to fetch them for a user.

- coordinators: everything of their chapter;
- callers: the services, and the referrals and consents they made;
- coaches: the services, the referrals to the federation's coaching (with valid consent) and the
  referrals they made;
- partners (e.g. Dyzo): only referrals addressed to their organisation, sent, with valid consent,
  and only their shared fields. Anything else is 404 to them: a referral whose consent was
  withdrawn or expired disappears from their next request on;
- funders and regional staff: nothing here.

Another chapter's object (or none) is 404; a right your role lacks in your own chapter is 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from belronde.accounts.access import ChapterAccess, require
from belronde.accounts.models import User
from belronde.referrals.models import Consent, ConsentText, Referral, Service, TriageDecision

PARTNER_STATUSES = (
    Referral.Status.SENT,
    Referral.Status.ACCEPTED,
    Referral.Status.DECLINED,
    Referral.Status.CLOSED,
)


# Services ---------------------------------------------------------------------------------------


def services_for(access: ChapterAccess) -> QuerySet[Service]:
    require(access.can_refer)
    return Service.objects.filter(chapter=access.chapter).select_related("partner_organisation")


def get_service_for_user(access: ChapterAccess, code: str) -> Service:
    service = (
        Service.objects.filter(chapter=access.chapter, public_code=code)
        .select_related("partner_organisation")
        .first()
    )
    if service is None:
        raise Http404
    require(access.can_refer)
    return service


def get_service_for_coordinator(access: ChapterAccess, code: str) -> Service:
    service = get_service_for_user(access, code) if access.can_refer else None
    if service is None:
        if not Service.objects.filter(chapter=access.chapter, public_code=code).exists():
            raise Http404
        raise PermissionDenied
    require(access.can_manage_chapter)
    return service


def consent_text_history(access: ChapterAccess, service: Service) -> QuerySet[ConsentText]:
    """Every version of the service's consent texts, per language, newest first."""
    require(access.can_refer)
    return ConsentText.objects.filter(service=service).order_by("language", "-version")


def get_consent_text(service: Service, language: str, version: int) -> ConsentText:
    text = ConsentText.objects.filter(service=service, language=language, version=version).first()
    if text is None:
        raise Http404
    return text


# Referrals (inside the federation) --------------------------------------------------------------


def referrals_for(access: ChapterAccess, user: User) -> QuerySet[Referral]:
    require(access.can_refer)
    referrals = Referral.objects.filter(chapter=access.chapter).select_related(
        "service", "organisation", "consent", "created_by"
    )
    if access.can_manage_chapter:
        return referrals
    if access.can_receive_coaching_referrals:
        return referrals.filter(
            Q(created_by=user)
            | (Q(service__kind=Service.Kind.COACHING) & Consent.valid_q("consent__"))
        )
    return referrals.filter(created_by=user)


@dataclass(frozen=True)
class ConversationReferral:
    """A referral as the conversation page shows it to one reader.

    ``full``: the reader may open the referral's own page (``get_referral_for_user``), so the
    page links to it and shows what that page shows (a decline reason, for one). Otherwise only
    the service and the status, and, for the caller who made the call, the closing feedback that
    is meant for them (DESIGN.md: "feedback to the caller"); never a decline reason or a note.
    """

    referral: Referral
    full: bool
    feedback: bool


def referrals_of_conversation(
    access: ChapterAccess, user: User, conversation_ids: list[int], *, made_the_call: bool
) -> list[ConversationReferral]:
    """The referrals made from a conversation (any version of it), for someone who may read it.
    The same rules as the referral page: ``referrals_for`` decides what opens in full."""
    require(access.can_refer)
    referrals = (
        Referral.objects.filter(chapter=access.chapter, conversation_id__in=conversation_ids)
        .select_related("service", "consent", "created_by")
        .order_by("-created_at")
    )
    readable = set(
        referrals_for(access, user)
        .filter(conversation_id__in=conversation_ids)
        .values_list("pk", flat=True)
    )
    return [
        ConversationReferral(
            referral,
            full=referral.pk in readable,
            feedback=referral.pk in readable or made_the_call,
        )
        for referral in referrals
    ]


def triage_decisions_of_conversation(
    access: ChapterAccess, conversation_ids: list[int]
) -> QuerySet[TriageDecision]:
    """The recorded decisions to refer or not, for someone who may read the conversation."""
    require(access.can_refer)
    return (
        TriageDecision.objects.filter(chapter=access.chapter, conversation_id__in=conversation_ids)
        .select_related("decided_by", "service")
        .order_by("-decided_at")
    )


def coaching_queue(access: ChapterAccess) -> QuerySet[Referral]:
    """Referrals to the federation's coaching with valid consent, for coaches and coordinators."""
    require(access.can_receive_coaching_referrals)
    return (
        Referral.objects.filter(
            chapter=access.chapter,
            service__kind=Service.Kind.COACHING,
            status__in=PARTNER_STATUSES,
        )
        .filter(Consent.valid_q("consent__"))
        .select_related("service", "organisation", "consent", "created_by", "trajectory__coach")
    )


def get_referral_for_user(access: ChapterAccess, user: User, code: str) -> Referral:
    referral = (
        Referral.objects.filter(chapter=access.chapter, public_code=code)
        .select_related(
            "service", "organisation", "person", "consent", "created_by", "conversation"
        )
        .first()
    )
    if referral is None:
        raise Http404
    require(not access.uses_partner_portal)  # partners use the partner portal
    require(access.can_refer)
    if access.can_manage_chapter or referral.created_by_id == user.pk:
        return referral
    if access.can_receive_coaching_referrals and referral.service.kind == Service.Kind.COACHING:
        if not referral.consent.is_valid():
            raise Http404  # the entrepreneur withdrew: the recipient no longer sees it
        return referral
    raise PermissionDenied


def get_referral_for_recipient(access: ChapterAccess, user: User, code: str) -> Referral:
    """A referral to the federation's coaching, for the coach or coordinator handling it."""
    referral = get_referral_for_user(access, user, code)
    require(access.can_receive_coaching_referrals)
    if referral.service.kind != Service.Kind.COACHING:
        raise PermissionDenied  # partners handle their own referrals
    if not referral.consent.is_valid():
        raise Http404
    return referral


def get_referral_for_coordinator(access: ChapterAccess, user: User, code: str) -> Referral:
    referral = get_referral_for_user(access, user, code)
    require(access.can_manage_chapter)
    return referral


# The partner portal -----------------------------------------------------------------------------


def partner_referrals_for(access: ChapterAccess) -> QuerySet[Referral]:
    require(access.uses_partner_portal)
    if access.partner_organisation is None:
        return Referral.objects.none()
    return (
        Referral.objects.filter(
            chapter=access.chapter,
            service__kind=Service.Kind.PARTNER,
            service__partner_organisation=access.partner_organisation,
            status__in=PARTNER_STATUSES,
        )
        .filter(Consent.valid_q("consent__"))
        .select_related("service", "consent")
    )


def get_partner_referral(access: ChapterAccess, code: str) -> Referral:
    """404 unless the referral is addressed to the partner's organisation with valid consent."""
    if not Referral.objects.filter(chapter=access.chapter, public_code=code).exists():
        raise Http404
    referral = partner_referrals_for(access).filter(public_code=code).first()
    if referral is None:
        raise Http404
    return referral


# Consents ---------------------------------------------------------------------------------------


def consents_for(access: ChapterAccess, user: User) -> QuerySet[Consent]:
    require(access.can_refer)
    consents = Consent.objects.filter(chapter=access.chapter).select_related(
        "organisation", "person", "service", "captured_by", "withdrawn_by"
    )
    if access.can_manage_chapter:
        return consents
    return consents.filter(Q(captured_by=user) | Q(referrals__created_by=user)).distinct()


def get_consent_for_user(access: ChapterAccess, user: User, code: str) -> Consent:
    consent = (
        Consent.objects.filter(chapter=access.chapter, public_code=code)
        .select_related("organisation", "person", "service", "captured_by", "withdrawn_by")
        .first()
    )
    if consent is None:
        raise Http404
    require(access.can_refer)
    if not consents_for(access, user).filter(pk=consent.pk).exists():
        raise PermissionDenied
    return consent
