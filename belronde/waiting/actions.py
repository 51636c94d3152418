"""The coordinators' daily digest: an e-mail when something has waited longer than a day.

``send_digests`` is a periodic job of the worker (settings.PERIODIC_JOBS, every hour). Each
coordinator gets at most one digest per chapter per day, only when an item has waited longer
than ``DIGEST_AFTER``, in their language, with counts and links and nothing an entrepreneur said.
The ledger row is written before the mail goes out, so two workers never send the same digest;
when the mail fails, the row is removed again and the next run tries once more.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from belronde.accounts import roles
from belronde.accounts.access import ChapterAccess
from belronde.accounts.models import Membership
from belronde.audit.actions import record_event
from belronde.lib.mail import Recipient, absolute_url, send_localised, site_url
from belronde.waiting.access import DIGEST_AFTER, waiting_for, waiting_longer_than
from belronde.waiting.models import DigestSent

logger = logging.getLogger("belronde.waiting")


def send_digests(*, now: dt.datetime | None = None) -> int:
    """Send today's digests that are due; returns how many were sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    memberships = (
        Membership.objects.filter(
            is_active=True,
            user__is_active=True,
            chapter__isnull=False,
            role__in=roles.MANAGE_CHAPTER_ROLES,
        )
        .exclude(user__email="")
        .select_related("user", "chapter", "chapter__region")
        .order_by("chapter_id", "user_id")
    )
    for membership in memberships:
        chapter, user = membership.chapter, membership.user
        assert chapter is not None
        if DigestSent.objects.filter(user=user, chapter=chapter, sent_on=today).exists():
            continue
        access = ChapterAccess(chapter=chapter, role=membership.role, membership=membership)
        items = waiting_for(access, user, now=now)
        if not waiting_longer_than(items, DIGEST_AFTER, now):
            continue
        try:
            with transaction.atomic():
                DigestSent.objects.create(
                    user=user, chapter=chapter, sent_on=today, items=sum(i.count for i in items)
                )
        except IntegrityError:
            continue  # another worker took this one
        try:
            send_localised(
                Recipient(user.email, user.language, user.display_name),
                "waiting/email/digest",
                {
                    "chapter": chapter.name,
                    "items": [(item, site_url(item.url)) for item in items],
                    "overview": absolute_url("accounts:chapter_home", chapter=chapter.slug),
                },
            )
        except Exception:
            logger.exception("digest for user %s, chapter %s failed", user.pk, chapter.slug)
            DigestSent.objects.filter(user=user, chapter=chapter, sent_on=today).delete()
            continue
        record_event(
            actor=None,
            verb="digest.sent",
            chapter=chapter,
            obj=user,
            payload={i.key: i.count for i in items},
        )
        sent += 1
    return sent
