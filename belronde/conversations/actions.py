"""Recording conversations (append-only) and their corrections.

When a conversation is saved the theme tagger reads the open answers and suggests themes; the
caller corrects them afterwards, and every correction (of answers or themes) is a new version.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from belronde.audit.actions import record_event
from belronde.campaigns import script_items
from belronde.campaigns.actions import AttemptResult, record_attempt
from belronde.campaigns.models import CallAttempt
from belronde.conversations.models import Conversation
from belronde.lib.errors import ActionError
from belronde.themes import access as chapter_themes

if TYPE_CHECKING:
    from belronde.accounts.models import User
    from belronde.campaigns.models import Assignment, ScriptVersion
    from belronde.members.models import Organisation, Person


class ConversationInvalid(ActionError, ValueError):
    """Answers that do not fit the script; ``errors`` says which (``key``) and why (``code``)."""

    code = "invalid_answers"
    status = 422

    def __init__(self, errors: list[script_items.AnswerError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors

    def as_json(self) -> dict[str, Any]:
        return {
            **super().as_json(),
            "errors": [{"field": e.key, "code": e.code} for e in self.errors],
        }


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


def _require_health(
    items: list[dict[str, Any]], fields: dict[str, Any], errors: list[script_items.AnswerError]
) -> None:
    """Health is required; an invalid health answer is reported once, not twice."""
    if fields["health"]:
        return
    key = next((i["key"] for i in items if i.get("maps_to") == "health"), "health")
    if not any(e.key == key for e in errors):
        errors.append(script_items.AnswerError(key, "required"))


def record_reached_call(
    *,
    actor: User,
    assignment: Assignment,
    raw_answers: dict[str, Any],
    person: Person | None = None,
    note: str = "",
    callback_at: dt.datetime | None = None,
    idempotency_key: uuid.UUID | None = None,
    now: dt.datetime | None = None,
) -> AttemptResult:
    """A call that reached the entrepreneur, from the call screen: the conversation (validated
    against the campaign's current script) and the attempt that ends the claim, in one
    transaction; ConversationInvalid stores neither. The idempotency key is the attempt's.

    With ``callback_at`` the entrepreneur asked to be called again ("bel me volgende week
    terug"): the conversation is stored and the call-back planned as after an unanswered call
    (``campaigns.actions.record_attempt``): the contact stays with the caller until then and
    shows among their call-backs."""

    def store(row: Assignment, held_at: dt.datetime) -> Conversation:
        return record_conversation(
            actor=actor,
            organisation=row.organisation,
            script_version=row.campaign.script.current,
            raw_answers=raw_answers,
            assignment=row,
            person=person,
            held_at=held_at,
        )

    return record_attempt(
        actor=actor,
        assignment=assignment,
        outcome=CallAttempt.Outcome.REACHED,
        note=note,
        callback_at=callback_at,
        idempotency_key=idempotency_key,
        conversation=store,
        now=now,
    )


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
        existing = _replay(actor, organisation, idempotency_key)
        if existing is not None:
            return existing
    items = script_version.items
    answers, errors = script_items.clean_answers(items, raw_answers)
    fields = _fields_from(items, answers)
    _require_health(items, fields, errors)
    if errors:
        raise ConversationInvalid(errors)
    suggested = [
        s.slug for s in chapter_themes.suggest_for_answers(organisation.chapter, items, answers)
    ]
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
                themes=suggested,
                suggested_themes=suggested,
                **fields,
            )
            record_event(
                actor=actor,
                verb="conversation.recorded",
                chapter=organisation.chapter,
                obj=conversation,
                payload={
                    "health": conversation.health,
                    "organisation": organisation.public_code,
                    "themes": suggested,
                },
            )
    except IntegrityError:
        if idempotency_key is not None:
            existing = _replay(actor, organisation, idempotency_key)
            if existing is not None:
                return existing
        raise
    return conversation


class IdempotencyKeyReused(ActionError, ValueError):
    """The actor sent a request key they already used for a conversation with another firm."""

    code = "key_reused"
    status = 409

    def __init__(self, key: uuid.UUID) -> None:
        super().__init__(_("This idempotency key was already used for another organisation."))
        self.key = key


def _replay(actor: User, organisation: Organisation, key: uuid.UUID) -> Conversation | None:
    """The actor's own conversation stored earlier with this key, if it was about this firm.

    Keys are unique per recorder (a database constraint), so another person's key is a new key
    for this actor; the same actor reusing a key for another firm is refused, never replayed.
    """
    existing = Conversation.objects.filter(recorded_by=actor, idempotency_key=key).first()
    if existing is None:
        return None
    if existing.organisation_id != organisation.pk:
        raise IdempotencyKeyReused(key)
    existing.replayed = True
    return existing


def latest_of(conversation: Conversation) -> Conversation:
    """The newest version of the conversation ``conversation`` is a version of."""
    return conversation.latest_version()


class ConversationOutdated(ActionError, ValueError):
    """A correction based on a version that has been corrected since (someone else was first);
    ``reason`` says which version, for the logs."""

    code = "outdated"
    status = 409

    def __init__(self, reason: str) -> None:
        super().__init__(_("This conversation was corrected in the meantime."))
        self.reason = reason


@transaction.atomic
def correct_conversation(
    *,
    actor: User,
    conversation: Conversation,
    raw_answers: dict[str, Any],
    themes: list[str] | None = None,
    expected_version: int | None = None,
) -> Conversation:
    """A correction is a new version; the original row stays as it was.

    ``themes`` replaces the themes (only active themes of the chapter are kept); without it the
    themes stay as they were. With ``expected_version``, a correction of a version that is no
    longer the latest raises ConversationOutdated instead of silently overwriting someone else's.
    """
    latest = latest_of(conversation)
    if expected_version is not None and latest.version != expected_version:
        raise ConversationOutdated(
            f"version {expected_version} was corrected since (now version {latest.version})"
        )
    version = latest.script_version
    items = version.items if version else []
    answers, errors = script_items.clean_answers(items, raw_answers)
    fields = _fields_from(items, answers)
    _require_health(items, fields, errors)
    if errors:
        raise ConversationInvalid(errors)
    chapter = latest.chapter
    suggested = [s.slug for s in chapter_themes.suggest_for_answers(chapter, items, answers)]
    new_themes = (
        chapter_themes.clean_theme_slugs(chapter, themes) if themes is not None else latest.themes
    )
    try:
        with transaction.atomic():
            corrected = Conversation.objects.create(
                chapter=chapter,
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
                root_id=latest.root_id_or_own,
                themes=new_themes,
                suggested_themes=suggested,
                **fields,
            )
    except IntegrityError:
        # another correction of the same version was saved first (one-to-one on supersedes)
        raise ConversationOutdated(
            f"version {latest.version} was corrected at the same time"
        ) from None
    changed = sorted(
        k for k in set(answers) | set(latest.answers) if answers.get(k) != latest.answers.get(k)
    )
    record_event(
        actor=actor,
        verb="conversation.corrected",
        chapter=chapter,
        obj=corrected,
        payload={
            "version": corrected.version,
            "corrects": latest.public_code,
            "answers_changed": changed[:20],
            "themes": new_themes,
        },
    )
    return corrected


def correct_themes(
    *,
    actor: User,
    conversation: Conversation,
    themes: list[str],
    expected_version: int | None = None,
) -> Conversation:
    """The caller's correction of the suggested themes: a new version with the same answers."""
    latest = latest_of(conversation)
    unchanged = chapter_themes.clean_theme_slugs(latest.chapter, themes) == list(latest.themes)
    if unchanged and expected_version in (None, latest.version):
        return latest  # nothing changed: no new version
    return correct_conversation(
        actor=actor,
        conversation=latest,
        raw_answers=dict(latest.answers),
        themes=themes,
        expected_version=expected_version,
    )
