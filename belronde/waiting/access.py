"""What waits for a chapter's coordinators: referral proposals to send, questions to answer,
practices to review and claims held for more than a day.

One list, read by the navigation's counter, the overview and the daily digest, so that the
three never disagree. Each item counts what is waiting, says since when the oldest waits and
links to the page where the coordinator acts on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Min, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from belronde.accounts.access import ChapterAccess
from belronde.accounts.models import User
from belronde.campaigns.models import Assignment
from belronde.knowledge import access as knowledge_access
from belronde.knowledge.models import BestPractice, Question
from belronde.referrals import access as referral_access
from belronde.referrals.models import Referral

#: a claim held longer than this is stale: a call takes minutes, so the caller has probably
#: left it (it is released when it expires, after at most a day; until then nobody else calls)
STALE_CLAIM = dt.timedelta(hours=1)
#: the digest mentions what has waited longer than this
DIGEST_AFTER = dt.timedelta(days=1)


@dataclass(frozen=True)
class Waiting:
    key: str
    label: Promise
    count: int
    oldest: dt.datetime | None
    url: str

    @property
    def waited_long(self) -> bool:
        """Worth saying since when: the oldest has waited an hour or more."""
        return self.oldest is not None and self.oldest < timezone.now() - dt.timedelta(hours=1)


def _summary(queryset: QuerySet, field: str) -> tuple[int, dt.datetime | None]:
    found = queryset.order_by().aggregate(count=Count("pk"), oldest=Min(field))
    return found["count"], found["oldest"]


def waiting_for(
    access: ChapterAccess, user: User, *, now: dt.datetime | None = None
) -> list[Waiting]:
    """What waits for ``user`` as coordinator of the chapter (nothing for another role); only
    items with something waiting, in a fixed order."""
    if not access.can_manage_chapter:
        return []
    now = now or timezone.now()
    slug = access.chapter.slug
    sources = [
        (
            "proposals",
            _("Referral proposals to send"),
            referral_access.referrals_for(access, user).filter(status=Referral.Status.PROPOSED),
            "created_at",
            reverse("referrals:list", args=[slug]) + "?status=proposed",
        ),
        (
            "questions",
            _("Questions to answer"),
            knowledge_access.questions_for(access, user).filter(
                status=Question.Status.OPEN, same_as__isnull=True
            ),
            "raised_at",
            reverse("knowledge:question_list", args=[slug]) + "?status=open",
        ),
        (
            "practices",
            _("Best practices to review"),
            knowledge_access.practices_for_review(access).filter(
                status=BestPractice.Status.SUBMITTED
            ),
            "submitted_at",
            reverse("knowledge:practice_review_queue", args=[slug]),
        ),
        (
            "stale_claims",
            _("Calls claimed more than an hour ago"),
            Assignment.objects.filter(
                chapter=access.chapter,
                status=Assignment.Status.CLAIMED,
                claimed_at__lt=now - STALE_CLAIM,
            ),
            "claimed_at",
            reverse("campaigns:list", args=[slug]),
        ),
    ]
    found: list[Waiting] = []
    for key, label, queryset, field, url in sources:
        count, oldest = _summary(queryset, field)
        if count:
            found.append(Waiting(key, label, count, oldest, url))
    return found


def waiting_longer_than(items: list[Waiting], age: dt.timedelta, now: dt.datetime) -> list[Waiting]:
    return [item for item in items if item.oldest is not None and item.oldest < now - age]
