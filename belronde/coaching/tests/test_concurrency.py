"""Point 8 of issue 13 and RELIABILITY.md CONC-EDIT-01/04, CONC-DBL-01, with real threads on
the real database (SQLite with IMMEDIATE transactions, or PostgreSQL in CI's second run).

Two coaches saving the same trajectory or plan item on the version they both read: one wins,
the other gets a conflict and nothing of theirs is written. A session form submitted twice at
the same moment stores one session. Two coaches logging 50 sessions each store 100.
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connections
from django.utils import timezone

from belronde.accounts.models import Membership
from belronde.coaching import actions
from belronde.coaching.models import PlanItem, Session, Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.testing import Personas, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def race(workers: list[Callable[[], Any]]) -> list[str]:
    """Run each worker in its own thread, all released at once; what each one ended with."""
    barrier = threading.Barrier(len(workers))
    results: list[str] = []
    lock = threading.Lock()

    def run(work: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            try:
                work()
                outcome = "ok"
            except actions.CoachingError as exc:
                outcome = exc.code
            with lock:
                results.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def setup() -> tuple[Trajectory, Any, Any]:
    Personas.create_personas()
    second = make_user("dora.coach")
    Membership.objects.create(user=second, role="coach", chapter=Personas.mechelen)
    trajectory = make_trajectory(Personas, status=Trajectory.Status.PLAN)
    return trajectory, Personas.coach, second


def test_two_stale_plan_edits_one_wins_one_conflicts() -> None:
    trajectory, coach, second = setup()
    item = actions.add_plan_item(
        actor=coach,
        trajectory=trajectory,
        module="cost-reduction",
        description="Huur",
        owner="coach",
    )
    read = PlanItem.objects.get(pk=item.pk)

    def edit(actor: Any, text: str) -> Callable[[], Any]:
        return lambda: actions.update_plan_item(
            actor=actor,
            item=read,
            expected_version=read.version,
            module="cost-reduction",
            description=text,
            owner="coach",
            due_on=None,
            done=False,
        )

    results = race([edit(coach, "Huur heronderhandelen"), edit(second, "Lease opzeggen")])
    assert Counter(results) == {"ok": 1, "conflict": 1}
    stored = PlanItem.objects.get(pk=item.pk)
    assert stored.version == 2
    assert stored.description in {"Huur heronderhandelen", "Lease opzeggen"}


def test_two_stale_trajectory_edits_one_wins_one_conflicts() -> None:
    trajectory, coach, second = setup()
    read = Trajectory.objects.get(pk=trajectory.pk)

    def edit(actor: Any, text: str) -> Callable[[], Any]:
        return lambda: actions.update_trajectory(
            actor=actor, trajectory=read, expected_version=read.version, plan_summary=text
        )

    results = race([edit(coach, "Plan A"), edit(second, "Plan B")])
    assert Counter(results) == {"ok": 1, "conflict": 1}
    stored = Trajectory.objects.get(pk=trajectory.pk)
    assert stored.version == read.version + 1
    assert stored.plan_summary in {"Plan A", "Plan B"}


def test_a_session_form_submitted_twice_at_once_stores_one() -> None:
    trajectory, coach, _second = setup()
    key = uuid.uuid4()

    def submit() -> None:
        actions.log_session(
            actor=coach,
            trajectory=trajectory,
            held_on=timezone.localdate(),
            minutes=60,
            mode="visit",
            idempotency_key=key,
        )

    results = race([submit, submit, submit])
    assert results == ["ok", "ok", "ok"]
    assert Session.objects.filter(trajectory=trajectory).count() == 1


def test_two_coaches_logging_fifty_sessions_each_store_a_hundred() -> None:
    trajectory, coach, second = setup()

    def fifty(actor: Any) -> Callable[[], None]:
        def work() -> None:
            for _ in range(50):
                actions.log_session(
                    actor=actor,
                    trajectory=trajectory,
                    held_on=timezone.localdate(),
                    minutes=15,
                    mode="phone",
                )

        return work

    assert race([fifty(coach), fifty(second)]) == ["ok", "ok"]
    assert Session.objects.filter(trajectory=trajectory).count() == 100
    assert Trajectory.objects.get(pk=trajectory.pk).version == trajectory.version
