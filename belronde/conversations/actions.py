"""Recording conversations (append-only) and their corrections."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from belronde.audit.actions import record_event
from belronde.campaigns import script_items
from belronde.conversations.models import Conversation

if TYPE_CHECKING:
    from belronde.accounts.models import User
    from belronde.campaigns.models import Assignment, ScriptVersion
    from belronde.members.models import Organisation, Person


class ConversationInvalid(ValueError):
    def __init__(self, errors: list[script_items.AnswerError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


def _fields_from(items: list[dict[str, Any]], answers: dict[str, Any]) -> dict[str, Any]:
    mapped = script_items.mapped_fields(items, answers)
    return {
        "health": mapped.get("health", ""),
        "turnover_change": mapped.get("turnover_change", ""),
        "liquidity_horizon": mapped.get("liquidity_horizon", ""),
        "temporary_unemployment": mapped.get("temporary_unemployment", ""),
        "arrears": mapped.get("arrears", []),
        "outlook": mapped.get("outlook", ""),
        "asks_for_help": bool(mapped.get("asks_for_help", False)),
    }


def record_conversation(
    *,
    actor: User,
    organisation: Organisation,
    script_version: ScriptVersion,
    raw_answers: dict[str, Any],
    assignment: Assignment | None = None,
    person: Person | None = None,
    held_at: Any = None,
    idempotency_key: uuid.UUID | None = None,
) -> Conversation:
    """Validate the answers against the script version and store a new conversation.

    Raises ConversationInvalid listing every invalid answer. With an idempotency key that was
    used before, returns the conversation stored the first time (a double submit stores one).
    """
    if idempotency_key is not None:
        existing = Conversation.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    items = script_version.items
    answers, errors = script_items.clean_answers(items, raw_answers)
    fields = _fields_from(items, answers)
    if not fields["health"]:
        errors.append(script_items.AnswerError("health", "required"))
    if errors:
        raise ConversationInvalid(errors)
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create(
                chapter=organisation.chapter,
                organisation=organisation,
                campaign=assignment.campaign if assignment else None,
                assignment=assignment,
                script_version=script_version,
                person=person,
                held_at=held_at or timezone.now(),
                answers=answers,
                recorded_by=actor,
                idempotency_key=idempotency_key or uuid.uuid4(),
                **fields,
            )
            record_event(
                actor=actor,
                verb="conversation.recorded",
                chapter=organisation.chapter,
                obj=conversation,
                payload={"health": conversation.health, "organisation": organisation.public_code},
            )
    except IntegrityError:
        if idempotency_key is not None:
            existing = Conversation.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing
        raise
    return conversation


@transaction.atomic
def correct_conversation(
    *, actor: User, conversation: Conversation, raw_answers: dict[str, Any]
) -> Conversation:
    """A correction is a new version; the original row stays as it was."""
    latest = conversation
    while hasattr(latest, "superseded_by"):
        latest = latest.superseded_by
    version = latest.script_version
    items = version.items if version else []
    answers, errors = script_items.clean_answers(items, raw_answers)
    fields = _fields_from(items, answers)
    if not fields["health"]:
        errors.append(script_items.AnswerError("health", "required"))
    if errors:
        raise ConversationInvalid(errors)
    corrected = Conversation.objects.create(
        chapter=latest.chapter,
        organisation=latest.organisation,
        campaign=latest.campaign,
        assignment=latest.assignment,
        script_version=version,
        person=latest.person,
        held_at=latest.held_at,
        answers=answers,
        recorded_by=actor,
        version=latest.version + 1,
        supersedes=latest,
        themes=latest.themes,
        **fields,
    )
    record_event(
        actor=actor,
        verb="conversation.corrected",
        chapter=latest.chapter,
        obj=corrected,
        payload={"version": corrected.version, "corrects": latest.public_code},
    )
    return corrected
