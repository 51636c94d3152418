"""The coach's weekly digest: what is due in the next week and what is late, once a week.

``send_coach_digests`` is a periodic job of the worker (settings.PERIODIC_JOBS, every hour).
From Monday 07:00 Europe/Brussels on, the first run of each ISO week sends every coach of every
chapter who has activities or follow-ups due in the next 7 days, or late, one e-mail per chapter
in their language: each item with its date and a link to the trajectory, and how many are late.
A coach with nothing due gets nothing.

The ledger row (``CoachDigestSent``, unique per coach, chapter and week) is written before the
mail goes out, so two workers never send the same digest; when the mail fails, the row is
removed again and the next run tries once more. The follow-ups a digest names are marked
reminded (``FollowUp.reminded_on``).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from belronde.accounts import roles
from belronde.accounts.models import Chapter, Membership, User
from belronde.audit.actions import record_event
from belronde.coaching import access
from belronde.coaching.models import CoachDigestSent, FollowUp
from belronde.lib.mail import Recipient, absolute_url, mail_language, send_localised

logger = logging.getLogger("belronde.coaching")

#: the digest's clock: Monday from 07:00 in Brussels
ZONE = ZoneInfo("Europe/Brussels")
SEND_FROM = dt.time(7, 0)
#: what counts as due: the next 7 days, today included
DUE_DAYS = 7


@dataclass(frozen=True)
class Line:
    """One item of the digest: what, for which firm, when, and the link to its trajectory."""

    due_on: dt.date
    what: str
    organisation: str
    url: str
    days_late: int = 0


@dataclass(frozen=True)
class Digest:
    late: list[Line]
    due: list[Line]
    follow_ups: list[FollowUp]

    @property
    def is_empty(self) -> bool:
        return not self.late and not self.due


def iso_week(day: dt.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def is_due(now: dt.datetime) -> bool:
    """Whether this week's digest may go out: from Monday 07:00 Brussels time on."""
    local = now.astimezone(ZONE)
    return local.weekday() > 0 or local.time() >= SEND_FROM


def _url(chapter: Chapter, code: str) -> str:
    return absolute_url("coaching:detail", chapter=chapter.slug, code=code)


def digest_for(coach: User, chapter: Chapter, today: dt.date) -> Digest:
    """What the coach's digest for ``chapter`` holds today, in the active language."""
    late = [
        Line(
            due_on=row.due_on,
            what=row.activity,
            organisation=row.organisation,
            url=_url(chapter, row.trajectory),
            days_late=row.days_late,
        )
        for row in access.late_activities(chapter.pk, coach=coach, today=today)
    ]
    due = [
        Line(
            due_on=activity.due_on,
            what=activity.label,
            organisation=activity.trajectory.organisation.display_name,
            url=_url(chapter, activity.trajectory.public_code),
        )
        for activity in access.due_soon(chapter.pk, coach, today=today, days=DUE_DAYS)
    ]
    follow_ups = access.follow_ups_to_remind(chapter.pk, coach, today=today, days=DUE_DAYS)
    due += [
        Line(
            due_on=follow_up.due_on,
            what=_("Follow-up after %(months)d months") % {"months": follow_up.months},
            organisation=follow_up.trajectory.organisation.display_name,
            url=_url(chapter, follow_up.trajectory.public_code),
        )
        for follow_up in follow_ups
        if follow_up.due_on >= today  # the late ones are in late_activities already
    ]
    due.sort(key=lambda line: (line.due_on, line.organisation))
    return Digest(late=late, due=due, follow_ups=follow_ups)


def _coaches() -> list[tuple[User, Chapter]]:
    """Every active coach (and coordinator, who may coach) of every chapter, once per chapter."""
    memberships = (
        Membership.objects.filter(
            is_active=True,
            user__is_active=True,
            chapter__isnull=False,
            role__in=roles.COACH_ROLES,
        )
        .exclude(user__email="")
        .select_related("user", "chapter")
        .order_by("chapter_id", "user_id")
    )
    seen: set[tuple[int, int]] = set()
    found: list[tuple[User, Chapter]] = []
    for membership in memberships:
        chapter = membership.chapter
        assert chapter is not None
        key = (membership.user_id, chapter.pk)
        if key not in seen:
            seen.add(key)
            found.append((membership.user, chapter))
    return found


def send_coach_digests(*, now: dt.datetime | None = None) -> int:
    """Send this week's digests that are due; returns how many were sent."""
    now = now or timezone.now()
    if not is_due(now):
        return 0
    today = now.astimezone(ZONE).date()
    week = iso_week(today)
    done = set(CoachDigestSent.objects.filter(week=week).values_list("user_id", "chapter_id"))
    sent = 0
    for coach, chapter in _coaches():
        if (coach.pk, chapter.pk) in done:
            continue
        language = mail_language(coach.language)
        with translation.override(language):
            digest = digest_for(coach, chapter, today)
        if digest.is_empty:
            continue
        try:
            with transaction.atomic():
                CoachDigestSent.objects.create(
                    user=coach,
                    chapter=chapter,
                    week=week,
                    items=len(digest.late) + len(digest.due),
                )
        except IntegrityError:
            continue  # another worker took this one
        try:
            send_localised(
                Recipient(coach.email, coach.language, coach.display_name),
                "coaching/email/digest",
                {
                    "chapter": chapter.name,
                    "late": digest.late,
                    "due": digest.due,
                    "days": DUE_DAYS,
                    "overview": absolute_url("coaching:list", chapter=chapter.slug),
                },
            )
        except Exception:
            logger.exception("coach digest for user %s, chapter %s failed", coach.pk, chapter.slug)
            CoachDigestSent.objects.filter(user=coach, chapter=chapter, week=week).delete()
            continue
        if digest.follow_ups:
            FollowUp.objects.filter(pk__in=[f.pk for f in digest.follow_ups]).update(
                reminded_on=today
            )
        record_event(
            actor=None,
            verb="coaching.digest_sent",
            chapter=chapter,
            obj=coach,
            payload={"week": week, "late": len(digest.late), "due": len(digest.due)},
        )
        sent += 1
    return sent
