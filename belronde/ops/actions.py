"""Heartbeats of task workers (operational rows, not audited: they carry no user action)."""

from __future__ import annotations

import datetime as dt
import os
import socket

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from belronde.ops.models import WorkerHeartbeat


def beat(*, worker_id: str) -> WorkerHeartbeat:
    now = timezone.now()
    heartbeat, _created = WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"seen_at": now, "hostname": socket.gethostname()[:255], "pid": os.getpid()},
        create_defaults={
            "seen_at": now,
            "started_at": now,
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
        },
    )
    return heartbeat


def forget(*, worker_id: str) -> None:
    close_old_connections()
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=settings.WORKER_HEARTBEAT_SECONDS * 4)


def latest_heartbeat() -> WorkerHeartbeat | None:
    return WorkerHeartbeat.objects.order_by("-seen_at").first()
