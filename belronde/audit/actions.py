"""The one way to write an audit event. Payloads hold codes and counts, never personal content.

Looks at cases are watched (SEC-BL-03): a ``*.viewed`` event with an object is one case opened,
and whoever opens more than ``BELRONDE_UNUSUAL_VIEWS_PER_HOUR`` distinct cases of one chapter
within an hour gets one ``access.unusual_volume`` alert event; the coordinators are e-mailed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from belronde.audit.models import AuditEvent
from belronde.audit.verbs import UNUSUAL_VOLUME
from belronde.lib import clientip, requestid

if TYPE_CHECKING:
    from belronde.accounts.models import Chapter, User

_MAX_PAYLOAD_KEYS = 20
_MAX_VALUE_LENGTH = 200

#: a verb ending in this, recorded with an object, is one look at a case
VIEW_SUFFIX = ".viewed"
#: the sliding window of the unusual-volume check; also the minimum time between two alerts
UNUSUAL_VOLUME_WINDOW = dt.timedelta(hours=1)


def _object_ref(obj: models.Model | None) -> tuple[str, str]:
    if obj is None:
        return "", ""
    code = getattr(obj, "public_code", None) or getattr(obj, "slug", None) or obj.pk
    return obj._meta.label_lower, str(code)


def _clean_payload(payload: dict[str, Any] | None) -> dict[str, Any]:
    if not payload:
        return {}
    if len(payload) > _MAX_PAYLOAD_KEYS:
        raise ValueError("Audit payloads hold at most 20 keys.")
    clean: dict[str, Any] = {}
    for key, value in payload.items():
        if isinstance(value, str) and len(value) > _MAX_VALUE_LENGTH:
            raise ValueError(f"Audit payload value for {key!r} is too long.")
        if not isinstance(value, str | int | float | bool | list | type(None)):
            value = str(value)
        clean[key] = value
    return clean


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address, trusting X-Forwarded-For only from our own proxies."""
    if request is None:
        return None
    return clientip.client_ip(request)


def record_event(
    *,
    actor: User | None,
    verb: str,
    chapter: Chapter | None = None,
    obj: models.Model | None = None,
    payload: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    object_type, object_code = _object_ref(obj)
    user = actor if actor is not None and actor.is_authenticated else None
    event = AuditEvent.objects.create(
        actor=user,
        actor_label=user.get_username() if user else "",
        chapter=chapter,
        verb=verb,
        object_type=object_type,
        object_code=object_code,
        request_id=requestid.current(),
        ip_address=client_ip(request),
        payload=_clean_payload(payload),
    )
    if user is not None and chapter is not None and object_code and verb.endswith(VIEW_SUFFIX):
        check_view_volume(actor=user, chapter=chapter, request=request)
    return event


# Unusual activity (SEC-BL-03) -------------------------------------------------------------------


def cases_viewed(*, actor: User, chapter: Chapter, since: dt.datetime) -> int:
    """How many distinct cases ``actor`` opened in ``chapter`` since ``since`` (one query on the
    ``audit_actor_chapter_at`` index)."""
    return (
        AuditEvent.objects.filter(
            actor=actor, chapter=chapter, at__gte=since, verb__endswith=VIEW_SUFFIX
        )
        .exclude(object_code="")
        .order_by()  # the model's ordering would make every row distinct
        .values("object_type", "object_code")
        .distinct()
        .count()
    )


def _alert_since(actor: User, chapter: Chapter, since: dt.datetime) -> bool:
    return AuditEvent.objects.filter(
        actor=actor, chapter=chapter, verb=UNUSUAL_VOLUME, at__gte=since
    ).exists()


def check_view_volume(
    *, actor: User, chapter: Chapter, request: HttpRequest | None = None
) -> AuditEvent | None:
    """After a look at a case: the alert event when ``actor`` has now opened more distinct cases
    of ``chapter`` in the last hour than the setting allows, and no alert was raised for them in
    that hour; else None. The coordinators are e-mailed by the task worker, on commit."""
    limit = int(settings.BELRONDE_UNUSUAL_VIEWS_PER_HOUR)
    since = timezone.now() - UNUSUAL_VOLUME_WINDOW
    count = cases_viewed(actor=actor, chapter=chapter, since=since)
    if count <= limit or _alert_since(actor, chapter, since):
        return None
    with transaction.atomic():
        # Two requests crossing the line at once: the second waits here, then sees the first's
        # alert (SQLite's IMMEDIATE transactions serialise writers already).
        users = get_user_model().objects.select_for_update()
        list(users.filter(pk=actor.pk).values_list("pk", flat=True))
        if _alert_since(actor, chapter, since):
            return None
        alert = record_event(
            actor=actor,
            verb=UNUSUAL_VOLUME,
            chapter=chapter,
            request=request,
            payload={
                "count": count,
                "threshold": limit,
                "window_minutes": int(UNUSUAL_VOLUME_WINDOW.total_seconds() // 60),
            },
        )
        from belronde.audit.tasks import notify_unusual_volume

        transaction.on_commit(partial(notify_unusual_volume.enqueue, alert.pk))
    return alert


# Append-only trail (SEC-LOG-05) -----------------------------------------------------------------


@contextlib.contextmanager
def audit_maintenance() -> Iterator[None]:
    """A transaction in which audit events may be changed or removed: on PostgreSQL a trigger
    refuses that otherwise (migration audit/0003). For a retention purge decided by the data
    controller, and for tests that move events back in time; never for application code."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL belronde.audit_maintenance = 'on'")
        yield
