"""E-mail about unusual activity (SEC-BL-03), sent by the task worker (enqueued on commit)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.tasks import task

from belronde.accounts.models import Membership, User
from belronde.audit.models import AuditEvent
from belronde.audit.verbs import UNUSUAL_VOLUME
from belronde.lib.mail import Recipient, absolute_url, send_localised

Role = Membership.Role


def _members(exclude: int | None, **membership: object) -> QuerySet[User]:
    users = User.objects.filter(
        is_active=True,
        memberships__is_active=True,
        **{f"memberships__{k}": v for k, v in membership.items()},
    ).exclude(email="")
    if exclude is not None:
        users = users.exclude(pk=exclude)
    return users.distinct().order_by("pk")


def recipients_of_alert(event: AuditEvent) -> list[tuple[User, bool]]:
    """Who hears of an alert, each with whether they may open the audit log: the chapter's
    coordinators other than the person concerned; the region's staff as well when that person is
    a coordinator themselves, or when no other coordinator can be told. Possibly nobody: the
    alert stays in the audit log."""
    chapter = event.chapter
    if chapter is None:
        return []
    actor_id = event.actor_id
    coordinators = list(_members(actor_id, chapter=chapter, role=Role.COORDINATOR))
    actor_coordinates = (
        actor_id is not None
        and Membership.objects.filter(
            user_id=actor_id, chapter=chapter, role=Role.COORDINATOR, is_active=True
        ).exists()
    )
    found = [(user, True) for user in coordinators]
    if actor_coordinates or not coordinators:
        seen = {user.pk for user in coordinators}
        regional = _members(actor_id, region_id=chapter.region_id, role=Role.REGIONAL)
        found += [(user, False) for user in regional if user.pk not in seen]
    return found


@task()
def notify_unusual_volume(event_id: int) -> int:
    """Tell the coordinators someone opened unusually many cases. The mail names the person and
    the count, never a case: what was opened is in the audit log."""
    event = (
        AuditEvent.objects.select_related("chapter", "actor")
        .filter(pk=event_id, verb=UNUSUAL_VOLUME)
        .first()
    )
    if event is None or event.chapter is None:
        return 0
    chapter = event.chapter
    url = absolute_url("audit:event_list", chapter=chapter.slug) + "?alerts=on"
    who = event.actor.display_name if event.actor else event.actor_label
    sent = 0
    for user, sees_log in recipients_of_alert(event):
        sent += send_localised(
            Recipient(user.email, user.language, user.display_name),
            "audit/email/unusual_volume",
            {
                "event": event,
                "who": who,
                "username": event.actor_label,
                "chapter": chapter.name,
                "count": event.payload.get("count"),
                "threshold": event.payload.get("threshold"),
                "minutes": event.payload.get("window_minutes"),
                "url": url if sees_log else "",
            },
        )
    return sent
