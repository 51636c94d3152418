"""API of the call round: campaigns, claiming the next call, attempts, release."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from typing import Any, Literal

from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from belronde.api.access import api_user, chapter_access
from belronde.api.pagination import PageNumber
from belronde.api.schemas import ActionErrorOut, ErrorOut
from belronde.campaigns import access as campaign_access
from belronde.campaigns import actions, script_items
from belronde.campaigns.access import (
    campaigns_for,
    get_assignment_for_user,
    get_campaign_for_user,
    get_campaign_to_claim_from,
)
from belronde.campaigns.models import Assignment, Campaign, ScriptVersion

router = Router(tags=["call rounds"])


class CampaignOut(Schema):
    code: str
    name: str
    status: str
    starts_on: dt.date
    ends_on: dt.date
    max_attempts: int
    min_hours_between_attempts: int
    max_open_claims: int
    claim_expiry_minutes: int


class CampaignDetailOut(CampaignOut):
    segment: dict[str, Any]
    calling_hours: dict[str, list[list[str]]]
    assignments: dict[str, int]


class PersonOut(Schema):
    code: str
    name: str
    role: str
    phones: list[str]
    email: str
    language: str
    preferred_call_times: str


class OrganisationOut(Schema):
    code: str
    name: str
    enterprise_number: str
    nace_code: str
    employees: int | None
    municipality: str
    persons: list[PersonOut]


class ScriptItemOut(Schema):
    key: str
    type: str
    label: str
    required: bool
    choices: list[dict[str, str]] = []


class ScriptOut(Schema):
    version: int
    intro: str
    items: list[ScriptItemOut]


class AssignmentOut(Schema):
    code: str
    campaign: str
    status: str
    attempts: int
    claim_expires_at: dt.datetime | None
    callback_at: dt.datetime | None
    organisation: OrganisationOut
    script: ScriptOut


class AttemptIn(Schema):
    outcome: Literal[
        "reached",
        "no_answer",
        "voicemail",
        "busy",
        "wrong_number",
        "refused",
        "callback",
        "do_not_call",
    ]
    note: str = ""
    callback_at: dt.datetime | None = None
    idempotency_key: uuid.UUID | None = None


class AttemptOut(Schema):
    code: str
    outcome: str
    at: dt.datetime
    assignment: AssignmentOut
    replayed: bool


def _campaign_out(c: Campaign) -> dict[str, Any]:
    return {
        "code": c.public_code,
        "name": c.name,
        "status": c.status,
        "starts_on": c.starts_on,
        "ends_on": c.ends_on,
        "max_attempts": c.max_attempts,
        "min_hours_between_attempts": c.min_hours_between_attempts,
        "max_open_claims": c.max_open_claims,
        "claim_expiry_minutes": c.claim_expiry_minutes,
    }


def script_out(version: ScriptVersion, language: str) -> dict[str, Any]:
    return {
        "version": version.number,
        "intro": version.intro_en if language == "en" and version.intro_en else version.intro_nl,
        "items": [
            {
                "key": item["key"],
                "type": item["type"],
                "label": script_items.label(item, language),
                "required": bool(item.get("required")),
                "choices": [
                    {"value": c["value"], "label": script_items.label(c, language)}
                    for c in item.get("choices", [])
                ],
            }
            for item in version.items
        ],
    }


@functools.lru_cache(maxsize=256)
def _cached_script_out(version_id: int, created_at: dt.datetime, language: str) -> dict[str, Any]:
    """Script versions are immutable (ScriptVersion.save refuses an update), so a version,
    identified by its id and creation time, renders the same for ever: every claim of an
    evening serves the same few versions from memory."""
    return script_out(campaign_access.script_version(version_id), language)


def _script_for(campaign: Campaign, language: str) -> dict[str, Any]:
    version_id = getattr(campaign, "current_version_id", None)
    created_at = getattr(campaign, "current_version_at", None)
    if version_id is not None and created_at is not None:
        return _cached_script_out(version_id, created_at, language)
    return script_out(campaign.script.current, language)


def assignment_out(a: Assignment) -> dict[str, Any]:
    language = translation.get_language() or "nl"
    org = a.organisation
    return {
        "code": a.public_code,
        "campaign": a.campaign.public_code,
        "status": a.status,
        "attempts": a.attempts,
        "claim_expires_at": a.claim_expires_at,
        "callback_at": a.callback_at,
        "organisation": {
            "code": org.public_code,
            "name": org.name,
            "enterprise_number": org.enterprise_number_display,
            "nace_code": org.nace_code,
            "employees": org.employees,
            "municipality": org.municipality,
            "persons": [
                {
                    "code": p.public_code,
                    "name": p.name,
                    "role": p.role,
                    "phones": p.phones,
                    "email": p.email,
                    "language": p.language,
                    "preferred_call_times": p.preferred_call_times,
                }
                for p in org.persons.all()
            ],
        },
        "script": _script_for(a.campaign, language),
    }


@router.get(
    "/chapters/{slug}/campaigns",
    response={200: list[CampaignOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    url_name="campaign_list",
    summary="Call rounds of the chapter (a caller sees the ones they call in)",
)
@paginate(PageNumber)
def campaign_list(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    access = chapter_access(request, slug)
    return [_campaign_out(c) for c in campaigns_for(access).order_by("-starts_on", "name")]


@router.get(
    "/chapters/{slug}/campaigns/{code}",
    response={200: CampaignDetailOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    url_name="campaign_detail",
)
def campaign_detail(request: HttpRequest, slug: str, code: str) -> dict[str, Any]:
    from django.db.models import Count

    access = chapter_access(request, slug)
    campaign = get_campaign_for_user(access, code)
    counts = dict(
        campaign.assignments.values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {
        **_campaign_out(campaign),
        "segment": campaign.segment,
        "calling_hours": campaign.calling_hours,
        "assignments": {status: counts.get(status, 0) for status in Assignment.Status.values},
    }


@router.post(
    "/chapters/{slug}/campaigns/{code}/claim",
    response={
        200: AssignmentOut,
        204: None,
        401: ErrorOut,
        403: ActionErrorOut,
        404: ErrorOut,
        409: ActionErrorOut,
    },
    url_name="campaign_claim",
    summary=(
        "Claim the next callable contact (204 when nothing is callable now; 409 when the round "
        "is not running or today lies outside its period)"
    ),
)
def claim(request: HttpRequest, slug: str, code: str) -> Any:
    access = chapter_access(request, slug)
    campaign = get_campaign_to_claim_from(access, code)
    result = actions.claim_next(actor=api_user(request), campaign=campaign)
    if result.assignment is None:
        return HttpResponse(status=204)
    # claim_next read the row after claiming it; only its persons are missing, and the campaign
    # (with its script) is the one loaded above: no second fetch of the same row
    assignment = result.assignment
    assignment.campaign = campaign
    prefetch_related_objects([assignment], "organisation__persons")
    return Status(200, assignment_out(assignment))


@router.post(
    "/chapters/{slug}/assignments/{code}/attempts",
    response={
        200: AttemptOut,
        201: AttemptOut,
        400: ActionErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ActionErrorOut,
    },
    url_name="assignment_attempt",
    summary=(
        "Record a call attempt on a contact you hold: callback, or reached with callback_at "
        "(asked to be called again), keeps it with you until then; the rest end the claim"
    ),
)
def attempt(request: HttpRequest, slug: str, code: str, payload: AttemptIn) -> Any:
    access = chapter_access(request, slug)
    assignment = get_assignment_for_user(access, code)
    callback_at = payload.callback_at
    if callback_at is not None and timezone.is_naive(callback_at):
        callback_at = timezone.make_aware(callback_at)
    result = actions.record_attempt(
        actor=api_user(request),
        assignment=assignment,
        outcome=payload.outcome,
        note=payload.note,
        callback_at=callback_at,
        idempotency_key=payload.idempotency_key,
    )
    row = campaign_access.reread_assignment(result.assignment)
    body = {
        "code": result.attempt.public_code,
        "outcome": result.attempt.outcome,
        "at": result.attempt.at,
        "assignment": assignment_out(row),
        "replayed": result.replayed,
    }
    return Status(200 if result.replayed else 201, body)


@router.post(
    "/chapters/{slug}/assignments/{code}/release",
    response={200: AssignmentOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ActionErrorOut},
    url_name="assignment_release",
    summary="Give a contact you hold back to the pool",
)
def release(request: HttpRequest, slug: str, code: str) -> Any:
    access = chapter_access(request, slug)
    assignment = get_assignment_for_user(access, code)
    actions.release_claim(
        actor=api_user(request), assignment=assignment, coordinator=access.can_manage_chapter
    )
    row = campaign_access.reread_assignment(assignment)
    return Status(200, assignment_out(row))
