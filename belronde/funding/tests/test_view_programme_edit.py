"""funding:programme_edit: the coordinator changes a programme's settings, with the version read
(optimistic locking); what a submitted claim froze is refused with the reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from belronde.audit.models import AuditEvent
from belronde.funding import actions
from belronde.funding.models import Programme
from belronde.funding.programme_forms import EditProgrammeForm
from belronde.funding.tests.fixtures import enrolled, make_programme
from belronde.testing import BelrondeTestCase

TODAY = timezone.localdate


def nl(message: str) -> str:
    with translation.override("nl"):
        return _(message)


def as_posted(programme: Programme) -> dict[str, Any]:
    """The edit form's fields as the page fills them in."""
    data: dict[str, Any] = {"version": str(programme.version)}
    for name, value in EditProgrammeForm.initial_for(programme).items():
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, dt.date):
            data[name] = value.isoformat()
        else:
            data[name] = "" if value is None else str(value)
    return data


class ProgrammeEditTest(BelrondeTestCase):
    def setUp(self) -> None:
        self.programme = make_programme(self)
        self.url = reverse("funding:programme_edit", args=["mechelen", self.programme.code])

    def post(self, user=None, **changes: str | None):
        self.client.force_login(user or self.coordinator)
        data = {**as_posted(Programme.objects.get(pk=self.programme.pk)), **changes}
        return self.client.post(self.url, {k: v for k, v in data.items() if v is not None})

    def saved(self) -> Programme:
        return Programme.objects.get(pk=self.programme.pk)

    def test_it_shows_the_settings_with_the_version(self) -> None:
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'name="version" value="1"')
        self.assertContains(response, 'value="Begeleidingstrajecten Mechelen"')
        self.assertContains(response, 'value="BE71096123456769"')
        self.assertNotContains(response, 'data-testid="frozen"')

    def test_it_saves_the_settings(self) -> None:
        response = self.post(
            name="Trajecten 2026", status="ended", budget_trajectories="40", require_member=None
        )
        self.assertRedirects(
            response,
            reverse("funding:programme_detail", args=["mechelen", self.programme.code]),
            fetch_redirect_response=False,
        )
        saved = self.saved()
        self.assertEqual(
            (saved.name, saved.status, saved.budget_trajectories), ("Trajecten 2026", "ended", 40)
        )
        self.assertFalse(saved.require_member)
        self.assertEqual(saved.version, 2)
        event = AuditEvent.objects.get(verb="programme.changed")
        self.assertIn("require_member", event.payload["fields"])

    def test_it_shows_someone_elses_newer_save_and_keeps_the_input(self) -> None:
        stale = as_posted(self.saved())
        actions.update_programme(actor=self.coordinator, programme=self.programme, name="Door Anna")
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url, {**stale, "name": "Mijn naam"})
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, 'data-testid="conflict"', status_code=409)
        self.assertContains(response, "Door Anna", status_code=409)
        self.assertContains(response, 'value="Mijn naam"', status_code=409)
        self.assertContains(response, 'name="version" value="2"', status_code=409)
        self.assertEqual(self.saved().name, "Door Anna")
        again = self.client.post(self.url, {**stale, "name": "Mijn naam", "version": "2"})
        self.assertEqual(again.status_code, 302)
        self.assertEqual(self.saved().name, "Mijn naam")

    def test_it_shows_what_a_submitted_claim_froze(self) -> None:
        start_day = TODAY() - dt.timedelta(days=400)
        Programme.objects.filter(pk=self.programme.pk).update(window_start=start_day)
        programme = self.saved()
        programme.terms.update(valid_from=start_day)
        enrolled(self, started_on=start_day + dt.timedelta(days=1))
        period = actions.period_of(programme, start_day)
        claim = actions.prepare_claim(actor=self.coordinator, programme=programme, period=period)
        actions.submit_claim(actor=self.coordinator, claim=claim)
        until = actions.period_bounds(programme, period)[2]
        self.client.force_login(self.coordinator)
        page = self.client.get(self.url)
        self.assertContains(page, 'data-testid="frozen"')
        self.assertContains(page, date_format(until, "SHORT_DATE_FORMAT"))
        response = self.post(window_start=(start_day + dt.timedelta(days=1)).isoformat())
        self.assertEqual(response.status_code, 409)
        with translation.override("nl"):
            message = _(
                "A claim up to %(date)s has been submitted: the window's start is frozen."
            ) % {"date": date_format(until, "SHORT_DATE_FORMAT")}
        self.assertIn(message, response.context["form"].non_field_errors())
        self.assertEqual(self.saved().window_start, start_day)
        response = self.post(window_end=(until - dt.timedelta(days=1)).isoformat())
        self.assertEqual(response.status_code, 409)
        self.assertEqual(self.saved().version, programme.version)

    def test_it_shows_a_bad_iban_with_the_input_kept(self) -> None:
        response = self.post(iban="NL00BANK0123456789")
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, 'value="NL00BANK0123456789"', status_code=422)
        self.assertEqual(self.saved().iban, "BE71096123456769")

    def test_it_shows_a_window_that_ends_before_it_starts(self) -> None:
        response = self.post(
            window_end=(self.programme.window_start - dt.timedelta(days=1)).isoformat()
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn(
            nl("The window ends before it starts."), response.context["form"].non_field_errors()
        )

    def test_it_answers_bad_input_with_400_never_500(self) -> None:
        for field, value in {
            "version": "0",
            "budget_amount": "99999999999999",
            "window_end": "0000-00-00",
            "payment_days": "1000",
            "status": "<script>",
            "creditor_name": "x" * 71,
        }.items():
            with self.subTest(field):
                response = self.post(**{field: value})
                self.assertEqual(response.status_code, 400)
                self.assertTrue(response.context["form"].errors[field])
        response = self.post(version=None)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.saved().version, 1)

    def test_the_funder_may_not_change_its_programme(self) -> None:
        self.client.force_login(self.funder)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.post(self.funder, name="Van de stad").status_code, 403)
        self.assertEqual(self.saved().name, "Begeleidingstrajecten Mechelen")

    def test_it_is_403_for_the_other_roles(self) -> None:
        for user in (self.caller, self.coach, self.partner):
            with self.subTest(user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 403)
                self.assertEqual(self.post(user).status_code, 403)

    def test_it_is_404_for_another_chapter_or_an_unknown_programme(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.client.force_login(self.coordinator)
        unknown = reverse("funding:programme_edit", args=["mechelen", "onbekend"])
        self.assertEqual(self.client.get(unknown).status_code, 404)
