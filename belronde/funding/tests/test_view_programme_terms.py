"""funding:programme_terms: a new cost model from a date on; the periods that a submitted claim
covers keep theirs (frozen), and the page says from when a change can apply."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from belronde.audit.models import AuditEvent
from belronde.funding import actions
from belronde.funding.models import Programme, Terms
from belronde.funding.tests.fixtures import enrolled, make_programme
from belronde.testing import BelrondeTestCase

TODAY = timezone.localdate
COST = {
    "price": "1000",
    "hourly_rate": "",
    "contribution": "400",
    "participant_cap": "250",
    "vat_funder": "0",
    "vat_participant": "21",
    "vat_federation": "0",
}


def short(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


class ProgrammeTermsTest(BelrondeTestCase):
    def setUp(self) -> None:
        self.start_day = TODAY() - dt.timedelta(days=400)
        self.programme = make_programme(self, window_start=self.start_day)
        self.url = reverse("funding:programme_terms", args=["mechelen", self.programme.code])

    def post(self, user=None, **changes: str):
        self.client.force_login(user or self.coordinator)
        return self.client.post(self.url, {**COST, "valid_from": TODAY().isoformat(), **changes})

    def submit_first_quarter(self) -> dt.date:
        enrolled(self, started_on=self.start_day + dt.timedelta(days=1))
        period = actions.period_of(self.programme, self.start_day)
        claim = actions.prepare_claim(
            actor=self.coordinator, programme=self.programme, period=period
        )
        actions.submit_claim(actor=self.coordinator, claim=claim)
        return actions.period_bounds(self.programme, period)[2]

    def test_it_offers_the_current_cost_model_from_today(self) -> None:
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        self.assertEqual(form.initial["valid_from"], TODAY())
        self.assertEqual(form.initial["price"], Decimal("900.00"))
        self.assertContains(response, 'data-testid="cost-model"', count=1)
        self.assertNotContains(response, 'data-testid="frozen"')

    def test_it_adds_a_cost_model_from_a_date(self) -> None:
        later = TODAY() + dt.timedelta(days=30)
        response = self.post(valid_from=later.isoformat())
        self.assertRedirects(
            response,
            reverse("funding:programme_detail", args=["mechelen", self.programme.code])
            + "#cost-models",
            fetch_redirect_response=False,
        )
        terms = Terms.objects.get(programme=self.programme, valid_from=later)
        self.assertEqual((terms.price, terms.contribution), (Decimal("1000"), Decimal("400")))
        self.assertIsNone(terms.hourly_rate)
        self.assertEqual(Terms.objects.filter(programme=self.programme).count(), 2)
        self.assertTrue(AuditEvent.objects.filter(verb="programme.terms_added").exists())

    def test_it_shows_that_the_claimed_periods_are_frozen(self) -> None:
        until = self.submit_first_quarter()
        self.client.force_login(self.coordinator)
        page = self.client.get(self.url)
        self.assertContains(page, 'data-testid="frozen"')
        self.assertContains(page, short(until + dt.timedelta(days=1)))
        self.assertContains(page, 'data-testid="frozen-terms"')
        response = self.post(valid_from=until.isoformat())
        self.assertEqual(response.status_code, 409)
        with translation.override("nl"):
            message = _(
                "A claim up to %(date)s has been submitted: a new cost model can apply from "
                "%(next)s at the earliest."
            ) % {"date": short(until), "next": short(until + dt.timedelta(days=1))}
        self.assertIn(message, response.context["form"].non_field_errors())
        self.assertContains(response, 'value="1000"', status_code=409)
        self.assertEqual(Terms.objects.filter(programme=self.programme).count(), 1)
        self.assertEqual(
            self.post(valid_from=(until + dt.timedelta(days=1)).isoformat()).status_code, 302
        )

    def test_it_refuses_a_date_before_the_window(self) -> None:
        response = self.post(valid_from=(self.start_day - dt.timedelta(days=1)).isoformat())
        self.assertEqual(response.status_code, 422)
        with translation.override("nl"):
            message = _("A cost model applies from the window's start at the earliest.")
        self.assertIn(message, response.context["form"].non_field_errors())

    def test_it_answers_bad_input_with_400_never_500(self) -> None:
        for field, value in {
            "valid_from": "31/02/2026",
            "price": "-5",
            "contribution": "1e9999",
            "participant_cap": "",
            "vat_federation": "50.001",
            "hourly_rate": "99999999999999",
        }.items():
            with self.subTest(field):
                response = self.post(**{field: value})
                self.assertEqual(response.status_code, 400)
                self.assertTrue(response.context["form"].errors[field])
        self.assertEqual(Terms.objects.filter(programme=self.programme).count(), 1)

    def test_the_funder_may_not_change_the_cost_model(self) -> None:
        self.client.force_login(self.funder)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.post(self.funder).status_code, 403)
        self.assertEqual(Terms.objects.filter(programme=self.programme).count(), 1)

    def test_it_is_403_for_the_other_roles(self) -> None:
        for user in (self.caller, self.coach, self.partner):
            with self.subTest(user.username):
                self.assertEqual(self.post(user).status_code, 403)

    def test_it_is_404_for_another_chapter(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.post(self.outsider).status_code, 404)
        self.assertTrue(Programme.objects.filter(pk=self.programme.pk).exists())
