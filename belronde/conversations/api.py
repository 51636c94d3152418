"""API of conversations: list, detail (with themes and the triage suggestion), entering one
afterwards, correcting themes, and recording a 'no referral' decision."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone, translation
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from belronde.api.access import api_user, chapter_access
from belronde.api.pagination import PageNumber
from belronde.api.schemas import ActionErrorOut, ErrorOut
from belronde.audit.actions import record_event
from belronde.conversations import access, actions
from belronde.conversations.display import answer_rows
from belronde.conversations.models import Conversation, Health
from belronde.conversations.scripts import entry_script_version
from belronde.referrals import actions as referral_actions
from belronde.referrals import labels as referral_labels
from belronde.referrals.models import TriageDecision
from belronde.themes import access as chapter_themes

router = Router(tags=["conversations"])


class AnswerRowOut(Schema):
    """One answer of the script, with its question (not the knowledge base's AnswerOut)."""

    key: str
    question: str
    answer: str


class ThemeLabelOut(Schema):
    """A theme with its label (not the knowledge base's ThemeOut)."""

    slug: str
    label: str


class ReasonOut(Schema):
    code: str
    values: list[str]
    text: str


class TriageOut(Schema):
    refer: bool
    target: str
    reasons: list[ReasonOut]


class ConversationOut(Schema):
    code: str
    organisation: str
    organisation_name: str
    held_at: dt.datetime
    health: str
    themes: list[str]
    version: int
    recorded_by: str
    campaign: str | None


class ConversationDetailOut(ConversationOut):
    person: str | None
    answers: dict[str, Any]
    answer_rows: list[AnswerRowOut]
    turnover_change: str
    liquidity_horizon: str
    temporary_unemployment: str
    arrears: list[str]
    outlook: str
    asks_for_help: bool
    suggested_themes: list[str]
    theme_labels: list[ThemeLabelOut]
    triage: TriageOut
    is_latest: bool
    latest: str
    versions: list[str]


class ConversationIn(Schema):
    organisation: str = Field(..., max_length=12, description="The organisation's code.")
    person: str | None = Field(None, max_length=12)
    held_at: dt.datetime | None = None
    answers: dict[str, Any]
    idempotency_key: uuid.UUID | None = Field(
        None,
        description="A key of your choosing: sending it again returns the conversation stored the"
        " first time (200 instead of 201); used by you for another organisation it is a 409.",
    )


class ThemesIn(Schema):
    themes: list[str] = Field(..., max_length=30)
    version: int | None = Field(
        None, ge=1, description="The version you corrected; 409 if someone was first."
    )


class NoReferralIn(Schema):
    note: str = Field(..., min_length=1, max_length=500)


class DecisionOut(Schema):
    code: str
    decision: str
    suggested: bool
    reasons: list[str]
    note: str


class InvalidOut(Schema):
    """Answers that do not fit the script (``field``, ``code``), or ninja's own validation."""

    detail: str
    errors: list[dict[str, Any]]


def _out(c: Conversation) -> dict[str, Any]:
    return {
        "code": c.public_code,
        "organisation": c.organisation.public_code,
        "organisation_name": c.organisation.name,
        "held_at": c.held_at,
        "health": c.health,
        "themes": list(c.themes),
        "version": c.version,
        "recorded_by": c.recorded_by.username,
        "campaign": c.campaign.public_code if c.campaign else None,
    }


def _detail(c: Conversation) -> dict[str, Any]:
    language = (translation.get_language() or "nl")[:2]
    latest = c.latest_version()
    suggestion = referral_actions.suggestion_for(latest)
    labels = chapter_themes.labels(c.chapter, language)
    return {
        **_out(c),
        "person": c.person.public_code if c.person else None,
        "answers": dict(c.answers),
        "answer_rows": [
            {"key": r.key, "question": r.question, "answer": r.answer}
            for r in answer_rows(c, language)
        ],
        "turnover_change": c.turnover_change,
        "liquidity_horizon": c.liquidity_horizon,
        "temporary_unemployment": c.temporary_unemployment,
        "arrears": list(c.arrears),
        "outlook": c.outlook,
        "asks_for_help": c.asks_for_help,
        "suggested_themes": list(c.suggested_themes),
        "theme_labels": [{"slug": s, "label": labels.get(s, s)} for s in c.themes],
        "triage": {
            "refer": suggestion.refer,
            "target": suggestion.target,
            "reasons": [
                {"code": r.code, "values": list(r.values), "text": referral_labels.reason_text(r)}
                for r in suggestion.reasons
            ],
        },
        "is_latest": latest.pk == c.pk,
        "latest": latest.public_code,
        "versions": [v.public_code for v in c.versions()],
    }


@router.get(
    "/chapters/{slug}/conversations",
    response={200: list[ConversationOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    url_name="conversation_list",
    summary="Conversations you may see (latest versions)",
)
@paginate(PageNumber)
def conversation_list(
    request: HttpRequest,
    slug: str,
    organisation: str | None = None,
    health: str | None = None,
    theme: str | None = None,
) -> list[dict[str, Any]]:
    rights = chapter_access(request, slug)
    rows = access.latest_conversations_for(rights, api_user(request)).select_related(
        "organisation", "recorded_by", "campaign"
    )
    if organisation:
        rows = rows.filter(organisation__public_code=organisation)
    if health in Health.values:
        rows = rows.filter(health=health)
    if theme:
        rows = rows.filter(themes__icontains=f'"{theme}"')
    return [_out(c) for c in rows.order_by("-held_at", "-pk")]


@router.get(
    "/chapters/{slug}/conversations/{code}",
    response={200: ConversationDetailOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    url_name="conversation_detail",
    summary="One conversation: answers, themes, triage suggestion",
)
def conversation_detail(request: HttpRequest, slug: str, code: str) -> dict[str, Any]:
    rights = chapter_access(request, slug)
    conversation = access.get_conversation_for_user(rights, api_user(request), code)
    record_event(
        actor=api_user(request),
        verb="conversation.viewed",
        chapter=rights.chapter,
        obj=conversation,
        request=request,
    )
    return _detail(conversation)


@router.post(
    "/chapters/{slug}/conversations",
    response={
        200: ConversationDetailOut,
        201: ConversationDetailOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ActionErrorOut,
        422: InvalidOut,
    },
    url_name="conversation_create",
    summary="Enter a conversation afterwards (outside a campaign)",
)
def conversation_create(request: HttpRequest, slug: str, data: ConversationIn) -> Status:
    user = api_user(request)
    rights = chapter_access(request, slug)
    organisation = access.get_organisation_for_recording(rights, user, data.organisation)
    person = None
    if data.person:
        person = organisation.persons.filter(public_code=data.person).first()
        if person is None:
            raise Http404
    if data.held_at is not None and data.held_at > timezone.now() + dt.timedelta(minutes=5):
        return Status(
            422,
            {
                "detail": "A conversation cannot take place in the future.",
                "errors": [{"field": "held_at", "code": "future"}],
            },
        )
    version = entry_script_version(rights.chapter, user)
    conversation = actions.record_conversation(
        actor=user,
        organisation=organisation,
        script_version=version,
        raw_answers=data.answers,
        person=person,
        held_at=data.held_at,
        idempotency_key=data.idempotency_key,
    )
    return Status(200 if conversation.replayed else 201, _detail(conversation))


@router.post(
    "/chapters/{slug}/conversations/{code}/themes",
    response={
        200: ConversationDetailOut,
        201: ConversationDetailOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ActionErrorOut,
    },
    url_name="conversation_themes",
    summary="Correct the themes (a new version when they change)",
)
def conversation_themes(request: HttpRequest, slug: str, code: str, data: ThemesIn) -> Status:
    user = api_user(request)
    rights = chapter_access(request, slug)
    conversation = access.get_conversation_for_recording(rights, user, code)
    before = conversation.latest_version()
    corrected = actions.correct_themes(
        actor=user, conversation=conversation, themes=data.themes, expected_version=data.version
    )
    return Status(201 if corrected.pk != before.pk else 200, _detail(corrected))


@router.post(
    "/chapters/{slug}/conversations/{code}/no-referral",
    response={201: DecisionOut, 400: ActionErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    url_name="conversation_no_referral",
    summary="Record the decision not to refer, with the reason",
)
def conversation_no_referral(
    request: HttpRequest, slug: str, code: str, data: NoReferralIn
) -> Status:
    user = api_user(request)
    rights = chapter_access(request, slug)
    conversation = access.get_conversation_for_user(rights, user, code)
    decision = referral_actions.record_triage_decision(
        actor=user,
        conversation=conversation.latest_version(),
        decision=TriageDecision.Decision.NO_REFERRAL,
        note=data.note,
    )
    return Status(
        201,
        {
            "code": decision.public_code,
            "decision": decision.decision,
            "suggested": decision.suggested,
            "reasons": [str(r.get("code")) for r in decision.reasons],
            "note": decision.note,
        },
    )
