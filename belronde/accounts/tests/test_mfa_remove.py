from django.test import override_settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from belronde.accounts import actions
from belronde.audit.models import AuditEvent
from belronde.testing import BelrondeTestCase, next_totp_code, verify_session, wrong_totp_code


class MfaRemoveTests(BelrondeTestCase):
    url = reverse("accounts:mfa_remove")
    profile = reverse("accounts:profile")

    def setUp(self):
        self.device = actions.start_totp_enrolment(actor=self.caller)
        self.codes = actions.confirm_totp_device(
            actor=self.caller, device=self.device, code=next_totp_code(self.device)
        )
        self.client.force_login(self.caller)
        verify_session(self.client, self.device)

    def test_it_requires_login(self):
        self.client.logout()
        response = self.client.post(self.url, {"code": "123456"})
        self.assertIn(reverse("accounts:login"), response["Location"])
        self.assertTrue(TOTPDevice.objects.filter(user=self.caller).exists())

    def test_the_profile_offers_removal_with_a_code(self):
        response = self.client.get(self.profile)
        self.assertContains(response, "Tweestapsverificatie verwijderen")
        self.assertContains(response, f'action="{self.url}"')
        self.assertContains(response, 'autocomplete="one-time-code"')

    def test_it_removes_the_device_and_recovery_codes_with_a_current_code(self):
        response = self.client.post(self.url, {"code": next_totp_code(self.device)})
        self.assertRedirects(response, self.profile)
        self.assertFalse(TOTPDevice.objects.filter(user=self.caller).exists())
        self.assertFalse(StaticDevice.objects.filter(user=self.caller).exists())
        self.assertFalse(StaticToken.objects.exists())
        self.assertNotIn(DEVICE_ID_SESSION_KEY, self.client.session)
        page = self.client.get(self.profile)
        self.assertContains(page, "Tweestapsverificatie instellen")
        event = AuditEvent.objects.get(verb="mfa.removed")
        self.assertEqual((event.actor, event.payload), (self.caller, {}))

    def test_a_recovery_code_removes_it_too(self):
        response = self.client.post(self.url, {"recovery_code": self.codes[3]})
        self.assertRedirects(response, self.profile)
        self.assertFalse(TOTPDevice.objects.filter(user=self.caller).exists())

    def test_a_wrong_code_removes_nothing_and_is_audited(self):
        wrong = wrong_totp_code(self.device)
        response = self.client.post(self.url, {"code": wrong})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'id="id_code_error"', status_code=400)
        self.assertContains(response, '<details class="mfa-remove" open>', status_code=400)
        self.assertTrue(TOTPDevice.objects.filter(user=self.caller, confirmed=True).exists())
        self.assertEqual(StaticToken.objects.count(), 10)
        event = AuditEvent.objects.get(verb="mfa.verify_failed")
        self.assertEqual(event.payload["stage"], "remove")

    def test_a_code_used_already_removes_nothing(self):
        code = next_totp_code(self.device)
        actions.verify_second_factor(actor=self.caller, code=code, kind="totp")
        response = self.client.post(self.url, {"code": code})
        self.assertEqual(response.status_code, 400)
        self.assertTrue(TOTPDevice.objects.filter(user=self.caller).exists())

    def test_without_a_device_there_is_nothing_to_remove(self):
        self.client.force_login(self.caller2)
        response = self.client.post(self.url, {"code": "123456"}, follow=True)
        self.assertRedirects(response, self.profile)
        self.assertContains(response, "Tweestapsverificatie is niet ingesteld.")

    def test_it_cannot_remove_someone_elses_device(self):
        other = actions.start_totp_enrolment(actor=self.caller2)
        actions.confirm_totp_device(actor=self.caller2, device=other, code=next_totp_code(other))
        response = self.client.post(self.url, {"code": next_totp_code(other)})
        self.assertEqual(response.status_code, 400)
        self.assertTrue(TOTPDevice.objects.filter(user=self.caller2).exists())
        self.assertTrue(TOTPDevice.objects.filter(user=self.caller).exists())

    @override_settings(BELRONDE_MFA_REQUIRED=True)
    def test_a_privileged_user_who_removes_it_must_set_it_up_again(self):
        device = actions.start_totp_enrolment(actor=self.coordinator)
        actions.confirm_totp_device(
            actor=self.coordinator, device=device, code=next_totp_code(device)
        )
        self.client.force_login(self.coordinator)
        verify_session(self.client, device)
        response = self.client.post(self.url, {"code": next_totp_code(device)})
        self.assertRedirects(response, self.profile, fetch_redirect_response=False)
        response = self.client.get(self.profile)
        self.assertTrue(response["Location"].startswith(reverse("accounts:mfa_enrol")))
