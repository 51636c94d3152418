"""Fetching campaigns and assignments for a user: other chapter 404, missing right 403."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import formats, timezone

from belronde.accounts.access import ChapterAccess, require
from belronde.accounts.models import User
from belronde.audit.models import AuditEvent
from belronde.campaigns import steps
from belronde.campaigns.models import (
    PERIOD_ENDED,
    Assignment,
    CalendarFeed,
    CallAttempt,
    CallerProfile,
    Campaign,
    ConversationDraft,
    Script,
    ScriptVersion,
    distribution_differs,
)
from belronde.campaigns.segments import organisations_in_segment
from belronde.members.models import Person

Status = Assignment.Status


def organisation_ids_of_caller(chapter_id: int, user_id: int) -> QuerySet[Assignment, Any]:
    """The ids (``organisation_id`` values) of the firms a caller works on in the chapter: the
    assignments published to them, claimed by them or to be called back by them. The member
    registry and the conversations both open exactly these to a caller."""
    return (
        Assignment.objects.filter(chapter_id=chapter_id)
        .filter(Q(caller_id=user_id) | Q(claimed_by_id=user_id) | Q(callback_by_id=user_id))
        .values("organisation_id")
    )


def campaigns_for(access: ChapterAccess) -> QuerySet[Campaign]:
    qs = Campaign.objects.filter(chapter=access.chapter)
    if access.can_manage_chapter:
        return qs
    if access.can_make_calls:
        return qs.filter(caller_links__user=access.membership.user).distinct()
    raise PermissionDenied


def get_campaign_for_user(access: ChapterAccess, code: str) -> Campaign:
    """Any campaign of the chapter for a coordinator; for a caller only campaigns they call in."""
    campaign = (
        Campaign.objects.filter(chapter=access.chapter, public_code=code)
        .select_related("script", "chapter")
        .first()
    )
    if campaign is None:
        raise Http404
    if access.can_manage_chapter:
        return campaign
    user_id = access.membership.user_id  # the id is enough: no query for the user row
    if access.can_make_calls and campaign.caller_links.filter(user_id=user_id).exists():
        return campaign
    raise PermissionDenied


def get_campaign_to_claim_from(access: ChapterAccess, code: str) -> Campaign:
    """The campaign for a claim: any role that may call; whether this user is one of its
    callers is checked (and locked) by ``actions.claim_next`` itself, which answers 403."""
    if not access.can_make_calls:
        if not Campaign.objects.filter(chapter=access.chapter, public_code=code).exists():
            raise Http404
        raise PermissionDenied
    current = ScriptVersion.objects.filter(script=OuterRef("script_id")).order_by("-number")
    campaign = (
        Campaign.objects.filter(chapter=access.chapter, public_code=code)
        .select_related("script", "chapter")
        # the script's current version, by identity (see api.script_out): no second query
        .annotate(
            current_version_id=Subquery(current.values("id")[:1]),
            current_version_at=Subquery(current.values("created_at")[:1]),
        )
        .first()
    )
    if campaign is None:
        raise Http404
    return campaign


def get_campaign_for_coordinator(access: ChapterAccess, code: str) -> Campaign:
    campaign = get_campaign_for_user(access, code)
    require(access.can_manage_chapter)
    return campaign


def get_assignment_for_user(access: ChapterAccess, code: str) -> Assignment:
    """Every assignment of the chapter for a coordinator; for a caller the ones that are theirs."""
    assignment = (
        Assignment.objects.filter(chapter=access.chapter, public_code=code)
        .select_related("campaign", "campaign__script", "organisation", "claimed_by", "caller")
        .first()
    )
    if assignment is None:
        raise Http404
    if access.can_manage_chapter:
        return assignment
    if access.can_make_calls:
        user_id = access.membership.user_id
        if user_id in (assignment.caller_id, assignment.claimed_by_id, assignment.callback_by_id):
            return assignment
        if assignment.call_attempts.filter(caller_id=user_id).exists():
            return assignment
    raise PermissionDenied


def get_script_for_coordinator(access: ChapterAccess, code: str) -> Script:
    script = Script.objects.filter(chapter=access.chapter, public_code=code).first()
    if script is None:
        raise Http404
    require(access.can_manage_chapter)
    return script


def reread_assignment(assignment: Assignment) -> Assignment:
    """The assignment as stored after an action changed it, with what the API answers about it
    (its firm, contact persons and script); the caller had it from ``get_assignment_for_user``."""
    return (
        Assignment.objects.select_related("organisation", "campaign__script")
        .prefetch_related("organisation__persons")
        .get(pk=assignment.pk)
    )


def script_version(version_id: int) -> ScriptVersion:
    """One script version by id, for the API's cache of rendered scripts (the id comes from a
    campaign the user may open, never from the client)."""
    return ScriptVersion.objects.get(pk=version_id)


# Reads of the caller's screens and the coordinator's pages ---------------------------------------


def running_campaigns_of_caller(access: ChapterAccess) -> list[Campaign]:
    """The chapter's running campaigns the user calls for."""
    require(access.can_make_calls)
    return list(
        Campaign.objects.filter(
            chapter=access.chapter,
            status=Campaign.Status.RUNNING,
            caller_links__user_id=access.membership.user_id,
        )
        .select_related("script")
        .distinct()
    )


#: how long "my calls" still shows a round closed at its end date (``ended_campaigns_of_caller``)
ENDED_SHOWN_DAYS = 14


def ended_campaigns_of_caller(access: ChapterAccess, today: dt.date) -> list[Campaign]:
    """The chapter's closed rounds the user called for whose end date passed in the last
    ``ENDED_SHOWN_DAYS`` days: "my calls" says they ended (the worker closes a round the hour
    after its end date, which would otherwise just make it disappear)."""
    require(access.can_make_calls)
    return list(
        Campaign.objects.filter(
            chapter=access.chapter,
            status=Campaign.Status.CLOSED,
            caller_links__user_id=access.membership.user_id,
            ends_on__lt=today,
            ends_on__gte=today - dt.timedelta(days=ENDED_SHOWN_DAYS),
        )
        .order_by("-ends_on", "name")
        .distinct()
    )


def closed_at_period_end(campaign: Campaign) -> dt.datetime | None:
    """When the worker closed ``campaign`` because its end date had passed
    (``actions.close_ended_campaigns``: a ``campaign.closed`` event with the reason
    ``period_ended``), or None when it did not (still open, or closed by a coordinator). The
    campaign came from ``get_campaign_for_coordinator``."""
    if campaign.status != Campaign.Status.CLOSED:
        return None
    return (
        AuditEvent.objects.filter(
            chapter_id=campaign.chapter_id,
            verb="campaign.closed",
            object_type=campaign._meta.label_lower,
            object_code=campaign.public_code,
            payload__reason=PERIOD_ENDED,
        )
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )


def assignments_of_campaigns(
    access: ChapterAccess, campaigns: list[Campaign]
) -> QuerySet[Assignment]:
    """The assignments of these campaigns of the chapter (for "my calls", which filters them
    down to the caller's own and counts the pool)."""
    require(access.can_make_calls)
    return Assignment.objects.filter(chapter=access.chapter, campaign__in=campaigns).select_related(
        "organisation", "campaign"
    )


def attempts_of_caller_since(access: ChapterAccess, since: dt.datetime) -> QuerySet[CallAttempt]:
    """The calls the user made in the chapter since ``since``, newest first (at most 30)."""
    require(access.can_make_calls)
    return (
        CallAttempt.objects.filter(
            chapter=access.chapter, caller_id=access.membership.user_id, at__gte=since
        )
        .select_related("assignment__organisation")
        .order_by("-at")[:30]
    )


def contact_history(assignment: Assignment) -> dict[str, Any]:
    """The last attempts and conversations with the firm of an assignment the user may open
    (``get_assignment_for_user`` checked it), over every campaign; whether the firm was helped
    (``helped``: dates and outcome category only) and "then and now": the latest conversation
    of an earlier round (``then``) next to this round's (``now``, None before the call).

    The help comes from ``coaching``, above this app: an upward ``access`` call inside the
    function, as docs/architecture.md allows."""
    from belronde.coaching.access import help_of_organisations
    from belronde.conversations.models import Conversation

    attempts = (
        CallAttempt.objects.filter(assignment__organisation=assignment.organisation)
        .select_related("caller", "assignment__campaign")
        .order_by("-at")[:10]
    )
    conversations = list(
        Conversation.objects.filter(
            organisation=assignment.organisation, superseded_by__isnull=True
        )
        .select_related("campaign", "recorded_by")
        .order_by("-held_at")[:5]
    )
    now = next((c for c in conversations if c.campaign_id == assignment.campaign_id), None)
    then = next(
        (
            c
            for c in conversations
            if c.campaign_id != assignment.campaign_id and (now is None or c.held_at < now.held_at)
        ),
        None,
    )
    return {
        "attempts": attempts,
        "conversations": conversations,
        "helped": help_of_organisations(assignment.chapter_id, [assignment.organisation_id]),
        "then": then,
        "now": now,
    }


def attempts_with(access: ChapterAccess, organisation_ids: list[int]) -> QuerySet[CallAttempt]:
    """The calls with these firms (of the chapter) that the user may see, newest first: every
    call for a coordinator and for a coach (who reads the case of a firm they may open), a
    caller's own calls only. What each note may be read by: ``may_read_note``."""
    require(access.can_make_calls or access.can_coach)
    found = (
        CallAttempt.objects.filter(
            chapter=access.chapter, assignment__organisation_id__in=organisation_ids
        )
        .select_related("caller", "assignment__campaign")
        .order_by("-at", "-id")
    )
    if access.can_manage_chapter or not access.can_make_calls:
        return found
    return found.filter(caller_id=access.membership.user_id)


def may_read_note(access: ChapterAccess, attempt: CallAttempt) -> bool:
    """A call's note is for the coordinators and the caller who wrote it: a coach reads that a
    call was made and how it ended, not what the caller jotted down."""
    return access.can_manage_chapter or attempt.caller_id == access.membership.user_id


def draft_of(access: ChapterAccess, assignment: Assignment) -> ConversationDraft | None:
    """The user's autosaved answers for this assignment, if any."""
    return ConversationDraft.objects.filter(
        assignment=assignment, caller_id=access.membership.user_id
    ).first()


def distribution_rows(access: ChapterAccess, campaign: Campaign) -> QuerySet[Assignment]:
    """Every assignment of the campaign with its callers, for the coordinator's distribution."""
    require(access.can_manage_chapter)
    return (
        Assignment.objects.filter(campaign=campaign)
        .select_related("organisation", "proposed_caller", "caller", "claimed_by")
        .order_by("proposed_caller__first_name", "organisation__name")
    )


def caller_profile_of(access: ChapterAccess) -> CallerProfile | None:
    """The user's declared conflicts and preferences in the chapter, if they saved any."""
    return CallerProfile.objects.filter(
        chapter=access.chapter, user_id=access.membership.user_id
    ).first()


def live_calendar_feed(user: User) -> CalendarFeed | None:
    """The user's calendar link that still works, if they made one."""
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def calendar_feed_by_token(token: str) -> CalendarFeed | None:
    """The live feed a calendar application asks for; the token is the capability (global,
    unguessable, revocable), so it is not scoped to a chapter; None for a revoked or unknown
    token or an inactive user."""
    feed = (
        CalendarFeed.objects.filter(token=token, revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    return feed if feed is not None and feed.user.is_active else None


def feed_callbacks(feed: CalendarFeed, since: dt.datetime) -> list[Assignment]:
    """The call-backs the feed's user agreed to, from ``since``, still to be made."""
    return list(
        Assignment.objects.filter(callback_by=feed.user, callback_at__gte=since)
        .exclude(
            status__in=[
                Assignment.Status.DONE,
                Assignment.Status.REFUSED,
                Assignment.Status.DO_NOT_CALL,
            ]
        )
        .select_related("organisation", "chapter")
    )


def scripts_for_coordinator(access: ChapterAccess) -> QuerySet[Script]:
    require(access.can_manage_chapter)
    return Script.objects.filter(chapter=access.chapter).prefetch_related("versions", "campaigns")


# The coordinator's picture of a campaign -------------------------------------------------------

STALE_AFTER = dt.timedelta(minutes=30)
TIMELINE_DAYS = 14


def progress_per_caller(campaign: Campaign) -> list[dict[str, Any]]:
    """Per caller: to call, claimed, attempted, reached, done, unreachable, refused."""
    users = list(campaign.callers.order_by("first_name", "last_name", "username"))
    assigned = Counter(
        {
            (caller, status): n
            for caller, status, n in Assignment.objects.filter(campaign=campaign)
            .values_list("caller_id", "status")
            .annotate(n=Count("pk"))
            .values_list("caller_id", "status", "n")
        }
    )
    claimed = Counter(
        dict(
            Assignment.objects.filter(campaign=campaign, status=Status.CLAIMED)
            .values_list("claimed_by_id")
            .annotate(n=Count("pk"))
            .values_list("claimed_by_id", "n")
        )
    )
    attempts = CallAttempt.objects.filter(assignment__campaign=campaign).values("caller_id")
    attempted = Counter(dict(attempts.annotate(n=Count("pk")).values_list("caller_id", "n")))
    reached = Counter(
        dict(
            attempts.filter(outcome=CallAttempt.Outcome.REACHED)
            .annotate(n=Count("pk"))
            .values_list("caller_id", "n")
        )
    )
    return [
        {
            "user": user,
            "to_call": assigned[(user.pk, Status.OPEN)],
            "claimed": claimed[user.pk],
            "attempted": attempted[user.pk],
            "reached": reached[user.pk],
            "done": assigned[(user.pk, Status.DONE)],
            "unreachable": assigned[(user.pk, Status.UNREACHABLE)],
            "refused": assigned[(user.pk, Status.REFUSED)]
            + assigned[(user.pk, Status.DO_NOT_CALL)],
        }
        for user in users
    ]


def attempts_per_day(campaign: Campaign) -> list[dict[str, Any]]:
    """Attempts and reached calls per day over the last two weeks, oldest first."""
    from django.db.models.functions import TruncDate

    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    first = today - dt.timedelta(days=TIMELINE_DAYS - 1)
    start = dt.datetime.combine(first, dt.time(), tz)
    rows = (
        CallAttempt.objects.filter(assignment__campaign=campaign, at__gte=start)
        .annotate(day=TruncDate("at", tzinfo=tz))
        .values("day")
        .annotate(n=Count("pk"), reached=Count("pk", filter=Q(outcome=CallAttempt.Outcome.REACHED)))
    )
    by_day = {row["day"]: row for row in rows}
    days = [first + dt.timedelta(days=k) for k in range(TIMELINE_DAYS)]
    empty = {"n": 0, "reached": 0}
    return [
        {
            "day": day,
            "attempts": by_day.get(day, empty)["n"],
            "reached": by_day.get(day, empty)["reached"],
        }
        for day in days
    ]


def campaign_progress(campaign: Campaign) -> dict[str, Any]:
    """The coordinator's live picture of a campaign (the campaign came from
    ``get_campaign_for_coordinator``): counts by status, per caller, today, stale claims,
    health of the conversations and attempts per day."""
    rows = Assignment.objects.filter(campaign=campaign)
    by_status = Counter(
        dict(rows.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    )
    total = sum(by_status.values())
    finished = sum(
        by_status[s] for s in (Status.DONE, Status.UNREACHABLE, Status.REFUSED, Status.DO_NOT_CALL)
    )
    now = timezone.now()
    start = dt.datetime.combine(timezone.localdate(), dt.time(), timezone.get_current_timezone())
    attempts_today = CallAttempt.objects.filter(
        assignment__campaign=campaign, at__gte=start
    ).count()
    stale = (
        rows.filter(status=Status.CLAIMED, claimed_at__lt=now - STALE_AFTER)
        .filter(Q(callback_at__isnull=True) | Q(callback_at__lt=now - STALE_AFTER))
        .select_related("organisation", "claimed_by")
        .order_by("claimed_at")[:50]
    )
    health = Counter(
        dict(
            campaign.conversations.filter(superseded_by__isnull=True)
            .values_list("health")
            .annotate(n=Count("pk"))
            .values_list("health", "n")
        )
    )
    timeline = attempts_per_day(campaign)
    return {
        "campaign": campaign,
        "total": total,
        "finished": finished,
        "percent": round(100 * finished / total) if total else 0,
        "by_status": [(Status(s).label, s, by_status.get(s, 0)) for s in Status.values],
        "attempts_today": attempts_today,
        "caller_rows": progress_per_caller(campaign),
        "callers": list(campaign.callers.order_by("first_name", "username")),
        "stale": list(stale),
        "stale_minutes": int(STALE_AFTER.total_seconds() // 60),
        "timeline": timeline,
        "health": [(h, health.get(h, 0)) for h in ("green", "orange", "red")],
        "updated_at": now,
    }


# The coordinator's next step and the segment explained ------------------------------------------

FINISHED = (Status.DONE, Status.UNREACHABLE, Status.REFUSED, Status.DO_NOT_CALL)


def segment_and_contacts(campaign: Campaign) -> dict[str, int]:
    """Why the segment count and the contact count of a round differ, in numbers.

    The segment is read live (``segments.organisations_in_segment``: never a do-not-call firm,
    never a duplicate merged into another), while the contacts (assignments) are made once, when
    the contacts are distributed or the round starts, and never deleted. So after an import or
    a change they part ways:

    - ``new``: firms in the segment with no contact yet (imported or changed since);
    - ``do_not_call``: contacts whose firm was marked do-not-call since (by a caller, or the
      member list); ``merged``: contacts whose firm was merged into another as a duplicate;
      ``left``: other contacts whose firm no longer matches (fewer employees, another sector or
      postal code, called in another round lately);
    - ``without_phone``: open contacts (open or being called) with no phone number at all
      (neither the firm's general number nor a contact person's), which no caller can call.

    ``in_segment = contacts - do_not_call - merged - left + new`` always holds.
    """
    segment = organisations_in_segment(
        campaign.chapter, campaign.segment, exclude_campaign_id=campaign.pk
    )
    contacts = Assignment.objects.filter(campaign=campaign)
    outside = contacts.exclude(organisation_id__in=segment.values("pk")).aggregate(
        do_not_call=Count("pk", filter=Q(organisation__do_not_call=True)),
        merged=Count(
            "pk",
            filter=Q(organisation__do_not_call=False, organisation__merged_into__isnull=False),
        ),
        left=Count(
            "pk", filter=Q(organisation__do_not_call=False, organisation__merged_into__isnull=True)
        ),
    )
    reachable = Person.objects.filter(organisation_id=OuterRef("organisation_id")).exclude(
        phone="", mobile=""
    )
    without_phone = (
        contacts.filter(status__in=[Status.OPEN, Status.CLAIMED], organisation__phone="")
        .exclude(Exists(reachable))
        .count()
    )
    return {
        "in_segment": segment.count(),
        "contacts": contacts.count(),
        "new": segment.exclude(pk__in=contacts.values("organisation_id")).count(),
        "do_not_call": outside["do_not_call"],
        "merged": outside["merged"],
        "left": outside["left"],
        "without_phone": without_phone,
    }


def campaign_overview(campaign: Campaign) -> dict[str, Any]:
    """The coordinator's picture of where a round stands (the campaign came from
    ``get_campaign_for_coordinator``): the segment against the contacts, the distribution, the
    callers without work, and the one next step (``steps.next_step``)."""
    numbers = segment_and_contacts(campaign)
    rows = Assignment.objects.filter(campaign=campaign)
    callers = list(campaign.callers.order_by("first_name", "last_name", "username"))
    caller_ids = {u.pk for u in callers}
    sharable = rows.filter(status=Status.OPEN, callback_at__isnull=True, caller__isnull=False)
    loads = Counter(dict(sharable.values_list("caller_id").annotate(n=Count("pk"))))
    idle: list[str] = []
    orphaned = 0
    if campaign.distribution_published_at is not None and callers:
        busiest = max((loads.get(u.pk, 0) for u in callers), default=0)
        if busiest >= 2:
            idle = [str(u.display_name) for u in callers if loads.get(u.pk, 0) == 0]
        orphaned = sum(n for pk, n in loads.items() if pk not in caller_ids)
    finished = rows.filter(status__in=FINISHED).count()
    facts = steps.Facts(
        status=campaign.status,
        period=campaign.period_state(timezone.localdate()),
        starts_on=formats.date_format(campaign.starts_on, "SHORT_DATE_FORMAT"),
        ends_on=formats.date_format(campaign.ends_on, "SHORT_DATE_FORMAT"),
        callers=len(callers),
        in_segment=numbers["in_segment"],
        contacts=numbers["contacts"],
        finished=finished,
        proposed=rows.filter(status=Status.OPEN, proposed_caller__isnull=False).count(),
        unpublished=rows.filter(status=Status.OPEN, callback_by__isnull=True)
        .filter(distribution_differs())
        .count(),
        published=campaign.distribution_published_at is not None,
        new_in_segment=numbers["new"],
        idle_callers=tuple(idle),
        orphaned=orphaned,
    )
    return {"segment": numbers, "facts": facts, "step": steps.next_step(facts)}
