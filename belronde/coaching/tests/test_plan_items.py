"""actions.add_plan_item and update_plan_item, with optimistic locking (CONC-EDIT-01)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from belronde.coaching import actions
from belronde.coaching.models import PlanItem, PlanModule, Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.testing import BelrondeTestCase


class PlanItemTest(BelrondeTestCase):
    def add(self, trajectory: Trajectory, **kw: Any) -> PlanItem:
        values: dict[str, Any] = {
            "module": "payment-plan",
            "description": "Afbetaling RSZ",
            "owner": "coach",
        }
        return actions.add_plan_item(actor=self.coach, trajectory=trajectory, **(values | kw))

    def edit(self, item: PlanItem, version: int | None, **kw: Any) -> PlanItem:
        values: dict[str, Any] = {
            "module": item.module.key,
            "description": item.description,
            "owner": item.owner,
            "due_on": item.due_on,
            "done": False,
        } | kw
        return actions.update_plan_item(
            actor=self.coach, item=item, expected_version=version, **values
        )

    def test_it_adds_an_item_from_the_chapters_modules(self) -> None:
        item = self.add(make_trajectory(self), due_on=timezone.localdate())
        self.assertEqual(item.module.key, "payment-plan")
        self.assertEqual(item.due_on, timezone.localdate())

    def test_every_new_chapter_gets_the_seven_modules(self) -> None:
        keys = set(PlanModule.objects.filter(chapter=self.lier).values_list("key", flat=True))
        self.assertEqual(len(keys), 7)
        self.assertIn("judicial-reorganisation", keys)

    def test_it_refuses_a_module_of_another_chapter_or_none(self) -> None:
        trajectory = make_trajectory(self)
        PlanModule.objects.create(chapter=self.lier, key="lier-only", label="Alleen Lier")
        for module in ("lier-only", "", "nonsense"):
            with self.subTest(module=module), self.assertRaises(actions.CoachingError):
                self.add(trajectory, module=module)

    def test_it_refuses_an_item_without_what_or_who(self) -> None:
        trajectory = make_trajectory(self)
        with self.assertRaises(actions.CoachingError):
            self.add(trajectory, description=" ")
        with self.assertRaises(actions.CoachingError):
            self.add(trajectory, owner="boss")

    def test_it_marks_an_item_done_and_open_again(self) -> None:
        item = self.add(make_trajectory(self))
        done = self.edit(item, item.version, done=True)
        self.assertEqual(done.done_on, timezone.localdate())
        self.assertEqual(done.version, 2)
        reopened = self.edit(done, done.version, done=False)
        self.assertIsNone(reopened.done_on)

    def test_the_second_of_two_stale_edits_gets_a_conflict(self) -> None:
        item = self.add(make_trajectory(self))
        read = item.version
        self.edit(item, read, description="Afbetaling RSZ over 12 maanden")
        with self.assertRaises(actions.EditConflict) as conflict:
            self.edit(item, read, description="Afbetaling btw")
        self.assertEqual(
            conflict.exception.current["description"], "Afbetaling RSZ over 12 maanden"
        )
        self.assertEqual(conflict.exception.status, 409)
        stored = PlanItem.objects.get(pk=item.pk)
        self.assertEqual(stored.description, "Afbetaling RSZ over 12 maanden")
        self.assertEqual(stored.version, 2)

    def test_the_due_date_can_be_cleared(self) -> None:
        item = self.add(make_trajectory(self), due_on=timezone.localdate() + dt.timedelta(days=9))
        cleared = self.edit(item, item.version, due_on=None)
        self.assertIsNone(cleared.due_on)
