"""funding:programme_list: the chapter's programmes with status, window and budget state."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse

from belronde.funding import actions
from belronde.funding.models import Funder, Programme
from belronde.funding.tests.fixtures import BIC, IBAN, enrolled, make_programme, seed_cost
from belronde.testing import BelrondeTestCase

URL = reverse("funding:programme_list", args=["mechelen"])


def provincial(p: Any, *, status: str = "draft") -> Programme:
    """A programme of another funder of the chapter (the funder persona is not its user)."""
    funder = Funder.objects.create(chapter=p.mechelen, slug="provincie", name="Provincie Antwerpen")
    return actions.create_programme(
        actor=p.coordinator,
        chapter=p.mechelen,
        code="provincie-2027",
        funder=funder,
        cost=seed_cost(),
        status=status,
        name="Provinciale trajecten",
        window_start=dt.date(2027, 1, 1),
        window_end=dt.date(2027, 12, 31),
        creditor_name="Ondernemersfederatie Mechelen vzw",
        iban=IBAN,
        bic=BIC,
    )


class ProgrammeListTest(BelrondeTestCase):
    def get(self, user):
        self.client.force_login(user)
        return self.client.get(URL)

    def test_it_shows_the_coordinator_an_empty_state_with_a_new_programme_button(self) -> None:
        response = self.get(self.coordinator)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-testid="empty"')
        self.assertContains(response, reverse("funding:programme_create", args=["mechelen"]))

    def test_it_lists_every_programme_with_status_window_and_budget_state(self) -> None:
        make_programme(self, budget_trajectories=1)
        enrolled(self)
        provincial(self)
        response = self.get(self.coordinator)
        self.assertEqual(
            [p.code for p, _b in response.context["rows"]], ["provincie-2027", "traject-2026"]
        )
        self.assertContains(response, "Provinciale trajecten")
        self.assertContains(response, "Provincie Antwerpen")
        self.assertContains(response, "01/01/2027 \u2013 31/12/2027")
        self.assertContains(response, "100 %")  # one trajectory of one
        states = {p.code: b.state for p, b in response.context["rows"]}
        self.assertEqual(states["traject-2026"], Programme.Budget.FULL)
        self.assertContains(response, 'data-testid="new-programme"')

    def test_it_shows_the_funder_only_its_own_programmes_that_are_not_drafts(self) -> None:
        make_programme(self)
        make_programme(self, code="ontwerp", status="draft")
        provincial(self, status="active")
        response = self.get(self.funder)
        self.assertEqual(response.status_code, 200)
        self.assertEqual([p.code for p, _b in response.context["rows"]], ["traject-2026"])
        self.assertNotContains(response, "ontwerp")
        self.assertNotContains(response, "provincie-2027")
        self.assertNotContains(response, 'data-testid="new-programme"')

    def test_it_tells_a_funder_without_programmes_so(self) -> None:
        make_programme(self, status="draft")
        response = self.get(self.funder)
        self.assertEqual(response.context["rows"], [])
        self.assertContains(response, 'data-testid="empty"')
        self.assertNotContains(response, reverse("funding:programme_create", args=["mechelen"]))

    def test_it_shows_the_amount_committed(self) -> None:
        make_programme(self, budget_amount=Decimal("3500.00"))
        enrolled(self)
        response = self.get(self.coordinator)
        self.assertContains(response, "350,00 EUR")
        self.assertContains(response, "10 %")

    def test_the_navigation_links_it_for_coordinator_and_funder_only(self) -> None:
        home = reverse("accounts:chapter_home", args=["mechelen"])
        for user, shown in ((self.coordinator, True), (self.funder, True), (self.coach, False)):
            with self.subTest(user.username):
                self.client.force_login(user)
                response = self.client.get(home)
                if shown:
                    self.assertContains(response, f'href="{URL}"')
                else:
                    self.assertNotContains(response, f'href="{URL}"')

    def test_it_is_403_for_the_other_roles(self) -> None:
        for user in (self.caller, self.coach, self.partner):
            with self.subTest(user.username):
                self.assertEqual(self.get(user).status_code, 403)

    def test_it_is_404_for_another_chapter(self) -> None:
        self.assertEqual(self.get(self.outsider).status_code, 404)
