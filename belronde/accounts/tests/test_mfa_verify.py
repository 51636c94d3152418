from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from belronde.accounts import actions
from belronde.audit.models import AuditEvent
from belronde.testing import (
    PASSWORD,
    BelrondeTestCase,
    add_totp_device,
    next_totp_code,
    wrong_totp_code,
)

LOGIN = reverse("accounts:login")
HOME = reverse("accounts:chapter_home", args=["mechelen"])


class MfaVerifyTests(BelrondeTestCase):
    url = reverse("accounts:mfa_verify")

    def setUp(self):
        self.device = add_totp_device(self.caller)

    def log_in(self, client=None, next_url=None):
        client = client or self.client
        url = LOGIN + (f"?next={next_url}" if next_url else "")
        response = client.post(url, {"username": "bob.caller", "password": PASSWORD})
        self.assertEqual(response.status_code, 302)
        return response

    def test_it_requires_login(self):
        response = self.client.get(self.url)
        self.assertIn(reverse("accounts:login"), response["Location"])

    def test_the_password_alone_leads_to_the_code_page_and_opens_nothing(self):
        response = self.log_in(next_url=HOME)
        self.assertEqual(response["Location"], f"{self.url}?next=%2Fc%2Fmechelen%2F")
        page = self.client.get(response["Location"])
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "Geef je code in")
        self.assertContains(page, 'autocomplete="one-time-code"')
        self.assertContains(page, 'inputmode="numeric"')
        self.assertContains(page, 'for="id_code"')
        self.assertContains(page, 'for="id_recovery_code"')
        self.assertNotContains(page, reverse("accounts:profile"))  # no menu to pages yet
        for url in (HOME, reverse("home"), reverse("accounts:profile")):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302, url)
            self.assertTrue(response["Location"].startswith(self.url), url)

    def test_a_code_from_the_app_opens_the_page_asked_for(self):
        self.log_in()
        key_before = self.client.session.session_key
        response = self.client.post(self.url, {"code": next_totp_code(self.device), "next": HOME})
        self.assertRedirects(response, HOME)
        self.assertEqual(self.client.session[DEVICE_ID_SESSION_KEY], self.device.persistent_id)
        self.assertNotEqual(self.client.session.session_key, key_before)
        self.assertEqual(self.client.get(HOME).status_code, 200)
        event = AuditEvent.objects.get(verb="mfa.verified")
        self.assertEqual(event.payload, {"kind": "totp", "stage": "login"})

    def test_a_code_is_accepted_with_spaces(self):
        self.log_in()
        code = next_totp_code(self.device)
        response = self.client.post(self.url, {"code": f"{code[:3]} {code[3:]}"})
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)

    def test_sec_auth_08_the_same_code_cannot_log_in_twice(self):
        self.log_in()
        code = next_totp_code(self.device)
        self.assertEqual(self.client.post(self.url, {"code": code}).status_code, 302)
        other = Client()
        self.log_in(other)
        response = other.post(self.url, {"code": code})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "werd al gebruikt")
        self.assertNotIn(DEVICE_ID_SESSION_KEY, other.session)
        self.assertEqual(other.get(HOME).status_code, 302)
        failed = AuditEvent.objects.get(verb="mfa.verify_failed")
        self.assertEqual(failed.payload["kind"], "totp")
        self.assertNotIn(code, str(failed.payload))

    def test_a_wrong_code_is_refused_then_throttled(self):
        self.log_in()
        good = next_totp_code(self.device)
        wrong = wrong_totp_code(self.device)
        response = self.client.post(self.url, {"code": wrong})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="id_code_error"')
        # right away, even the right code waits (1 s after one failure, then 2, 4, 8 ...)
        response = self.client.post(self.url, {"code": good})
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Te veel foute codes", status_code=429)
        self.assertNotIn(DEVICE_ID_SESSION_KEY, self.client.session)
        self.device.refresh_from_db()
        self.assertEqual(self.device.throttling_failure_count, 1)
        self.assertEqual(
            [e.payload["throttled"] for e in AuditEvent.objects.filter(verb="mfa.verify_failed")],
            [True, False],  # newest first
        )
        # once the wait is over the right code works and clears the count
        self.device.throttling_failure_timestamp = timezone.now() - timezone.timedelta(seconds=2)
        self.device.save(update_fields=["throttling_failure_timestamp"])
        response = self.client.post(self.url, {"code": good})
        self.assertEqual(response.status_code, 302)
        self.device.refresh_from_db()
        self.assertEqual(self.device.throttling_failure_count, 0)

    def test_a_recovery_code_works_once(self):
        codes = self._with_recovery_codes()
        self.log_in()
        response = self.client.post(self.url, {"recovery_code": codes[0].upper()})
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)
        messages = [str(m) for m in response.wsgi_request._messages]
        self.assertIn("er zijn er nog 9 over", messages[0])
        other = Client()
        self.log_in(other)
        response = other.post(self.url, {"recovery_code": codes[0]})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="id_recovery_code_error"')
        self.assertContains(response, '<details class="mfa-recovery" open>')
        self.assertEqual(other.get(HOME).status_code, 302)
        event = AuditEvent.objects.filter(verb="mfa.verified").get()
        self.assertEqual(event.payload["recovery_codes_left"], 9)

    def test_it_sends_a_user_without_a_device_on(self):
        self.client.force_login(self.caller2)
        response = self.client.get(self.url + "?next=" + HOME)
        self.assertRedirects(response, HOME)

    @override_settings(BELRONDE_MFA_REQUIRED=True)
    def test_it_sends_a_privileged_user_without_a_device_to_the_set_up(self):
        self.client.force_login(self.coach)
        response = self.client.get(self.url)
        self.assertTrue(response["Location"].startswith(reverse("accounts:mfa_enrol")))

    def test_it_refuses_an_offsite_next(self):
        self.log_in()
        response = self.client.post(
            self.url, {"code": next_totp_code(self.device), "next": "https://evil.example/"}
        )
        self.assertEqual(response["Location"], reverse("home"))

    def test_it_asks_for_one_of_the_two_codes(self):
        self.log_in()
        response = self.client.post(self.url, {"code": "", "recovery_code": ""})
        self.assertContains(response, "Geef de code uit je authenticator-app in.")
        self.assertFalse(AuditEvent.objects.filter(verb="mfa.verify_failed").exists())

    def _with_recovery_codes(self) -> list[str]:
        """Enrol through the actions, as the set-up page does, to get real recovery codes."""
        self.device.delete()
        enrolment = actions.start_totp_enrolment(actor=self.caller)
        codes = actions.confirm_totp_device(
            actor=self.caller, device=enrolment, code=next_totp_code(enrolment)
        )
        self.device = enrolment
        return codes
