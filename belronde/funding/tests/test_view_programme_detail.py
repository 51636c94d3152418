"""funding:programme_detail: the budget dashboard of one programme. The coordinator and the
programme's funder read it (committed, invoiced, received, claimed, claim paid, remaining, the
warning at 80 % and the refusal at 100 %, the cost models, the window, the claims); only the
coordinator sees the enrolments, the names and the trajectories still to enrol."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import NoReverseMatch, get_resolver, resolve, reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from belronde.coaching.tests.fixtures import make_trajectory
from belronde.funding import actions
from belronde.funding.models import Enrolment, Funder, Programme
from belronde.funding.tests.fixtures import enrolled, make_programme, seed_cost
from belronde.testing import BelrondeTestCase

TODAY = timezone.localdate


def url(code: str = "traject-2026") -> str:
    return reverse("funding:programme_detail", args=["mechelen", code])


def submitted_claim(p: Any, programme: Programme, started_on: dt.date) -> Enrolment:
    """An enrolment started on ``started_on`` whose period's claim is submitted."""
    enrolment = enrolled(p, name="Geclaimd bv", started_on=started_on)
    claim = actions.prepare_claim(
        actor=p.coordinator, programme=programme, period=actions.period_of(programme, started_on)
    )
    actions.submit_claim(actor=p.coordinator, claim=claim)
    return enrolment


class ProgrammeDetailTest(BelrondeTestCase):
    def get(self, user, code: str = "traject-2026", **query: str):
        self.client.force_login(user)
        return self.client.get(url(code), query)

    def test_it_shows_the_coordinator_where_the_money_stands(self) -> None:
        programme = make_programme(self, budget_amount=Decimal("3500.00"), budget_trajectories=10)
        enrolment = enrolled(self)
        invoice = actions.issue_invoice(actor=self.coordinator, enrolment=enrolment)
        actions.record_payment(
            actor=self.coordinator, invoice=invoice, amount=Decimal("100.00"), paid_on=TODAY()
        )
        response = self.get(self.coordinator)
        self.assertEqual(response.status_code, 200)
        budget = response.context["budget"]
        self.assertEqual(budget.committed, Decimal("350.00"))
        self.assertEqual(budget.invoiced, Decimal("242.00"))  # 200 + 21 % VAT
        self.assertContains(response, "350,00 EUR")
        self.assertContains(response, "242,00 EUR")
        self.assertContains(response, "100,00 EUR")
        self.assertContains(response, "3.150,00 EUR")  # remaining amount
        self.assertEqual(budget.remaining_trajectories, 9)
        self.assertEqual(budget.received, Decimal("100.00"))
        self.assertContains(response, 'value="10"')  # 10 % used
        self.assertNotContains(response, 'data-testid="budget-warning"')
        self.assertNotContains(response, 'data-testid="budget-full"')
        self.assertEqual(programme.code, response.context["programme"].code)

    def test_it_warns_at_80_percent_of_the_budget(self) -> None:
        make_programme(self, budget_amount=Decimal("437.50"))
        enrolled(self)
        response = self.get(self.coordinator)
        self.assertEqual(response.context["budget"].state, Programme.Budget.WARNING)
        self.assertContains(response, 'data-testid="budget-warning"')
        self.assertContains(response, "80 %")
        self.assertNotContains(response, 'data-testid="budget-full"')

    def test_it_says_new_trajectories_are_refused_when_the_budget_is_used_up(self) -> None:
        make_programme(self, budget_trajectories=1)
        enrolled(self, name="Eerste")
        refused = enrolled(self, name="Tweede")
        self.assertEqual(refused.refused_rule, Enrolment.Rule.BUDGET)
        for user in (self.coordinator, self.funder):
            with self.subTest(user.username):
                response = self.get(user)
                self.assertContains(response, 'data-testid="budget-full"')
                with translation.override("nl"):
                    banner = _("Budget used up: new trajectories are refused.")
                self.assertContains(response, banner)

    def test_it_shows_the_cost_models_with_their_dates_and_what_is_frozen(self) -> None:
        start_day = TODAY() - dt.timedelta(days=400)
        programme = make_programme(self, window_start=start_day)
        submitted_claim(self, programme, start_day + dt.timedelta(days=1))
        frozen_until = actions.period_bounds(programme, actions.period_of(programme, start_day))[2]
        later = TODAY() + dt.timedelta(days=10)
        actions.add_terms(
            actor=self.coordinator,
            programme=programme,
            valid_from=later,
            cost=seed_cost(price=Decimal("1000.00")),
        )
        response = self.get(self.coordinator)
        rows = response.context["terms_rows"]
        self.assertEqual([r.terms.valid_from for r in rows], [start_day, later])
        self.assertEqual(rows[0].until, later - dt.timedelta(days=1))
        self.assertEqual([r.frozen for r in rows], [True, False])
        self.assertEqual([r.current for r in rows], [True, False])
        self.assertEqual(response.context["frozen_until"], frozen_until)
        self.assertContains(response, 'data-testid="frozen-terms"', count=1)
        self.assertContains(response, "1.000,00 EUR")
        self.assertEqual(response.context["budget"].claimed, Decimal("350.00"))
        self.assertEqual(response.context["claims"].submitted, 1)

    def test_it_links_the_claims_when_their_page_exists(self) -> None:
        make_programme(self)
        response = self.get(self.coordinator)
        try:
            claims = reverse(
                "funding:claim_list", kwargs={"chapter": "mechelen", "code": "traject-2026"}
            )
        except NoReverseMatch:
            self.assertNotContains(response, 'data-testid="claims-link"')
        else:
            self.assertContains(response, f'href="{claims}"')
        self.assertContains(response, 'data-testid="claims-summary"')

    def test_it_lists_the_enrolments_with_their_refusals_and_exceptions(self) -> None:
        make_programme(self)
        ok = enrolled(self, name="Bakkerij Peeters")
        outside = enrolled(self, name="Slagerij Antwerpen", postal_code="2000")
        late = enrolled(self, name="Late Starter", started_on=TODAY() - dt.timedelta(days=300))
        waived = enrolled(self, name="Uitzondering bv", postal_code="2000")
        actions.record_exception(
            actor=self.coordinator, enrolment=waived, reason="Vestiging in Mechelen."
        )
        response = self.get(self.coordinator)
        rows = {row.enrolment.pk: row for row in response.context["enrolment_rows"]}
        self.assertEqual(len(rows), 4)
        self.assertContains(response, "TRAJECT-2026-0001")
        self.assertContains(response, "TRAJECT-2026-0002")
        self.assertContains(response, "Bakkerij Peeters")
        self.assertContains(response, "Slagerij Antwerpen")
        self.assertContains(response, "900,00 EUR")
        self.assertContains(response, "200,00 EUR")
        self.assertContains(response, "Vestiging in Mechelen.")
        self.assertEqual(rows[outside.pk].refusal, actions.refusal_message(outside))
        self.assertContains(response, escape(rows[outside.pk].refusal))
        self.assertTrue(rows[outside.pk].waivable)
        self.assertFalse(rows[late.pk].waivable)  # the window is never waived
        self.assertFalse(rows[ok.pk].waivable)
        self.assertContains(
            response,
            reverse(
                "funding:enrolment_exception",
                args=["mechelen", "traject-2026", outside.public_code],
            ),
        )
        self.assertNotContains(
            response,
            reverse(
                "funding:enrolment_exception", args=["mechelen", "traject-2026", late.public_code]
            ),
        )
        self.assertContains(response, 'data-testid="no-exception"', count=1)
        self.assertContains(
            response,
            reverse("funding:enrolment_hours", args=["mechelen", "traject-2026", ok.public_code]),
        )

    def test_it_lists_the_chapters_trajectories_without_enrolment(self) -> None:
        before = make_trajectory(self, name="Van Voor bv")  # no programme was active
        make_programme(self)
        enrolment = enrolled(self, name="Al Ingeschreven")
        response = self.get(self.coordinator)
        listed = [t.pk for t, _in_window in response.context["unenrolled"]]
        self.assertEqual(listed, [before.pk])
        self.assertEqual(response.context["unenrolled_count"], 1)
        self.assertContains(response, "Van Voor bv")
        self.assertContains(
            response, reverse("funding:programme_enrol", args=["mechelen", "traject-2026"])
        )
        self.assertNotIn(enrolment.trajectory_id, listed)

    def test_it_offers_no_enrolment_in_a_draft(self) -> None:
        make_trajectory(self, name="Van Voor bv")
        make_programme(self, status="draft")
        response = self.get(self.coordinator)
        self.assertFalse(response.context["can_enrol"])
        self.assertNotContains(response, 'data-testid="enrol"')

    def test_the_funder_reads_the_budget_but_no_enrolment_or_name(self) -> None:
        make_trajectory(self, name="Nog Niet bv")  # before the programme: not enrolled
        make_programme(self)
        enrolled(self, name="Bakkerij Peeters")
        enrolled(self, name="Slagerij Antwerpen", postal_code="2000")
        response = self.get(self.funder)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["budget"].committed, Decimal("350.00"))
        self.assertContains(response, 'data-testid="committed"')
        for secret in (
            "Bakkerij Peeters",
            "Slagerij Antwerpen",
            "Nog Niet bv",
            "TRAJECT-2026-0001",
        ):
            self.assertNotContains(response, secret)
        self.assertNotIn("enrolment_rows", response.context)
        self.assertNotIn("unenrolled", response.context)
        self.assertNotContains(response, 'data-testid="enrolments"')
        self.assertNotContains(response, 'data-testid="refused"')
        self.assertNotContains(
            response, reverse("funding:programme_edit", args=["mechelen", "traject-2026"])
        )
        self.assertNotContains(
            response, reverse("funding:programme_terms", args=["mechelen", "traject-2026"])
        )

    def test_it_is_404_for_the_funder_of_another_funders_programme_or_a_draft(self) -> None:
        programme = make_programme(self)
        other = Funder.objects.create(chapter=self.mechelen, slug="provincie", name="Provincie")
        Programme.objects.filter(pk=programme.pk).update(funder=other)
        self.assertEqual(self.get(self.funder).status_code, 404)
        self.assertEqual(self.get(self.coordinator).status_code, 200)
        make_programme(self, code="ontwerp", status="draft")
        self.assertEqual(self.get(self.funder, "ontwerp").status_code, 404)

    def test_it_is_404_for_an_unknown_programme(self) -> None:
        self.assertEqual(self.get(self.coordinator, "bestaat-niet").status_code, 404)

    def test_it_answers_a_bad_page_number_without_an_error(self) -> None:
        make_programme(self)
        enrolled(self)
        for page in ("0", "-1", "abc", "999999999999999999999"):
            with self.subTest(page):
                self.assertEqual(self.get(self.coordinator, page=page).status_code, 200)

    def test_it_is_403_for_the_other_roles(self) -> None:
        make_programme(self)
        for user in (self.caller, self.coach, self.partner):
            with self.subTest(user.username):
                self.assertEqual(self.get(user).status_code, 403)

    def test_it_is_404_for_another_chapter(self) -> None:
        make_programme(self)
        self.assertEqual(self.get(self.outsider).status_code, 404)


def _sample(pattern: Any) -> dict[str, Any]:
    return {
        name: 7 if type(conv).__name__ == "IntConverter" else "abc123"
        for name, conv in pattern.pattern.converters.items()
    } | {"chapter": "mechelen"}


def test_the_programme_page_leaves_the_other_funding_pages_alone() -> None:
    """``funding/<code>/`` comes first among the funding URLs: every other funding page must
    still reach its own view (a word such as ``invoices`` is no programme code)."""
    resolver = get_resolver()
    funding = next(p for p in resolver.url_patterns if getattr(p, "namespace", None) == "funding")
    checked = 0
    for pattern in funding.url_patterns:
        name = f"funding:{pattern.name}"
        path = reverse(name, kwargs=_sample(pattern))
        assert resolve(path).view_name == name, f"{path} opens {resolve(path).view_name}"
        checked += 1
    assert checked >= 8
