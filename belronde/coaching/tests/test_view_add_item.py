"""coaching:add_item: a plan item (module, what, who, due)."""

from __future__ import annotations

from django.utils import timezone

from belronde.coaching.models import PlanItem, Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.coaching.tests.fixtures_pages import PagesTestCase

S = Trajectory.Status
ITEM = {"module": "payment-plan", "description": "Afbetalingsplan RSZ", "owner": "entrepreneur"}


class AddItemViewTest(PagesTestCase):
    def setUp(self) -> None:
        self.trajectory = make_trajectory(self, status=S.PLAN)
        self.add = self.url("add_item", code=self.trajectory.public_code)

    def test_it_adds_the_item_and_then_the_coaching_may_start(self) -> None:
        self.client.force_login(self.coach)
        due = timezone.localdate()
        response = self.client.post(self.add, {**ITEM, "due_on": due.isoformat()})
        self.assertEqual(response.status_code, 302)
        item = PlanItem.objects.get(trajectory=self.trajectory)
        self.assertEqual(
            (item.module.key, item.owner, item.due_on), ("payment-plan", "entrepreneur", due)
        )
        page = self.client.get(self.url("detail", code=self.trajectory.public_code))
        self.assertContains(page, "Afbetalingsplan RSZ")
        self.assertContains(page, due.strftime("%d/%m/%Y"))
        self.assertContains(page, "Move on to: coaching")

    def test_it_refuses_an_unknown_module_and_keeps_the_input(self) -> None:
        self.client.force_login(self.coach)
        response = self.client.post(self.add, {**ITEM, "module": "astrologie"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'value="Afbetalingsplan RSZ"', status_code=400)
        self.assertFalse(PlanItem.objects.exists())

    def test_it_is_404_for_another_chapter(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.post(self.add, ITEM).status_code, 404)

    def test_it_is_403_for_a_caller(self) -> None:
        self.client.force_login(self.caller)
        self.assertEqual(self.client.post(self.add, ITEM).status_code, 403)
        self.assertFalse(PlanItem.objects.exists())
