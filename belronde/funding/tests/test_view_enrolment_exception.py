"""funding:enrolment_exception: the coordinator waives the rule that refused a trajectory, with
a reason (audited); never the window or the budget, and the page says why."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from belronde.audit.models import AuditEvent
from belronde.funding.models import Enrolment, Programme
from belronde.funding.tests.fixtures import enrolled, make_programme
from belronde.members.models import Organisation
from belronde.testing import BelrondeTestCase

TODAY = timezone.localdate
Rule = Enrolment.Rule


def url(enrolment: Enrolment, code: str = "traject-2026") -> str:
    return reverse("funding:enrolment_exception", args=["mechelen", code, enrolment.public_code])


class EnrolmentExceptionTest(BelrondeTestCase):
    def setUp(self) -> None:
        self.programme = make_programme(self)
        self.refused = enrolled(self, name="Slagerij Antwerpen", postal_code="2000")

    def post(self, enrolment: Enrolment, reason: str | None = "Vestiging in Mechelen.", user=None):
        self.client.force_login(user or self.coordinator)
        return self.client.post(url(enrolment), {} if reason is None else {"reason": reason})

    def test_it_offers_the_exception_for_a_rule_that_may_be_waived(self) -> None:
        self.client.force_login(self.coordinator)
        response = self.client.get(url(self.refused))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-testid="exception-form"')
        self.assertContains(response, "Slagerij Antwerpen")
        self.assertTrue(response.context["waivable"])

    def test_it_records_the_exception_and_enrols(self) -> None:
        response = self.post(self.refused)
        self.assertRedirects(
            response,
            reverse("funding:programme_detail", args=["mechelen", "traject-2026"]) + "#enrolments",
            fetch_redirect_response=False,
        )
        saved = Enrolment.objects.get(pk=self.refused.pk)
        self.assertEqual((saved.status, saved.number), ("enrolled", 1))
        self.assertEqual(saved.waived_rules, [Rule.CHAPTER])
        self.assertEqual(saved.exception_reason, "Vestiging in Mechelen.")
        self.assertEqual(saved.exception_by, self.coordinator)
        event = AuditEvent.objects.get(verb="enrolment.exception")
        self.assertEqual(event.payload["waived"], Rule.CHAPTER)
        self.assertNotIn("Vestiging", str(event.payload))  # the reason stays out of the log

    def test_it_says_when_another_rule_still_refuses(self) -> None:
        both = enrolled(
            self,
            name="Twee Regels bv",
            postal_code="2000",
            membership_status=Organisation.MembershipStatus.PROSPECT,
        )
        response = self.post(both)
        self.assertEqual(response.status_code, 302)
        saved = Enrolment.objects.get(pk=both.pk)
        self.assertEqual((saved.status, saved.refused_rule), ("refused", Rule.NOT_MEMBER))

    def test_it_explains_why_the_window_is_never_waived(self) -> None:
        late = enrolled(self, name="Te Vroeg bv", started_on=TODAY() - dt.timedelta(days=300))
        self.assertEqual(late.refused_rule, Rule.WINDOW)
        self.client.force_login(self.coordinator)
        page = self.client.get(url(late))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, 'data-testid="exception-form"')
        self.assertContains(page, 'data-testid="no-exception"')
        response = self.post(late)
        self.assertEqual(response.status_code, 422)
        with translation.override("nl"):
            message = _("No exception is possible for this rule: %(rule)s.") % {
                "rule": Rule.WINDOW.label
            }
        self.assertIn(message, response.context["form"].non_field_errors())
        self.assertEqual(Enrolment.objects.get(pk=late.pk).status, "refused")
        self.assertFalse(AuditEvent.objects.filter(verb="enrolment.exception").exists())

    def test_it_refuses_an_exception_over_the_budget(self) -> None:
        enrolled(self, name="Eerste")
        Programme.objects.filter(pk=self.programme.pk).update(budget_trajectories=1)
        full = enrolled(self, name="Tweede")
        self.assertEqual(full.refused_rule, Rule.BUDGET)
        self.client.force_login(self.coordinator)
        page = self.client.get(url(full))
        self.assertNotContains(page, 'data-testid="exception-form"')
        self.assertContains(page, 'data-testid="no-exception"')
        self.assertEqual(self.post(full).status_code, 422)
        self.assertEqual(Enrolment.objects.get(pk=full.pk).refused_rule, Rule.BUDGET)

    def test_it_needs_no_exception_for_an_enrolled_trajectory(self) -> None:
        ok = enrolled(self, name="Bakkerij Peeters")
        self.client.force_login(self.coordinator)
        self.assertContains(self.client.get(url(ok)), 'data-testid="no-exception"')
        self.assertEqual(self.post(ok).status_code, 422)

    def test_it_wants_a_reason(self) -> None:
        for reason in (None, "", "   ", "x" * 501):
            with self.subTest(reason=reason):
                response = self.post(self.refused, reason)
                self.assertEqual(response.status_code, 400)
                self.assertTrue(response.context["form"].errors["reason"])
        self.assertEqual(Enrolment.objects.get(pk=self.refused.pk).status, "refused")

    def test_it_is_404_for_an_enrolment_of_another_programme(self) -> None:
        make_programme(self, code="ander-programma", status="draft")
        self.client.force_login(self.coordinator)
        other = url(self.refused, "ander-programma")
        self.assertEqual(self.client.get(other).status_code, 404)
        self.assertEqual(self.client.post(other, {"reason": "x"}).status_code, 404)
        unknown = reverse("funding:enrolment_exception", args=["mechelen", "traject-2026", "NOPE"])
        self.assertEqual(self.client.get(unknown).status_code, 404)

    def test_the_funder_may_not_record_an_exception(self) -> None:
        self.client.force_login(self.funder)
        self.assertEqual(self.client.get(url(self.refused)).status_code, 403)
        self.assertEqual(self.post(self.refused, user=self.funder).status_code, 403)
        self.assertEqual(Enrolment.objects.get(pk=self.refused.pk).status, "refused")

    def test_it_is_403_for_the_other_roles(self) -> None:
        for user in (self.caller, self.coach, self.partner):
            with self.subTest(user.username):
                self.assertEqual(self.post(self.refused, user=user).status_code, 403)

    def test_it_is_404_for_another_chapter(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(url(self.refused)).status_code, 404)
        self.assertEqual(self.post(self.refused, user=self.outsider).status_code, 404)
