"""coaching:hand_off: the coach reads the partner's consent text to the entrepreneur, records the
answer, and with consent hands the firm on to Dyzo (the caller's consent and referral verbs)."""

from __future__ import annotations

from django.urls import reverse

from belronde.accounts.models import Membership, PartnerOrganisation
from belronde.coaching.models import Trajectory, TrajectoryEvent
from belronde.coaching.tests.fixtures import coaching_service, make_trajectory
from belronde.referrals import actions as referral_actions
from belronde.referrals.models import Consent, Referral, Service
from belronde.testing import BelrondeTestCase, make_user

DYZO_NL_V2 = (
    "Mogen wij uw naam, contactgegevens en een korte samenvatting doorgeven aan Dyzo vzw, zodat "
    "zij u langdurig kunnen ondersteunen? U kunt dit altijd intrekken."
)


class HandOffPageTest(BelrondeTestCase):
    def setUp(self) -> None:
        self.trajectory = make_trajectory(self)
        _coaching, self.service = coaching_service(self)
        self.text = referral_actions.add_consent_text(
            actor=self.coordinator, service=self.service, language="nl", text=DYZO_NL_V2
        )
        self.url = reverse("coaching:hand_off", args=["mechelen", self.trajectory.public_code])

    def data(self, **extra: str) -> dict[str, str]:
        return {
            "service": self.service.public_code,
            "text_language": "nl",
            "text_version": str(self.text.version),
            "answer": "given",
            "method": "phone",
            "reason": "Langdurige ondersteuning nodig na de sluiting.",
            **extra,
        }

    def partner_referrals(self):
        return Referral.objects.filter(service__kind=Service.Kind.PARTNER)

    def test_it_shows_the_consent_text_to_read_aloud_in_its_languages(self) -> None:
        self.client.force_login(self.coach)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-testid="consent-text"')
        self.assertContains(response, "langdurig kunnen ondersteunen")
        self.assertEqual([code for code, _l in response.context["languages"]], ["nl", "en"])
        self.assertContains(response, "language=en")
        self.assertNotContains(response, "language=fr")  # no French text exists
        response = self.client.get(self.url, {"language": "en"})
        self.assertEqual(response.context["text"].language, "en")
        self.assertContains(response, "so they can contact you")

    def test_with_consent_given_it_refers_the_firm_to_dyzo_once(self) -> None:
        self.client.force_login(self.coach)
        with self.captureOnCommitCallbacks(execute=False):
            response = self.client.post(self.url, self.data())
        self.assertRedirects(
            response,
            reverse("coaching:detail", args=["mechelen", self.trajectory.public_code]),
            fetch_redirect_response=False,
        )
        referral = self.partner_referrals().get()
        self.assertEqual(referral.service, self.service)
        self.assertEqual(referral.organisation, self.trajectory.organisation)
        self.assertEqual(referral.created_by, self.coach)
        consent = referral.consent
        self.assertEqual(consent.answer, Consent.Answer.GIVEN)
        self.assertEqual((consent.text_id, consent.text_version), (self.text.pk, 2))
        self.assertEqual(consent.captured_by, self.coach)
        self.assertTrue(
            TrajectoryEvent.objects.filter(
                trajectory=self.trajectory, kind="handed_off", note=referral.public_code
            ).exists()
        )

    def test_with_consent_refused_it_records_the_refusal_and_refers_nobody(self) -> None:
        self.client.force_login(self.coach)
        response = self.client.post(self.url, self.data(answer="refused", reason=""))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(self.partner_referrals().exists())
        consent = Consent.objects.get(service=self.service, captured_by=self.coach)
        self.assertEqual((consent.answer, consent.text_version), (Consent.Answer.REFUSED, 2))
        self.assertTrue(
            TrajectoryEvent.objects.filter(
                trajectory=self.trajectory, kind="hand_off_refused"
            ).exists()
        )
        self.assertEqual(Trajectory.objects.get(pk=self.trajectory.pk).status, "intake")

    def test_consent_given_needs_a_reason(self) -> None:
        self.client.force_login(self.coach)
        response = self.client.post(self.url, self.data(reason=" "))
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].errors["reason"])
        self.assertFalse(Consent.objects.filter(service=self.service).exists())

    def test_the_text_that_was_read_is_the_one_recorded(self) -> None:
        self.client.force_login(self.coach)
        english = referral_actions.current_text(self.service, "en")
        assert english is not None
        self.client.post(self.url, self.data(text_language="en", text_version=str(english.version)))
        consent = self.partner_referrals().get().consent
        self.assertEqual((consent.language, consent.text_id), ("en", english.pk))

    def test_with_several_partners_the_coach_chooses_one(self) -> None:
        legal = PartnerOrganisation.objects.create(slug="juridisch", name="Juridisch Loket")
        other = referral_actions.create_service(
            actor=None,
            chapter=self.mechelen,
            kind=Service.Kind.PARTNER,
            partner_organisation=legal,
            name="Juridisch advies",
            organisation_name="Juridisch Loket vzw",
            description="Gratis eerste juridisch advies.",
        )
        referral_actions.add_consent_text(
            actor=None,
            service=other,
            language="nl",
            text="Mogen wij uw gegevens doorgeven aan het Juridisch Loket? U kunt dit intrekken.",
        )
        self.client.force_login(self.coach)
        response = self.client.get(self.url)
        self.assertIsNone(response.context["service"])
        self.assertNotContains(response, 'data-testid="consent-text"')
        self.assertContains(response, f"?service={other.public_code}")
        self.assertContains(response, f"?service={self.service.public_code}")
        response = self.client.get(self.url, {"service": other.public_code})
        self.assertContains(response, "Juridisch Loket?")
        self.assertEqual([c for c, _l in response.context["languages"]], ["nl"])
        self.client.post(f"{self.url}?service={self.service.public_code}", self.data())
        self.assertEqual(self.partner_referrals().get().service, self.service)

    def test_an_unknown_service_is_404(self) -> None:
        self.client.force_login(self.coach)
        self.assertEqual(self.client.get(self.url, {"service": "nope"}).status_code, 404)
        coaching, _partner = coaching_service(self)  # not a partner service
        self.assertEqual(
            self.client.get(self.url, {"service": coaching.public_code}).status_code, 404
        )

    def test_a_closed_trajectory_is_not_handed_off(self) -> None:
        closed = make_trajectory(self, name="Slagerij Claes", status=Trajectory.Status.CLOSED)
        url = reverse("coaching:hand_off", args=["mechelen", closed.public_code])
        self.client.force_login(self.coach)
        response = self.client.post(url, self.data())
        self.assertEqual(response.status_code, 409)
        self.assertFalse(self.partner_referrals().exists())
        self.assertFalse(Consent.objects.filter(service=self.service).exists())

    def test_a_coordinator_may_hand_off_too(self) -> None:
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.post(self.url, self.data()).status_code, 302)
        self.assertEqual(self.partner_referrals().get().created_by, self.coordinator)

    def test_another_coachs_trajectory_is_404(self) -> None:
        other = make_user("dora.coach")
        Membership.objects.create(user=other, role="coach", chapter=self.mechelen)
        self.client.force_login(other)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_is_403_for_a_caller_and_a_partner(self) -> None:
        for user in (self.caller, self.partner):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403)
            self.assertEqual(self.client.post(self.url, self.data()).status_code, 403)
        self.assertFalse(self.partner_referrals().exists())

    def test_it_is_404_for_another_chapter(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
