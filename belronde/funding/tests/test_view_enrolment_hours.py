"""funding:enrolment_hours: a tailored trajectory's price is the hours agreed x the programme's
hourly rate (with the version read); refused once the participant is invoiced."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from belronde.audit.models import AuditEvent
from belronde.funding import actions
from belronde.funding.models import Enrolment
from belronde.funding.tests.fixtures import enrolled, make_programme
from belronde.testing import BelrondeTestCase


def url(enrolment: Enrolment, code: str = "traject-2026") -> str:
    return reverse("funding:enrolment_hours", args=["mechelen", code, enrolment.public_code])


def nl(message: str) -> str:
    with translation.override("nl"):
        return _(message)


class EnrolmentHoursTest(BelrondeTestCase):
    def setUp(self) -> None:
        self.programme = make_programme(self)
        self.enrolment = enrolled(self)

    def post(self, hours: str | None = "12", version: str | None = "1", user=None, enrolment=None):
        self.client.force_login(user or self.coordinator)
        data = {k: v for k, v in {"hours": hours, "version": version}.items() if v is not None}
        return self.client.post(url(enrolment or self.enrolment), data)

    def saved(self) -> Enrolment:
        return Enrolment.objects.get(pk=self.enrolment.pk)

    def test_it_shows_the_hourly_rate_and_the_version(self) -> None:
        self.client.force_login(self.coordinator)
        response = self.client.get(url(self.enrolment))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-testid="hours-form"')
        self.assertContains(response, "90,00 EUR")
        self.assertContains(response, 'name="version" value="1"')

    def test_it_prices_the_hours_and_splits_again(self) -> None:
        response = self.post("12,5")
        self.assertRedirects(
            response,
            reverse("funding:programme_detail", args=["mechelen", "traject-2026"]) + "#enrolments",
            fetch_redirect_response=False,
        )
        saved = self.saved()
        self.assertEqual(saved.hours, Decimal("12.50"))
        self.assertEqual(saved.price, Decimal("1125.00"))
        self.assertEqual(
            (saved.funder_part, saved.participant_part, saved.federation_part),
            (Decimal("350.00"), Decimal("200.00"), Decimal("575.00")),
        )
        self.assertEqual(saved.version, 2)
        self.assertTrue(AuditEvent.objects.filter(verb="enrolment.price_changed").exists())

    def test_no_hours_go_back_to_the_standard_price(self) -> None:
        self.post("12")
        self.assertEqual(self.post("", version="2").status_code, 302)
        saved = self.saved()
        self.assertIsNone(saved.hours)
        self.assertEqual(saved.price, Decimal("900.00"))

    def test_it_shows_someone_elses_newer_save_with_the_new_version(self) -> None:
        actions.set_hours(
            actor=self.coordinator, enrolment=self.enrolment, hours=Decimal("8"), expected_version=1
        )
        response = self.post("12", version="1")
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, 'name="version" value="2"', status_code=409)
        self.assertContains(response, 'value="12"', status_code=409)
        self.assertEqual(self.saved().hours, Decimal("8.00"))

    def test_it_refuses_once_the_participant_is_invoiced(self) -> None:
        actions.issue_invoice(actor=self.coordinator, enrolment=self.enrolment)
        response = self.post("12")
        self.assertEqual(response.status_code, 409)
        self.assertIn(
            nl("The participant has been invoiced: credit the invoice before changing the price."),
            response.context["form"].non_field_errors(),
        )
        self.assertIsNone(self.saved().hours)

    def test_it_says_when_the_programme_has_no_hourly_rate(self) -> None:
        self.programme.terms.update(hourly_rate=None)
        self.client.force_login(self.coordinator)
        page = self.client.get(url(self.enrolment))
        self.assertContains(page, 'data-testid="no-rate"')
        self.assertNotContains(page, 'data-testid="hours-form"')
        response = self.post("12")
        self.assertEqual(response.status_code, 422)
        self.assertIn(
            nl("This programme has no hourly rate for tailored trajectories."),
            response.context["form"].non_field_errors(),
        )

    def test_a_refused_trajectory_has_no_price_to_change(self) -> None:
        refused = enrolled(self, name="Slagerij Antwerpen", postal_code="2000")
        self.client.force_login(self.coordinator)
        self.assertContains(self.client.get(url(refused)), 'data-testid="not-enrolled"')
        self.assertEqual(self.post("12", enrolment=refused).status_code, 409)

    def test_it_answers_bad_input_with_400_never_500(self) -> None:
        for hours in ("-1", "0", "abc", "1000,01", "1e9", "NaN", "99999999999999999999"):
            with self.subTest(hours=hours):
                response = self.post(hours)
                self.assertEqual(response.status_code, 400)
                self.assertTrue(response.context["form"].errors["hours"])
        for version in (None, "0", "abc", "99999999999"):
            with self.subTest(version=version):
                self.assertEqual(self.post("12", version=version).status_code, 400)
        self.assertIsNone(self.saved().hours)

    def test_it_is_404_for_an_enrolment_of_another_programme(self) -> None:
        make_programme(self, code="ander-programma", status="draft")
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.get(url(self.enrolment, "ander-programma")).status_code, 404)

    def test_the_funder_may_not_change_the_hours(self) -> None:
        self.client.force_login(self.funder)
        self.assertEqual(self.client.get(url(self.enrolment)).status_code, 403)
        self.assertEqual(self.post(user=self.funder).status_code, 403)
        self.assertIsNone(self.saved().hours)

    def test_it_is_403_for_the_other_roles(self) -> None:
        for user in (self.caller, self.coach, self.partner):
            with self.subTest(user.username):
                self.assertEqual(self.post(user=user).status_code, 403)

    def test_it_is_404_for_another_chapter(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(url(self.enrolment)).status_code, 404)
        self.assertEqual(self.post(user=self.outsider).status_code, 404)
