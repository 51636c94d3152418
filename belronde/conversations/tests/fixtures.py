"""Plain objects for the tests of conversations, knowledge and referrals (no factories)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from belronde.accounts.models import Chapter, PartnerOrganisation, User
from belronde.campaigns import script_items
from belronde.campaigns.models import Assignment, Campaign, Script, ScriptVersion
from belronde.conversations.actions import record_conversation
from belronde.conversations.models import Conversation
from belronde.members.models import Organisation, Person
from belronde.referrals import actions as referral_actions
from belronde.referrals.models import Consent, ConsentText, Service

_numbers = itertools.count(2_100_000)

RED_ANSWERS: dict[str, Any] = {
    "how_is_it_going": "Slecht. De omzet is gehalveerd sinds de sluiting.",
    "what_still_works": "De afhaal loopt nog een beetje.",
    "what_is_hard": "We hebben een achterstand bij de RSZ en de btw. De bank wil niet mee.",
    "how_can_we_help": "Ik zou graag met iemand mijn cijfers overlopen.",
    "health": "red",
    "turnover_change": "lt-50",
    "liquidity_horizon": "1-3",
    "temporary_unemployment": "partial",
    "arrears": ["rsz", "vat"],
    "outlook": "worse",
    "asks_for_help": "yes",
}
GREEN_ANSWERS: dict[str, Any] = {
    "how_is_it_going": "Goed, de zaak draait.",
    "health": "green",
    "liquidity_horizon": "gt12",
    "asks_for_help": "no",
}


def enterprise_number() -> str:
    base = next(_numbers)
    return f"{base:08d}{97 - base % 97:02d}"


def make_organisation(
    chapter: Chapter, name: str = "Brasserie De Klok", *, nace: str = "56101", **extra: Any
) -> Organisation:
    return Organisation.objects.create(
        chapter=chapter,
        enterprise_number=enterprise_number(),
        name=name,
        legal_form="BV",
        nace_code=nace,
        employees=extra.pop("employees", 8),
        street="Grote Markt",
        house_number="1",
        postal_code=chapter.postal_codes[0] if chapter.postal_codes else "2800",
        municipality=chapter.name,
        **extra,
    )


def make_person(organisation: Organisation, name: str = "Marie Peeters", **extra: Any) -> Person:
    extra.setdefault("email", "marie@example.org")
    extra.setdefault("phone", "+3215123456")
    return Person.objects.create(
        chapter=organisation.chapter, organisation=organisation, name=name, **extra
    )


def make_script_version(chapter: Chapter) -> ScriptVersion:
    script = Script.objects.create(chapter=chapter, name="Belronde")
    return ScriptVersion.objects.create(
        script=script, number=1, items=script_items.validate_items(script_items.DEFAULT_ITEMS)
    )


def make_conversation(
    actor: User,
    organisation: Organisation,
    answers: dict[str, Any] | None = None,
    *,
    version: ScriptVersion | None = None,
    person: Person | None = None,
    held_at: dt.datetime | None = None,
    assignment: Assignment | None = None,
) -> Conversation:
    version = version or make_script_version(organisation.chapter)
    return record_conversation(
        actor=actor,
        organisation=organisation,
        script_version=version,
        raw_answers=dict(answers if answers is not None else RED_ANSWERS),
        person=person,
        held_at=held_at,
        assignment=assignment,
    )


def assign(caller: User, organisation: Organisation, *, claimed: bool = False) -> Assignment:
    """A running campaign in the organisation's chapter with the organisation given to "
    "``caller``."""
    chapter = organisation.chapter
    script = Script.objects.filter(chapter=chapter).first()
    if script is None:
        script = make_script_version(chapter).script
    campaign = Campaign.objects.create(
        chapter=chapter,
        name=f"Belronde {next(_numbers)}",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=60),
        status=Campaign.Status.RUNNING,
        script=script,
    )
    if claimed:
        return Assignment.objects.create(
            chapter=chapter,
            campaign=campaign,
            organisation=organisation,
            status=Assignment.Status.CLAIMED,
            claimed_by=caller,
            claimed_at=timezone.now(),
            claim_expires_at=timezone.now() + dt.timedelta(hours=1),
        )
    return Assignment.objects.create(
        chapter=chapter, campaign=campaign, organisation=organisation, caller=caller
    )


CONSENT_NL = (
    "Mogen wij uw naam, ondernemingsnummer, contactgegevens en een korte samenvatting van uw "
    "situatie doorgeven aan {recipient}, zodat zij contact met u opnemen? U kunt dit altijd "
    "intrekken."
)
CONSENT_EN = (
    "May we pass your name, enterprise number, contact details and a short summary of your "
    "situation to {recipient} so they can contact you? You can withdraw this at any time."
)


def make_services(chapter: Chapter, dyzo: PartnerOrganisation) -> tuple[Service, Service]:
    coaching = referral_actions.create_service(
        actor=None,
        chapter=chapter,
        kind=Service.Kind.COACHING,
        name="Ondernemersbegeleiding",
        organisation_name=f"Federatie {chapter.name}",
        description="Een traject op maat na een grondige financiële analyse.",
    )
    partner = referral_actions.create_service(
        actor=None,
        chapter=chapter,
        kind=Service.Kind.PARTNER,
        partner_organisation=dyzo,
        name="Dyzo begeleiding",
        organisation_name="Dyzo vzw",
        description="Langdurige ondersteuning voor ondernemers in moeilijkheden.",
    )
    for service in (coaching, partner):
        referral_actions.add_consent_text(
            actor=None,
            service=service,
            language="nl",
            text=CONSENT_NL.format(recipient=service.organisation_name),
        )
        referral_actions.add_consent_text(
            actor=None,
            service=service,
            language="en",
            text=CONSENT_EN.format(recipient=service.organisation_name),
        )
    return coaching, partner


def consent_text(service: Service, language: str = "nl") -> ConsentText:
    text = referral_actions.current_text(service, language)
    assert text is not None
    return text


def give_consent(
    actor: User,
    service: Service,
    organisation: Organisation,
    *,
    answer: str = Consent.Answer.GIVEN,
    conversation: Conversation | None = None,
    now: dt.datetime | None = None,
) -> Consent:
    return referral_actions.record_consent(
        actor=actor,
        service=service,
        organisation=organisation,
        text=consent_text(service),
        answer=answer,
        method=Consent.Method.PHONE,
        conversation=conversation,
        now=now,
    )


# Permission-matrix objects: each takes the personas (after create_personas) and returns kwargs.


def _matrix_base(p: Any) -> tuple[Organisation, Conversation]:
    organisation = make_organisation(p.mechelen)
    person = make_person(organisation)
    conversation = make_conversation(p.caller, organisation, person=person)
    return organisation, conversation


def matrix_conversation(p: Any) -> dict[str, Any]:
    _org, conversation = _matrix_base(p)
    return {"chapter": "mechelen", "code": conversation.public_code}


def matrix_refer(p: Any) -> dict[str, Any]:
    _org, conversation = _matrix_base(p)
    coaching, _partner = make_services(p.mechelen, p.dyzo)
    return {
        "chapter": "mechelen",
        "code": conversation.public_code,
        "service": coaching.public_code,
    }


def _referral(p: Any, *, partner: bool) -> Any:
    organisation, conversation = _matrix_base(p)
    coaching, dyzo = make_services(p.mechelen, p.dyzo)
    service = dyzo if partner else coaching
    consent = give_consent(p.caller, service, organisation, conversation=conversation)
    return referral_actions.create_referral(
        actor=p.caller,
        service=service,
        organisation=organisation,
        consent=consent,
        reason="RSZ-achterstand",
        conversation=conversation,
        notify=False,
    )


def matrix_referred_conversation(p: Any) -> dict[str, Any]:
    """A conversation whose firm was referred to the federation's coaching: a coach reads it."""
    referral = _referral(p, partner=False)
    return {"chapter": "mechelen", "code": referral.conversation.public_code}


def matrix_referral(p: Any) -> dict[str, Any]:
    return {"chapter": "mechelen", "code": _referral(p, partner=False).public_code}


def matrix_accepted_referral(p: Any) -> dict[str, Any]:
    referral = _referral(p, partner=False)
    referral_actions.accept_referral(actor=p.coach, referral=referral)
    return {"chapter": "mechelen", "code": referral.public_code}


def matrix_partner_referral(p: Any) -> dict[str, Any]:
    return {"chapter": "mechelen", "code": _referral(p, partner=True).public_code}


def matrix_accepted_partner_referral(p: Any) -> dict[str, Any]:
    referral = _referral(p, partner=True)
    referral_actions.accept_referral(actor=p.partner, referral=referral)
    return {"chapter": "mechelen", "code": referral.public_code}


def matrix_consent(p: Any) -> dict[str, Any]:
    return {"chapter": "mechelen", "code": _referral(p, partner=True).consent.public_code}


def matrix_service(p: Any) -> dict[str, Any]:
    coaching, _partner = make_services(p.mechelen, p.dyzo)
    return {"chapter": "mechelen", "code": coaching.public_code}


def matrix_question(p: Any) -> dict[str, Any]:
    from belronde.knowledge.actions import raise_question

    _org, conversation = _matrix_base(p)
    question = raise_question(
        actor=p.caller,
        chapter=p.mechelen,
        text="Hoe vraag ik de hinderpremie aan?",
        conversation=conversation,
    )
    return {"chapter": "mechelen", "code": question.public_code}


def matrix_grouped_question(p: Any) -> dict[str, Any]:
    from belronde.knowledge.actions import group_question, raise_question

    first = raise_question(actor=p.caller, chapter=p.mechelen, text="Hoe vraag ik de premie aan?")
    second = raise_question(actor=p.caller, chapter=p.mechelen, text="Hoe krijg ik de premie?")
    group_question(actor=p.coordinator, question=second, under=first)
    return {"chapter": "mechelen", "code": second.public_code}


def matrix_practice(p: Any) -> dict[str, Any]:
    from belronde.knowledge.actions import submit_best_practice

    practice = submit_best_practice(
        actor=p.caller,
        chapter=p.mechelen,
        title="Afhaalmenu",
        text="Vaste ophaalmomenten maakten de keuken rendabel.",
        sharing="anonymous",
    )
    return {"chapter": "mechelen", "code": practice.public_code}


def matrix_theme(p: Any) -> dict[str, Any]:
    from belronde.themes.actions import ensure_themes

    ensure_themes(p.mechelen)
    return {"chapter": "mechelen", "slug": "liquidity"}


def api(kwargs_for: Any) -> Any:
    """The same objects for an API row: ``chapter`` becomes ``slug``."""

    def kwargs(p: Any) -> dict[str, Any]:
        found = kwargs_for(p)
        return {"slug": found.pop("chapter"), **found}

    return kwargs
