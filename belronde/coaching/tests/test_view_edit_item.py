"""coaching:edit_item: change a plan item or tick it off, with optimistic locking
(RELIABILITY.md CONC-EDIT-01: two coaches load the form, the second save conflicts)."""

from __future__ import annotations

import re

from django.test import Client

from belronde.coaching.models import PlanItem, Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.coaching.tests.fixtures_pages import PagesTestCase, plan_item_of, second_coach

S = Trajectory.Status


def version_of(html: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found
    return found.group(1)


class EditItemViewTest(PagesTestCase):
    def setUp(self) -> None:
        self.trajectory = make_trajectory(self, status=S.COACHING)
        self.item = plan_item_of(self.trajectory)
        self.edit = self.url(
            "edit_item", code=self.trajectory.public_code, item=self.item.public_code
        )

    def data(self, version: str, **kw: str) -> dict[str, str]:
        return {
            "module": "liquidity-plan",
            "description": self.item.description,
            "owner": "coach",
            "due_on": "",
            "version": version,
            **kw,
        }

    def test_it_shows_the_item_in_the_form(self) -> None:
        self.client.force_login(self.coach)
        response = self.client.get(self.edit)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f'value="{self.item.description}"')
        self.assertContains(response, f'name="version" value="{self.item.version}"')

    def test_it_saves_and_ticks_the_item_off(self) -> None:
        self.client.force_login(self.coach)
        version = version_of(self.client.get(self.edit).content.decode())
        response = self.client.post(
            self.edit, self.data(version, done="on", description="Kasplan klaar")
        )
        self.assertEqual(response.status_code, 302)
        self.item.refresh_from_db()
        self.assertEqual(self.item.description, "Kasplan klaar")
        self.assertIsNotNone(self.item.done_on)

    def test_two_coaches_editing_the_second_gets_a_conflict_with_input_kept(self) -> None:
        coach_a, coach_b = Client(), Client()
        coach_a.force_login(self.coach)
        coach_b.force_login(self.coordinator)
        version_a = version_of(coach_a.get(self.edit).content.decode())
        version_b = version_of(coach_b.get(self.edit).content.decode())

        saved = coach_a.post(self.edit, self.data(version_a, description="Versie van A"))
        self.assertEqual(saved.status_code, 302)

        refused = coach_b.post(self.edit, self.data(version_b, description="Versie van B"))
        self.assertEqual(refused.status_code, 409)
        html = refused.content.decode()
        self.assertIn("Someone else changed this plan item", html)
        self.assertIn('value="Versie van B"', html)  # B's input, kept
        box = html.split('data-testid="conflict"', 1)[1].split("</div>", 1)[0]
        self.assertIn("Versie van A", box)  # A's saved values, shown
        self.item.refresh_from_db()
        self.assertEqual(self.item.description, "Versie van A")
        self.assertEqual(version_of(html), str(self.item.version))

        again = coach_b.post(self.edit, self.data(version_of(html), description="Versie van B"))
        self.assertEqual(again.status_code, 302)
        self.assertEqual(PlanItem.objects.get(pk=self.item.pk).description, "Versie van B")

    def test_it_refuses_an_empty_description(self) -> None:
        self.client.force_login(self.coach)
        response = self.client.post(self.edit, self.data(str(self.item.version), description=" "))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(PlanItem.objects.get(pk=self.item.pk).description, self.item.description)

    def test_it_sends_a_closed_trajectory_back_to_its_page(self) -> None:
        trajectory = make_trajectory(self, name="Slagerij Maes", status=S.COACHING)
        item = plan_item_of(trajectory)
        from belronde.coaching import actions

        actions.close_trajectory(
            actor=self.coach, trajectory=trajectory, outcome="recovered", conclusion="Klaar."
        )
        self.client.force_login(self.coach)
        url = self.url("edit_item", code=trajectory.public_code, item=item.public_code)
        response = self.client.get(url, follow=True)
        self.assertContains(response, "This trajectory is closed")
        self.assertEqual(
            response.request["PATH_INFO"], self.url("detail", code=trajectory.public_code)
        )

    def test_it_is_404_for_another_coach_and_another_chapter(self) -> None:
        for persona in (second_coach(self), self.outsider):
            self.client.force_login(persona)
            self.assertEqual(self.client.get(self.edit).status_code, 404)

    def test_it_is_404_for_an_item_of_another_trajectory(self) -> None:
        other = make_trajectory(self, name="Garage Wouters", status=S.COACHING)
        url = self.url("edit_item", code=other.public_code, item=self.item.public_code)
        self.client.force_login(self.coach)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_is_403_for_a_caller(self) -> None:
        self.client.force_login(self.caller)
        self.assertEqual(self.client.get(self.edit).status_code, 403)
