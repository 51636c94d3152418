"""The offer window where the entrepreneur is told about the coaching (issue 14, point 6)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from belronde.coaching.tests.fixtures import coaching_service
from belronde.funding.access import offer_state
from belronde.funding.tests.fixtures import make_programme
from belronde.testing import BelrondeTestCase


class OfferWindowTests(BelrondeTestCase):
    def test_it_shows_the_end_date_and_the_amounts_on_the_coaching_service(self) -> None:
        end = timezone.localdate() + dt.timedelta(days=30)
        make_programme(self, window_end=end)
        coaching, _partner = coaching_service(self)
        self.client.force_login(self.coordinator)
        page = self.client.get(
            reverse("referrals:service_detail", args=["mechelen", coaching.public_code])
        )
        self.assertContains(page, 'data-testid="offer-window"')
        self.assertContains(page, end.strftime("%d/%m/%Y"))
        self.assertContains(page, "350")
        self.assertContains(page, "200")

    def test_it_says_the_offer_ended(self) -> None:
        make_programme(self, window_start=dt.date(2020, 9, 1), window_end=dt.date(2021, 12, 31))
        state = offer_state(self.mechelen)
        assert state is not None
        self.assertFalse(state.open)
        coaching, _partner = coaching_service(self)
        self.client.force_login(self.coordinator)
        page = self.client.get(
            reverse("referrals:service_detail", args=["mechelen", coaching.public_code])
        )
        self.assertContains(page, "31/12/2021")

    def test_it_says_nothing_on_a_partner_service_or_without_a_programme(self) -> None:
        _coaching, partner = coaching_service(self)
        self.assertIsNone(offer_state(self.mechelen))
        make_programme(self)
        self.client.force_login(self.coordinator)
        page = self.client.get(
            reverse("referrals:service_detail", args=["mechelen", partner.public_code])
        )
        self.assertNotContains(page, 'data-testid="offer-window"')
