"""Every change to a trajectory: atomic, audited, called by the pages, the API and the CLI.

The guards of the status flow live here and nowhere else:

- a trajectory starts from an accepted referral to the federation's coaching, once;
- it moves one step forward at a time: intake -> analysis -> plan -> coaching;
- no ``plan`` without a linked financial analysis or a recorded reason why none is needed;
- no ``coaching`` without a plan item (the plan that was agreed);
- it closes from any open status, always with an outcome; after that only the follow-ups.

Trajectory and plan item saves check the version the person read (optimistic locking): a second
save on an old version gets :class:`EditConflict` with the current values, and nothing changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from belronde.accounts import roles
from belronde.accounts.models import Chapter, Membership, User
from belronde.analyses import actions as analysis_actions
from belronde.analyses.models import FinancialAnalysis
from belronde.audit.actions import record_event
from belronde.coaching import documents
from belronde.coaching.models import (
    Activity,
    Document,
    FollowUp,
    PlanItem,
    PlanModule,
    Session,
    TimelineStep,
    Trajectory,
    TrajectoryEvent,
)
from belronde.coaching.signals import trajectory_started
from belronde.conversations.models import Arrears, Conversation
from belronde.lib.errors import ActionError
from belronde.referrals import actions as referral_actions
from belronde.referrals.models import Referral, Service

Status = Trajectory.Status
Outcome = Trajectory.Outcome
Kind = TimelineStep.Kind


class CoachingError(ActionError):
    code = "invalid"
    status = 422


class GuardRefused(CoachingError):
    """A transition its guard refuses (the message says which guard)."""

    code = "guard"
    status = 409


class AlreadyStarted(CoachingError):
    code = "already_started"
    status = 409


class TrajectoryClosed(CoachingError):
    code = "closed"
    status = 409


class Gone(CoachingError):
    code = "not_found"
    status = 404


class EditConflict(CoachingError):
    """Someone else saved first. ``current`` has their values, to show next to the person's own."""

    code = "conflict"
    status = 409

    def __init__(self, message: str, current: dict[str, Any]) -> None:
        super().__init__(message)
        self.current = current

    def as_json(self) -> dict[str, Any]:
        return {**super().as_json(), "current": self.current}


# The chapter's defaults ------------------------------------------------------------------------

#: CiviCase's standard timeline for "Ondernemersbegeleiding" (shared/reference coaching-finance 3.1)
DEFAULT_TIMELINE: tuple[tuple[str, Any, int], ...] = (
    (Kind.ANALYSIS, gettext_lazy("Financial analysis done"), 7),
    (Kind.PLAN, gettext_lazy("Plan agreed"), 21),
    (Kind.FOLLOW_UP, gettext_lazy("First follow-up"), 45),
    (Kind.FOLLOW_UP, gettext_lazy("Second follow-up"), 90),
    (Kind.CLOSURE, gettext_lazy("Closure and evaluation"), 120),
)
DEFAULT_MODULES: tuple[tuple[str, Any], ...] = (
    ("liquidity-plan", gettext_lazy("Liquidity plan")),
    ("payment-plan", gettext_lazy("Payment plan with the RSZ or the tax office")),
    ("cost-reduction", gettext_lazy("Cost reduction")),
    ("financing", gettext_lazy("Financing")),
    ("judicial-reorganisation", gettext_lazy("Preparing a judicial reorganisation")),
    ("dyzo", gettext_lazy("Hand-off to Dyzo")),
    ("other", gettext_lazy("Other")),
)
#: follow-ups after closure, in months, and the days they fall on
FOLLOW_UP_MONTHS = (6, 12)
FOLLOW_UP_DAYS = {6: 182, 12: 365}
#: how the trajectory's outcome closes the referral it came from
REFERRAL_OUTCOME = {
    Outcome.RECOVERED: Referral.Outcome.HELPED,
    Outcome.RESTRUCTURED: Referral.Outcome.HELPED,
    Outcome.STOPPED: Referral.Outcome.PARTLY_HELPED,
    Outcome.BANKRUPT: Referral.Outcome.PARTLY_HELPED,
    Outcome.REFERRED_DYZO: Referral.Outcome.REFERRED_ON,
    Outcome.UNREACHABLE: Referral.Outcome.NOT_REACHED,
}


def _chapter_language(chapter: Chapter) -> str:
    return getattr(chapter, "language", "") or settings.LANGUAGE_CODE


def seed_chapter(chapter: Chapter) -> None:
    """Give a chapter the default timeline and plan modules when it has none (idempotent)."""
    from django.utils import translation

    with translation.override(_chapter_language(chapter)):
        if not TimelineStep.objects.filter(chapter=chapter).exists():
            TimelineStep.objects.bulk_create(
                TimelineStep(
                    chapter=chapter, kind=kind, label=str(label), offset_days=days, position=i
                )
                for i, (kind, label, days) in enumerate(DEFAULT_TIMELINE)
            )
        have = set(PlanModule.objects.filter(chapter=chapter).values_list("key", flat=True))
        PlanModule.objects.bulk_create(
            PlanModule(chapter=chapter, key=key, label=str(label), position=i)
            for i, (key, label) in enumerate(DEFAULT_MODULES)
            if key not in have
        )


def seed_new_chapter(sender: type, instance: Chapter, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        seed_chapter(instance)


@transaction.atomic
def update_timeline(
    *, actor: User, chapter: Chapter, steps: list[tuple[str, str, int]]
) -> list[TimelineStep]:
    """Replace the chapter's timeline by ``steps`` (kind, label, offset in days). Trajectories
    already started keep their activities; new ones follow the new timeline."""
    cleaned: list[tuple[str, str, int]] = []
    for kind, label, days in steps:
        label = (label or "").strip()
        if kind not in Kind.values:
            raise CoachingError(_("Unknown kind of activity: %(kind)s.") % {"kind": kind})
        if not label:
            raise CoachingError(_("Give every activity a name."))
        if not 0 <= int(days) <= 730:
            raise CoachingError(_("Schedule an activity between 0 and 730 days after the intake."))
        cleaned.append((kind, label[:100], int(days)))
    kinds = [k for k, _label, _days in cleaned]
    for needed in (Kind.ANALYSIS, Kind.PLAN, Kind.CLOSURE):
        if kinds.count(needed) != 1:
            raise CoachingError(
                _("The timeline needs exactly one activity of the kind “%(kind)s”.")
                % {"kind": Kind(needed).label}
            )
    TimelineStep.objects.filter(chapter=chapter).delete()
    rows = TimelineStep.objects.bulk_create(
        TimelineStep(chapter=chapter, kind=k, label=label, offset_days=d, position=i)
        for i, (k, label, d) in enumerate(cleaned)
    )
    record_event(
        actor=actor,
        verb="coaching.timeline_changed",
        chapter=chapter,
        payload={"steps": [[k, label, d] for k, label, d in cleaned]},
    )
    return rows


# Helpers ---------------------------------------------------------------------------------------


def _lock(trajectory: Trajectory) -> Trajectory:
    locked = (
        Trajectory.objects.select_for_update()
        .select_related("chapter")
        .filter(pk=trajectory.pk)
        .first()
    )
    if locked is None:  # erased while someone had it open (CONC-EDIT-03): never resurrected
        raise Gone(_("This trajectory no longer exists."))
    return locked


def _snapshot(trajectory: Trajectory) -> dict[str, Any]:
    return {
        "version": trajectory.version,
        "status": trajectory.status,
        "coach": trajectory.coach.display_name,
        "plan_summary": trajectory.plan_summary,
        "no_analysis_reason": trajectory.no_analysis_reason,
        "conclusion": trajectory.conclusion,
        "outcome": trajectory.outcome,
    }


def _check_version(trajectory: Trajectory, expected: int | None) -> None:
    if expected is not None and int(expected) != trajectory.version:
        raise EditConflict(
            _(
                "Someone else changed this trajectory while you were editing. Your input is "
                "kept below; compare it with their change and save again."
            ),
            _snapshot(trajectory),
        )


def _must_be_open(trajectory: Trajectory) -> None:
    if trajectory.status == Status.CLOSED:
        raise TrajectoryClosed(
            _("This trajectory is closed: only the follow-ups can still be recorded.")
        )


def _save(trajectory: Trajectory, fields: list[str]) -> None:
    """Save a change to the trajectory itself (status, plan text, coach, ...): a new version."""
    trajectory.version += 1
    trajectory.updated_at = timezone.now()
    trajectory.save(update_fields=[*fields, "version", "updated_at"])


def _touch(trajectory: Trajectory) -> None:
    """Something was added to the trajectory (a session, an item, a document, an analysis): it
    was updated, but its own fields did not change, so a form open on them stays current."""
    trajectory.updated_at = timezone.now()
    trajectory.save(update_fields=["updated_at"])


def _event(trajectory: Trajectory, kind: str, actor: User | None, note: str = "") -> None:
    TrajectoryEvent.objects.create(
        chapter=trajectory.chapter,
        trajectory=trajectory,
        kind=kind,
        status=trajectory.status,
        actor=actor,
        note=note[:500],
    )


def _complete(trajectory: Trajectory, kind: str, on: dt.date) -> None:
    """Mark the first open activity of ``kind`` done."""
    activity = (
        Activity.objects.filter(trajectory=trajectory, kind=kind, done_on=None, skipped=False)
        .order_by("due_on", "id")
        .first()
    )
    if activity is not None:
        activity.done_on = on
        activity.save(update_fields=["done_on"])


def _notify(task_name: str, *args: Any) -> None:
    from belronde.coaching import tasks

    task = getattr(tasks, task_name)
    transaction.on_commit(partial(task.enqueue, *args))


def is_coach(user: User, chapter: Chapter) -> bool:
    return Membership.objects.filter(
        user=user,
        chapter=chapter,
        is_active=True,
        role__in=roles.COACH_ROLES,
        user__is_active=True,
    ).exists()


# Start and status ------------------------------------------------------------------------------


@transaction.atomic
def start_trajectory(
    *,
    actor: User,
    referral: Referral,
    started_on: dt.date | None = None,
    notify: bool = True,
) -> Trajectory:
    """The coach starts a trajectory from an accepted referral to the federation's coaching
    (``notify=False``: the referrer is not mailed, as for the demo)."""
    locked = (
        Referral.objects.select_for_update()
        .select_related("service", "chapter")
        .get(pk=referral.pk)
    )
    if locked.service.kind != Service.Kind.COACHING:
        raise GuardRefused(_("Only a referral to the federation's coaching starts a trajectory."))
    if locked.status != Referral.Status.ACCEPTED:
        raise GuardRefused(_("Accept the referral before you start a trajectory."))
    if Trajectory.objects.filter(referral=locked).exists():
        raise AlreadyStarted(_("This referral already has a trajectory."))
    if not is_coach(actor, locked.chapter):
        raise GuardRefused(_("Only a coach of this chapter can start a trajectory."))
    today = timezone.localdate()
    started_on = started_on or today
    if started_on > today:
        raise CoachingError(_("The intake date cannot be in the future."))
    trajectory = Trajectory.objects.create(
        chapter=locked.chapter,
        organisation=locked.organisation,
        coach=actor,
        referral=locked,
        status=Status.INTAKE,
        started_on=started_on,
    )
    steps = TimelineStep.objects.filter(chapter=locked.chapter).order_by("offset_days", "position")
    Activity.objects.bulk_create(
        Activity(
            chapter=locked.chapter,
            trajectory=trajectory,
            kind=step.kind,
            label=step.label,
            due_on=started_on + dt.timedelta(days=step.offset_days),
        )
        for step in steps
    )
    _event(trajectory, "started", actor)
    # the programme that funds it enrols it in this transaction (funding, an app above this one)
    trajectory_started.send(sender=Trajectory, trajectory=trajectory, actor=actor)
    record_event(
        actor=actor,
        verb="trajectory.started",
        chapter=locked.chapter,
        obj=trajectory,
        payload={
            "referral": locked.public_code,
            "organisation": locked.organisation.public_code,
            "started_on": started_on.isoformat(),
        },
    )
    if notify:
        _notify("notify_caller", trajectory.pk, "started")
    return trajectory


@transaction.atomic
def transition(
    *, actor: User, trajectory: Trajectory, to: str, expected_version: int | None = None
) -> Trajectory:
    """Move one step forward: intake -> analysis -> plan -> coaching (closing is ``close``)."""
    locked = _lock(trajectory)
    _must_be_open(locked)
    _check_version(locked, expected_version)
    if to == Status.CLOSED:
        raise GuardRefused(_("Close a trajectory with an outcome, through “Close”."))
    if to not in Trajectory.FLOW:
        raise CoachingError(_("Unknown status: %(status)s.") % {"status": to})
    position = Trajectory.FLOW.index(locked.status)
    if Trajectory.FLOW.index(to) != position + 1:
        raise GuardRefused(
            _("A trajectory in “%(now)s” moves on to “%(next)s”, not to “%(to)s”.")
            % {
                "now": Status(locked.status).label,
                "next": Status(Trajectory.FLOW[position + 1]).label
                if position + 1 < len(Trajectory.FLOW)
                else Status.CLOSED.label,
                "to": Status(to).label,
            }
        )
    today = timezone.localdate()
    fields = ["status"]
    if to == Status.PLAN and not locked.has_analysis_or_reason:
        raise GuardRefused(
            _(
                "Link a financial analysis first, or record why none is needed, before the "
                "plan is made."
            )
        )
    if to == Status.COACHING:
        if not locked.plan_items.exists():
            raise GuardRefused(_("Add at least one plan item: the plan that was agreed."))
        locked.plan_agreed_on = today
        fields.append("plan_agreed_on")
        _complete(locked, Kind.PLAN, today)
    locked.status = to
    _save(locked, fields)
    _event(locked, "status", actor)
    record_event(
        actor=actor,
        verb="trajectory.transition",
        chapter=locked.chapter,
        obj=locked,
        payload={"to": to},
    )
    return locked


@transaction.atomic
def close_trajectory(
    *,
    actor: User,
    trajectory: Trajectory,
    outcome: str,
    conclusion: str,
    expected_version: int | None = None,
    notify: bool = True,
) -> Trajectory:
    """Close from any open status with an outcome; schedule the follow-ups; close the referral
    it came from with the outcome's category (never the coach's notes)."""
    locked = _lock(trajectory)
    _must_be_open(locked)
    _check_version(locked, expected_version)
    if outcome not in Outcome.values:
        raise CoachingError(_("Choose the outcome of the trajectory."))
    conclusion = (conclusion or "").strip()
    if not conclusion:
        raise CoachingError(_("Write a short conclusion: what was done and where the firm stands."))
    today = timezone.localdate()
    locked.status = Status.CLOSED
    locked.outcome = outcome
    locked.conclusion = conclusion[:4000]
    locked.closed_on = today
    _save(locked, ["status", "outcome", "conclusion", "closed_on"])
    _complete(locked, Kind.CLOSURE, today)
    Activity.objects.filter(trajectory=locked, done_on=None).update(skipped=True)
    FollowUp.objects.bulk_create(
        FollowUp(
            chapter=locked.chapter,
            trajectory=locked,
            months=months,
            due_on=today + dt.timedelta(days=FOLLOW_UP_DAYS[months]),
        )
        for months in FOLLOW_UP_MONTHS
    )
    _event(locked, "closed", actor, str(Outcome(outcome).label))
    record_event(
        actor=actor,
        verb="trajectory.closed",
        chapter=locked.chapter,
        obj=locked,
        payload={"outcome": outcome},
    )
    referral = locked.referral
    if referral is not None and referral.status == Referral.Status.ACCEPTED:
        from django.utils import translation

        with translation.override(_chapter_language(locked.chapter)):
            feedback = _("Coaching trajectory closed: %(outcome)s.") % {
                "outcome": Outcome(outcome).label
            }
        referral_actions.close_referral(
            actor=actor,
            referral=referral,
            outcome=REFERRAL_OUTCOME[Outcome(outcome)],
            feedback=feedback,
            notify=False,
        )
    if notify:
        _notify("notify_caller", locked.pk, "closed")
    return locked


@transaction.atomic
def reassign(*, actor: User, trajectory: Trajectory, coach: User, reason: str) -> Trajectory:
    """A coordinator hands a trajectory to another coach of the chapter (who is told)."""
    locked = _lock(trajectory)
    _must_be_open(locked)
    reason = (reason or "").strip()
    if not reason:
        raise CoachingError(_("Say why the trajectory goes to another coach."))
    if not is_coach(coach, locked.chapter):
        raise CoachingError(_("%(name)s is not a coach of this chapter.") % {"name": coach})
    if coach.pk == locked.coach_id:
        raise CoachingError(_("This coach already has the trajectory."))
    previous = locked.coach
    locked.coach = coach
    _save(locked, ["coach"])
    _event(locked, "reassigned", actor, reason)
    record_event(
        actor=actor,
        verb="trajectory.reassigned",
        chapter=locked.chapter,
        obj=locked,
        payload={"from": previous.username, "to": coach.username, "reason": reason[:500]},
    )
    _notify("notify_new_coach", locked.pk)
    return locked


@transaction.atomic
def update_trajectory(
    *, actor: User, trajectory: Trajectory, expected_version: int | None, **fields: Any
) -> Trajectory:
    """Edit the plan summary (the text the coach and the entrepreneur agreed)."""
    locked = _lock(trajectory)
    _must_be_open(locked)
    _check_version(locked, expected_version)
    allowed = {"plan_summary"}
    unknown = set(fields) - allowed
    if unknown:
        raise CoachingError(
            _("These fields cannot be changed here: %(f)s.") % {"f": ", ".join(unknown)}
        )
    for name, value in fields.items():
        setattr(locked, name, (value or "").strip()[:4000])
    _save(locked, sorted(fields))
    record_event(
        actor=actor,
        verb="trajectory.updated",
        chapter=locked.chapter,
        obj=locked,
        payload={"fields": sorted(fields)},
    )
    return locked


# Analyses --------------------------------------------------------------------------------------


def call_facts(conversation: Conversation | None) -> dict[str, Any]:
    """What the call already told about the firm's money (carried into a new analysis)."""
    if conversation is None:
        return {}
    return {
        "conversation": conversation.public_code,
        "held_on": timezone.localdate(conversation.held_at).isoformat(),
        "arrears": sorted(conversation.arrears or []),
        "liquidity_horizon": conversation.liquidity_horizon,
        "temporary_unemployment": conversation.temporary_unemployment,
        "turnover_change": conversation.turnover_change,
    }


#: the conversation's arrears and the analysis's warning signals they answer
ARREARS_SIGNALS = {
    Arrears.RSZ: "rsz_arrears",
    Arrears.VAT: "vat_arrears",
    Arrears.WITHHOLDING: "withholding_tax_arrears",
}


def _latest_conversation(trajectory: Trajectory) -> Conversation | None:
    referral = trajectory.referral
    if referral is not None and referral.conversation_id is not None:
        return referral.conversation
    return (
        Conversation.objects.filter(
            chapter=trajectory.chapter, organisation=trajectory.organisation, superseded_by=None
        )
        .order_by("-held_at")
        .first()
    )


@transaction.atomic
def start_analysis(*, actor: User, trajectory: Trajectory) -> FinancialAnalysis:
    """A new financial analysis for the trajectory's firm, pre-filled from the call: the arrears
    reported become present warning signals (with where they were heard); the liquidity horizon
    and temporary unemployment are kept with the analysis."""
    locked = _lock(trajectory)
    _must_be_open(locked)
    analysis = analysis_actions.create_analysis(
        actor=actor, chapter=locked.chapter, organisation=locked.organisation
    )
    conversation = _latest_conversation(locked)
    facts = call_facts(conversation)
    if facts:
        analysis.call_facts = facts
        analysis.save(update_fields=["call_facts"])
        held = dt.date.fromisoformat(facts["held_on"]).strftime("%d/%m/%Y")
        for arrear in facts["arrears"]:
            key = ARREARS_SIGNALS.get(arrear)
            if key:
                analysis_actions.record_signal(
                    actor=actor,
                    analysis=analysis,
                    key=key,
                    status="present",
                    note=_("Reported in the call of %(date)s.") % {"date": held},
                )
    _link(locked, analysis, actor)
    return analysis


def _link(trajectory: Trajectory, analysis: FinancialAnalysis, actor: User) -> None:
    trajectory.analyses.add(analysis)
    _complete(trajectory, Kind.ANALYSIS, timezone.localdate())
    _touch(trajectory)
    _event(trajectory, "analysis_linked", actor, analysis.public_code)
    record_event(
        actor=actor,
        verb="trajectory.analysis_linked",
        chapter=trajectory.chapter,
        obj=trajectory,
        payload={"analysis": analysis.public_code},
    )


@transaction.atomic
def link_analysis(
    *, actor: User, trajectory: Trajectory, analysis: FinancialAnalysis
) -> Trajectory:
    locked = _lock(trajectory)
    _must_be_open(locked)
    if (
        analysis.chapter_id != locked.chapter_id
        or analysis.organisation_id != locked.organisation_id
    ):
        raise CoachingError(_("This analysis is about another firm."))
    if locked.analyses.filter(pk=analysis.pk).exists():
        raise CoachingError(_("This analysis is already linked."))
    _link(locked, analysis, actor)
    return locked


@transaction.atomic
def waive_analysis(*, actor: User, trajectory: Trajectory, reason: str) -> Trajectory:
    """Record why this trajectory needs no financial analysis (then the plan may be made)."""
    locked = _lock(trajectory)
    _must_be_open(locked)
    reason = (reason or "").strip()
    if not reason:
        raise CoachingError(_("Say why no financial analysis is needed."))
    locked.no_analysis_reason = reason[:500]
    _save(locked, ["no_analysis_reason"])
    Activity.objects.filter(trajectory=locked, kind=Kind.ANALYSIS, done_on=None).update(
        skipped=True
    )
    _event(locked, "analysis_waived", actor, reason)
    record_event(actor=actor, verb="trajectory.analysis_waived", chapter=locked.chapter, obj=locked)
    return locked


# Plan ------------------------------------------------------------------------------------------


def _clean_item(
    trajectory: Trajectory, module: str, description: str, owner: str
) -> tuple[PlanModule, str]:
    found = PlanModule.objects.filter(chapter=trajectory.chapter, key=module, active=True).first()
    if found is None:
        raise CoachingError(_("Choose one of the chapter's plan modules."))
    description = (description or "").strip()
    if not description:
        raise CoachingError(_("Say what will be done."))
    if owner not in PlanItem.Owner.values:
        raise CoachingError(_("Say who does it."))
    return found, description[:500]


@transaction.atomic
def add_plan_item(
    *,
    actor: User,
    trajectory: Trajectory,
    module: str,
    description: str,
    owner: str,
    due_on: dt.date | None = None,
) -> PlanItem:
    locked = _lock(trajectory)
    _must_be_open(locked)
    found, description = _clean_item(locked, module, description, owner)
    item = PlanItem.objects.create(
        chapter=locked.chapter,
        trajectory=locked,
        module=found,
        description=description,
        owner=owner,
        due_on=due_on,
    )
    _touch(locked)
    record_event(
        actor=actor,
        verb="trajectory.plan_item_added",
        chapter=locked.chapter,
        obj=locked,
        payload={"item": item.public_code, "module": found.key},
    )
    return item


def item_snapshot(item: PlanItem) -> dict[str, Any]:
    return {
        "version": item.version,
        "module": item.module.key,
        "description": item.description,
        "owner": item.owner,
        "due_on": item.due_on.isoformat() if item.due_on else None,
        "done_on": item.done_on.isoformat() if item.done_on else None,
    }


@transaction.atomic
def update_plan_item(
    *,
    actor: User,
    item: PlanItem,
    expected_version: int | None,
    module: str,
    description: str,
    owner: str,
    due_on: dt.date | None,
    done: bool,
) -> PlanItem:
    locked = PlanItem.objects.select_for_update().select_related("module").get(pk=item.pk)
    trajectory = _lock(locked.trajectory)
    _must_be_open(trajectory)
    if expected_version is not None and int(expected_version) != locked.version:
        raise EditConflict(
            _(
                "Someone else changed this plan item while you were editing. Your input is kept "
                "below; compare it with their change and save again."
            ),
            item_snapshot(locked),
        )
    found, description = _clean_item(trajectory, module, description, owner)
    locked.module = found
    locked.description = description
    locked.owner = owner
    locked.due_on = due_on
    if done and locked.done_on is None:
        locked.done_on = timezone.localdate()
    elif not done:
        locked.done_on = None
    locked.version = F("version") + 1
    locked.updated_at = timezone.now()
    locked.save(
        update_fields=[
            "module",
            "description",
            "owner",
            "due_on",
            "done_on",
            "version",
            "updated_at",
        ]
    )
    locked.refresh_from_db()
    record_event(
        actor=actor,
        verb="trajectory.plan_item_changed",
        chapter=trajectory.chapter,
        obj=trajectory,
        payload={"item": locked.public_code, "done": locked.done_on is not None},
    )
    return locked


# Sessions --------------------------------------------------------------------------------------


def _clean_session(held_on: dt.date, minutes: int, mode: str, started_on: dt.date) -> int:
    if mode not in Session.Mode.values:
        raise CoachingError(_("Say how the session took place: phone, visit, video or office."))
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        raise CoachingError(_("Give the session's length in minutes.")) from None
    if not 1 <= minutes <= 600:
        raise CoachingError(_("A session lasts between 1 and 600 minutes."))
    if held_on > timezone.localdate():
        raise CoachingError(_("A session cannot be logged in advance."))
    if held_on < started_on:
        raise CoachingError(_("A session cannot be before the intake."))
    return minutes


@transaction.atomic
def log_session(
    *,
    actor: User,
    trajectory: Trajectory,
    held_on: dt.date,
    minutes: int,
    mode: str,
    notes: str = "",
    idempotency_key: uuid.UUID | str | None = None,
) -> tuple[Session, bool]:
    """Log a session; the same ``idempotency_key`` twice stores one (returns it, ``False``)."""
    locked = _lock(trajectory)
    key = uuid.UUID(str(idempotency_key)) if idempotency_key else uuid.uuid4()
    existing = Session.objects.filter(trajectory=locked, idempotency_key=key).first()
    if existing is not None:
        return existing, False
    _must_be_open(locked)
    minutes = _clean_session(held_on, minutes, mode, locked.started_on)
    try:
        with transaction.atomic():
            session = Session.objects.create(
                chapter=locked.chapter,
                trajectory=locked,
                held_on=held_on,
                minutes=minutes,
                mode=mode,
                notes=(notes or "").strip()[:10000],
                recorded_by=actor,
                idempotency_key=key,
            )
    except IntegrityError:
        return Session.objects.get(trajectory=locked, idempotency_key=key), False
    if locked.status == Status.COACHING:
        _complete(locked, Kind.FOLLOW_UP, held_on)
    _touch(locked)
    record_event(
        actor=actor,
        verb="trajectory.session_logged",
        chapter=locked.chapter,
        obj=locked,
        payload={"session": session.public_code, "minutes": minutes, "mode": mode},
    )
    return session, True


@transaction.atomic
def correct_session(
    *, actor: User, session: Session, held_on: dt.date, minutes: int, mode: str, notes: str
) -> Session:
    """A correction is a new version; the old one stays, superseded (notes are append-only)."""
    locked = _lock(session.trajectory)
    _must_be_open(locked)
    current = Session.objects.select_for_update().get(pk=session.pk)
    if Session.objects.filter(supersedes=current).exists():
        raise EditConflict(_("This session was corrected already: correct the newest version."), {})
    minutes = _clean_session(held_on, minutes, mode, locked.started_on)
    new = Session.objects.create(
        chapter=locked.chapter,
        trajectory=locked,
        held_on=held_on,
        minutes=minutes,
        mode=mode,
        notes=(notes or "").strip()[:10000],
        recorded_by=actor,
        version=current.version + 1,
        root=current.root or current,
        supersedes=current,
    )
    record_event(
        actor=actor,
        verb="trajectory.session_corrected",
        chapter=locked.chapter,
        obj=locked,
        payload={"session": new.public_code, "supersedes": current.public_code},
    )
    return new


# Documents -------------------------------------------------------------------------------------


def documents_dir() -> Path:
    return Path(settings.BELRONDE_DOCUMENTS_DIR)


@transaction.atomic
def upload_document(*, actor: User, trajectory: Trajectory, upload: UploadedFile) -> Document:
    """Keep a file with the trajectory: at most 10 MB, PDF, XLSX, DOCX, PNG or JPEG by content."""
    locked = _lock(trajectory)
    _must_be_open(locked)
    if upload.size is None or upload.size > documents.MAX_BYTES:
        raise CoachingError(_("A document can be at most 10 MB."))
    content = upload.read(documents.MAX_BYTES + 1)
    if len(content) > documents.MAX_BYTES:
        raise CoachingError(_("A document can be at most 10 MB."))
    if not content:
        raise CoachingError(_("This file is empty."))
    kind = documents.detect(content[:16], content)
    if kind is None:
        raise CoachingError(
            _("Only PDF, Excel (.xlsx), Word (.docx), PNG and JPEG files can be kept here.")
        )
    token = secrets.token_urlsafe(32)
    stored_as = f"{locked.chapter_id}/{secrets.token_hex(16)}"
    path = documents_dir() / stored_as
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    try:
        document = Document.objects.create(
            chapter=locked.chapter,
            trajectory=locked,
            token=token,
            name=documents.clean_name(upload.name or "", kind),
            kind=kind,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            stored_as=stored_as,
            uploaded_by=actor,
        )
    except Exception:
        path.unlink(missing_ok=True)
        raise
    record_event(
        actor=actor,
        verb="trajectory.document_uploaded",
        chapter=locked.chapter,
        obj=locked,
        payload={"document": document.name, "kind": kind, "size": len(content)},
    )
    return document


def read_document(document: Document) -> bytes:
    return (documents_dir() / document.stored_as).read_bytes()


def record_view(*, actor: User, trajectory: Trajectory, request: Any = None) -> None:
    """Every look at a trajectory is audited (who saw whose case file, when; SEC-BL-03 counts
    these ``*.viewed`` events)."""
    record_event(
        actor=actor,
        verb="trajectory.viewed",
        chapter=trajectory.chapter,
        obj=trajectory,
        payload={"organisation": trajectory.organisation.public_code},
        request=request,
    )


def record_download(*, actor: User, document: Document, request: Any = None) -> None:
    record_event(
        actor=actor,
        verb="trajectory.document_viewed",
        chapter=document.chapter,
        obj=document.trajectory,
        payload={"document": document.name},
        request=request,
    )


# Follow-ups ------------------------------------------------------------------------------------


@transaction.atomic
def answer_follow_up(*, actor: User, follow_up: FollowUp, state: str, answer: str) -> FollowUp:
    locked = FollowUp.objects.select_for_update().select_related("trajectory").get(pk=follow_up.pk)
    if locked.answered_on is not None:
        raise CoachingError(_("This follow-up has been recorded already."))
    if state not in FollowUp.State.values:
        raise CoachingError(_("Say how the firm is doing now."))
    today = timezone.localdate()
    if locked.due_on - dt.timedelta(days=60) > today:
        raise CoachingError(
            _("This follow-up is due on %(date)s; it can be recorded from two months before.")
            % {"date": locked.due_on.strftime("%d/%m/%Y")}
        )
    locked.state = state
    locked.answer = (answer or "").strip()[:2000]
    locked.answered_on = today
    locked.answered_by = actor
    locked.save(update_fields=["state", "answer", "answered_on", "answered_by"])
    _event(locked.trajectory, "follow_up", actor, f"+{locked.months}: {state}")
    record_event(
        actor=actor,
        verb="trajectory.follow_up_recorded",
        chapter=locked.chapter,
        obj=locked.trajectory,
        payload={"months": locked.months, "state": state},
    )
    return locked


# Hand-off to Dyzo ------------------------------------------------------------------------------


@transaction.atomic
def hand_off(
    *,
    actor: User,
    trajectory: Trajectory,
    service: Service,
    text: Any,
    answer: str,
    method: str,
    reason: str,
    notify: bool = True,
) -> tuple[Any, Referral | None]:
    """Refer the trajectory's firm on to a partner (Dyzo) through the same consent and referral
    verbs as a caller uses; with consent given, a referral is made and noted on the trajectory."""
    locked = _lock(trajectory)
    _must_be_open(locked)
    if service.chapter_id != locked.chapter_id or service.kind != Service.Kind.PARTNER:
        raise CoachingError(_("Choose one of the chapter's partner services."))
    consent = referral_actions.record_consent(
        actor=actor,
        service=service,
        organisation=locked.organisation,
        text=text,
        answer=answer,
        method=method,
    )
    if answer != consent.Answer.GIVEN:
        _event(locked, "hand_off_refused", actor, service.name)
        return consent, None
    referral = referral_actions.create_referral(
        actor=actor,
        service=service,
        organisation=locked.organisation,
        consent=consent,
        reason=reason,
        notify=notify,
    )
    _event(locked, "handed_off", actor, referral.public_code)
    _touch(locked)
    record_event(
        actor=actor,
        verb="trajectory.handed_off",
        chapter=locked.chapter,
        obj=locked,
        payload={"referral": referral.public_code, "service": service.public_code},
    )
    return consent, referral
