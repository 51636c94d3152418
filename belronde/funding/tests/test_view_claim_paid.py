"""funding:claim_paid: the coordinator records the funder's payment of a submitted claim."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from belronde.funding.tests.fixtures_claims import claim_kwargs, draft_claim, submitted_claim
from belronde.testing import BelrondeTestCase


class ClaimPaidTest(BelrondeTestCase):
    def url(self, claim) -> str:
        return reverse("funding:claim_paid", kwargs=claim_kwargs(claim))

    def post(self, user, claim, **data):
        self.client.force_login(user)
        return self.client.post(self.url(claim), data)

    def test_it_offers_today_and_the_total(self) -> None:
        claim = submitted_claim(self)
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url(claim))
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        self.assertEqual(form.initial["paid_on"], timezone.localdate())
        self.assertEqual(form.initial["amount"], claim.total)

    def test_it_marks_the_claim_paid(self) -> None:
        claim = submitted_claim(self)
        today = timezone.localdate()
        response = self.post(self.coordinator, claim, paid_on=today.isoformat(), amount="340,50")
        self.assertRedirects(response, reverse("funding:claim_detail", kwargs=claim_kwargs(claim)))
        claim.refresh_from_db()
        self.assertEqual(
            (claim.status, claim.paid_on, str(claim.paid_amount)), ("paid", today, "340.50")
        )

    def test_it_refuses_a_date_before_the_submission_on_the_form(self) -> None:
        claim = submitted_claim(self)
        yesterday = timezone.localdate() - dt.timedelta(days=1)
        response = self.post(self.coordinator, claim, paid_on=yesterday.isoformat(), amount="350")
        self.assertEqual(response.status_code, 422)
        self.assertTrue(response.context["form"].non_field_errors())
        claim.refresh_from_db()
        self.assertEqual(claim.status, "submitted")

    def test_it_refuses_bad_input(self) -> None:
        claim = submitted_claim(self)
        for data in (
            {"paid_on": "gisteren", "amount": "350"},
            {"paid_on": "2026-01-01", "amount": "-1"},
            {"paid_on": "2026-01-01", "amount": "1e30"},
            {},
        ):
            with self.subTest(data=data):
                self.assertEqual(self.post(self.coordinator, claim, **data).status_code, 400)

    def test_a_draft_or_paid_claim_goes_back_to_its_page(self) -> None:
        draft = draft_claim(self)
        self.client.force_login(self.coordinator)
        self.assertRedirects(
            self.client.get(self.url(draft)),
            reverse("funding:claim_detail", kwargs=claim_kwargs(draft)),
        )

    def test_only_the_coordinator_records_a_payment(self) -> None:
        claim = submitted_claim(self)
        today = timezone.localdate().isoformat()
        for user in (self.funder, self.caller, self.coach, self.partner):
            with self.subTest(user=user.username):
                self.assertEqual(
                    self.post(user, claim, paid_on=today, amount="350").status_code, 403
                )
        self.assertEqual(self.post(self.outsider, claim).status_code, 404)
