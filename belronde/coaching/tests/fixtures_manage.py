"""Objects for the coordinator's pages, the follow-ups and the hand-off (tests and matrix)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from belronde.coaching.models import FollowUp, Trajectory
from belronde.coaching.tests.fixtures import make_trajectory


def due_follow_up(p: Any, *, months: int = 6, **kw: Any) -> FollowUp:
    """A closed trajectory of the coach persona whose follow-up after ``months`` is due today
    (closure was that long ago: the follow-up's date is moved back, as time would have)."""
    trajectory = make_trajectory(p, status=Trajectory.Status.CLOSED, **kw)
    found = FollowUp.objects.get(trajectory=trajectory, months=months)
    FollowUp.objects.filter(pk=found.pk).update(due_on=timezone.localdate() - dt.timedelta(days=1))
    found.refresh_from_db()
    return found


def matrix_follow_up(p: Any) -> dict[str, Any]:
    found = due_follow_up(p)
    return {
        "chapter": "mechelen",
        "code": found.trajectory.public_code,
        "follow_up": found.public_code,
    }
