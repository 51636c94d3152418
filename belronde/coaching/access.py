"""The only way to reach trajectories: within the chapter, for their coach and the coordinators.

A coach sees the trajectories they coach; a coordinator all of the chapter's. Another chapter's
trajectory, one that does not exist or another coach's is 404 (its existence is not told); a
role without the coaching right (caller, partner, funder, regional) is 403.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from belronde.accounts import roles
from belronde.accounts.access import ChapterAccess, require
from belronde.accounts.models import Membership, User
from belronde.analyses import access as analysis_access
from belronde.analyses.models import FinancialAnalysis
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
from belronde.referrals import access as referral_access
from belronde.referrals.models import Language, Service


def trajectories_for(access: ChapterAccess, user: User) -> QuerySet[Trajectory]:
    """A coach's own trajectories; every trajectory of the chapter for a coordinator."""
    require(access.can_coach)
    found = Trajectory.objects.filter(chapter=access.chapter).select_related(
        "organisation", "coach", "referral"
    )
    if not access.can_manage_chapter:
        found = found.filter(coach=user)
    return found


def with_next_activity(trajectories: QuerySet[Trajectory]) -> QuerySet[Trajectory]:
    """Annotate ``next_due`` (the earliest open activity's date) and ``late_count``."""
    today = timezone.localdate()
    open_q = Q(activities__done_on__isnull=True, activities__skipped=False)
    return trajectories.annotate(
        next_due=Min("activities__due_on", filter=open_q),
        late_count=Count("activities", filter=open_q & Q(activities__due_on__lt=today)),
    )


def get_trajectory(access: ChapterAccess, user: User, code: str) -> Trajectory:
    trajectory = trajectories_for(access, user).filter(public_code=code).first()
    if trajectory is None:
        raise Http404
    return trajectory


def get_trajectory_summary(access: ChapterAccess, user: User, code: str) -> Trajectory:
    """``get_trajectory`` with ``next_due`` and ``late_count`` (as in the list)."""
    found = with_next_activity(trajectories_for(access, user).filter(public_code=code)).first()
    if found is None:
        raise Http404
    return found


def trajectory_of_referral(access: ChapterAccess, referral_id: int) -> Trajectory | None:
    """The trajectory started from a referral (for the referral page: who may see the referral
    may know whether a trajectory exists)."""
    require(access.can_coach)
    return Trajectory.objects.filter(chapter=access.chapter, referral_id=referral_id).first()


def activities_of(trajectory: Trajectory) -> list[Activity]:
    return list(trajectory.activities.order_by("due_on", "id"))


def plan_items_of(trajectory: Trajectory) -> QuerySet[PlanItem]:
    return trajectory.plan_items.select_related("module").order_by("due_on", "id")


def get_plan_item(trajectory: Trajectory, code: str) -> PlanItem:
    item = plan_items_of(trajectory).filter(public_code=code).first()
    if item is None:
        raise Http404
    return item


def sessions_of(trajectory: Trajectory) -> QuerySet[Session]:
    """The current version of each session (corrections replace what they supersede)."""
    return (
        trajectory.sessions.filter(superseded_by__isnull=True)
        .select_related("recorded_by")
        .order_by("-held_on", "-id")
    )


def get_session(trajectory: Trajectory, code: str) -> Session:
    session = trajectory.sessions.filter(public_code=code).first()
    if session is None:
        raise Http404
    return session


def session_versions(session: Session) -> QuerySet[Session]:
    root = session.root_id or session.pk
    return Session.objects.filter(Q(pk=root) | Q(root_id=root)).order_by("version")


def analysis_codes_of(trajectory: Trajectory) -> list[str]:
    """The codes of the financial analyses linked to the trajectory, oldest first."""
    return list(
        trajectory.analyses.order_by("created_at", "pk").values_list("public_code", flat=True)
    )


def documents_of(trajectory: Trajectory) -> QuerySet[Document]:
    return trajectory.documents.select_related("uploaded_by")


def get_document(access: ChapterAccess, user: User, code: str, token: str) -> Document:
    """A document by its random token, inside a trajectory the user may open (404 otherwise)."""
    trajectory = get_trajectory(access, user, code)
    document = trajectory.documents.filter(token=token).first()
    if document is None:
        raise Http404
    return document


def follow_ups_of(trajectory: Trajectory) -> QuerySet[FollowUp]:
    return trajectory.follow_ups.order_by("due_on")


def get_follow_up(trajectory: Trajectory, code: str) -> FollowUp:
    found = trajectory.follow_ups.filter(public_code=code).first()
    if found is None:
        raise Http404
    return found


def plan_modules(access: ChapterAccess) -> QuerySet[PlanModule]:
    require(access.can_coach)
    return PlanModule.objects.filter(chapter=access.chapter, active=True)


def timeline(access: ChapterAccess) -> QuerySet[TimelineStep]:
    """The chapter's standard timeline (read by coaches, edited by coordinators)."""
    require(access.can_coach)
    return TimelineStep.objects.filter(chapter=access.chapter).order_by("offset_days", "position")


@dataclass(frozen=True)
class LateActivity:
    trajectory: str
    organisation: str
    coach: str
    activity: str
    kind: str
    due_on: dt.date
    days_late: int


def late_activities(
    chapter_id: int, *, coach: User | None = None, today: dt.date | None = None
) -> list[LateActivity]:
    """Open activities past their date and follow-ups past due, oldest first (for the CLI, the
    coach's list and the weekly digest; the callers check the access)."""
    today = today or timezone.localdate()
    rows = Activity.objects.filter(
        chapter_id=chapter_id,
        done_on__isnull=True,
        skipped=False,
        due_on__lt=today,
        trajectory__status__in=Trajectory.FLOW,
    ).select_related("trajectory__organisation", "trajectory__coach")
    follow_ups = FollowUp.objects.filter(
        chapter_id=chapter_id, answered_on__isnull=True, due_on__lt=today
    ).select_related("trajectory__organisation", "trajectory__coach")
    if coach is not None:
        rows = rows.filter(trajectory__coach=coach)
        follow_ups = follow_ups.filter(trajectory__coach=coach)
    found = [
        LateActivity(
            trajectory=a.trajectory.public_code,
            organisation=a.trajectory.organisation.display_name,
            coach=a.trajectory.coach.username,
            activity=a.label,
            kind=a.kind,
            due_on=a.due_on,
            days_late=(today - a.due_on).days,
        )
        for a in rows
    ]
    from django.utils.translation import gettext as _

    found += [
        LateActivity(
            trajectory=f.trajectory.public_code,
            organisation=f.trajectory.organisation.display_name,
            coach=f.trajectory.coach.username,
            activity=_("Follow-up after %(months)d months") % {"months": f.months},
            kind="follow_up_after_close",
            due_on=f.due_on,
            days_late=(today - f.due_on).days,
        )
        for f in follow_ups
    ]
    return sorted(found, key=lambda r: (r.due_on, r.trajectory))


def due_soon(chapter_id: int, coach: User, *, today: dt.date, days: int = 7) -> list[Activity]:
    """Open activities of a coach's trajectories due in the next ``days``."""
    return list(
        Activity.objects.filter(
            chapter_id=chapter_id,
            trajectory__coach=coach,
            trajectory__status__in=Trajectory.FLOW,
            done_on__isnull=True,
            skipped=False,
            due_on__gte=today,
            due_on__lt=today + dt.timedelta(days=days),
        )
        .select_related("trajectory__organisation")
        .order_by("due_on")
    )


def follow_ups_to_remind(
    chapter_id: int, coach: User, *, today: dt.date, days: int = 7
) -> list[FollowUp]:
    """Unanswered follow-ups of a coach's trajectories that are late or due in the next ``days``
    (the weekly digest lists them and marks them reminded)."""
    return list(
        FollowUp.objects.filter(
            chapter_id=chapter_id,
            trajectory__coach=coach,
            answered_on__isnull=True,
            due_on__lt=today + dt.timedelta(days=days),
        )
        .select_related("trajectory__organisation")
        .order_by("due_on", "id")
    )


@dataclass(frozen=True)
class Workload:
    coach: User
    open: int
    late: int
    minutes: int


def workload(access: ChapterAccess) -> list[Workload]:
    """Per coach of the chapter: open trajectories, late activities, minutes logged."""
    require(access.can_manage_chapter)
    today = timezone.localdate()
    coaches = list(
        User.objects.filter(
            memberships__chapter=access.chapter,
            memberships__is_active=True,
            memberships__role__in=roles.COACH_ROLES,
            is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    open_by = dict(
        Trajectory.objects.filter(chapter=access.chapter, status__in=Trajectory.FLOW)
        .values_list("coach")
        .annotate(n=Count("pk"))
    )
    late_by = dict(
        Activity.objects.filter(
            chapter=access.chapter,
            done_on__isnull=True,
            skipped=False,
            due_on__lt=today,
            trajectory__status__in=Trajectory.FLOW,
        )
        .values_list("trajectory__coach")
        .annotate(n=Count("pk"))
    )
    minutes_by = dict(
        Session.objects.filter(chapter=access.chapter, superseded_by__isnull=True)
        .values_list("trajectory__coach")
        .annotate(n=Sum("minutes"))
    )
    return [
        Workload(
            coach=c,
            open=open_by.get(c.pk, 0),
            late=late_by.get(c.pk, 0),
            minutes=minutes_by.get(c.pk, 0) or 0,
        )
        for c in coaches
    ]


def coaches_of(access: ChapterAccess) -> QuerySet[User]:
    """The chapter's coaches a trajectory can be given to."""
    require(access.can_manage_chapter)
    return (
        User.objects.filter(
            memberships__chapter=access.chapter,
            memberships__is_active=True,
            memberships__role__in=roles.COACH_ROLES,
            is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def helped_by_my_calls(access: ChapterAccess, user: User) -> QuerySet[Trajectory]:
    """Trajectories of firms this caller referred (for the caller's overview): status and, once
    closed, the outcome category; never notes, figures or the coach's conclusion."""
    return (
        Trajectory.objects.filter(chapter=access.chapter, referral__created_by=user)
        .select_related("organisation")
        .only("public_code", "status", "outcome", "started_on", "closed_on", "organisation")
        .order_by("-started_on")
    )


# For the member registry, the call screen and the case file ------------------------------------


def organisation_ids_of_coach(chapter_id: int, user_id: int) -> QuerySet[Trajectory, Any]:
    """The ``organisation_id`` values of the firms a coach has (or had) a trajectory with; the
    member registry opens these to the coach, next to the firms of their referrals."""
    return Trajectory.objects.filter(chapter_id=chapter_id, coach_id=user_id).values(
        "organisation_id"
    )


@dataclass(frozen=True)
class Help:
    """That a firm was helped, as anyone who may open the firm may know it: when the trajectory
    started and closed, and the outcome's category. Never the coach, notes, figures or the
    conclusion."""

    code: str
    started_on: dt.date
    closed_on: dt.date | None
    outcome: str
    #: when the trajectory was recorded and last changed (the close, once closed): only to
    #: order the facts among others of the same day
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def outcome_label(self) -> str:
        return str(Trajectory.Outcome(self.outcome).label) if self.outcome else ""


def help_of_organisations(chapter_id: int, organisation_ids: list[int]) -> list[Help]:
    """The trajectories of these firms as ``Help`` facts, newest first, in one query. The caller
    has checked that the user may open the firms (``members.access`` or an assignment)."""
    rows = (
        Trajectory.objects.filter(chapter_id=chapter_id, organisation_id__in=organisation_ids)
        .order_by("-started_on", "-id")
        .values_list(
            "public_code", "started_on", "closed_on", "outcome", "created_at", "updated_at"
        )
    )
    return [Help(*row) for row in rows]


def hand_off_services(access: ChapterAccess) -> QuerySet[Service]:
    """The chapter's active partner services (Dyzo, ...) a coach can hand a firm on to."""
    require(access.can_coach)
    return (
        referral_access.services_for(access)
        .filter(kind=Service.Kind.PARTNER, status=Service.Status.ACTIVE)
        .order_by("name")
    )


def consent_languages(access: ChapterAccess, service: Service) -> list[str]:
    """The languages the service's consent text exists in, in the order of ``Language``."""
    have = {t.language for t in referral_access.consent_text_history(access, service)}
    return [code for code in Language.values if code in have]


# For the coach's pages -------------------------------------------------------------------------


def count_by_status(trajectories: QuerySet[Trajectory]) -> dict[str, int]:
    """How many of ``trajectories`` (from ``trajectories_for``) are in each status."""
    return dict(trajectories.order_by().values_list("status").annotate(n=Count("pk")))


def next_activities(trajectory_ids: list[int]) -> dict[int, Activity]:
    """The first open activity of each trajectory (ids from ``trajectories_for``)."""
    found: dict[int, Activity] = {}
    for activity in Activity.objects.filter(
        trajectory_id__in=trajectory_ids, done_on__isnull=True, skipped=False
    ).order_by("due_on", "id"):
        found.setdefault(activity.trajectory_id, activity)
    return found


def analyses_of(trajectory: Trajectory) -> QuerySet[FinancialAnalysis]:
    return trajectory.analyses.order_by("-updated_at", "-id")


def linkable_analyses(access: ChapterAccess, trajectory: Trajectory) -> list[FinancialAnalysis]:
    """The firm's analyses in the chapter that the trajectory does not link yet."""
    linked = set(trajectory.analyses.values_list("pk", flat=True))
    return [
        a
        for a in analysis_access.analyses_for(access)
        .filter(organisation=trajectory.organisation)
        .order_by("-updated_at", "-id")
        if a.pk not in linked
    ]


def events_of(trajectory: Trajectory) -> QuerySet[TrajectoryEvent]:
    return trajectory.events.select_related("actor").order_by("at", "id")


__all__ = ["Membership", "Prefetch"]
