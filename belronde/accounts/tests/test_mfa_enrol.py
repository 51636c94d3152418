import base64
import re

from django.test import override_settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from belronde.accounts import mfa
from belronde.audit.models import AuditEvent
from belronde.testing import (
    BelrondeTestCase,
    add_totp_device,
    totp_code,
    verify_session,
    wrong_totp_code,
)


def code_from_page_secret(response) -> str:
    """Type the key shown on the page into an 'app' and read the code, as a user would."""
    secret = re.search(r'data-testid="mfa-secret">([A-Z2-7 ]+)<', response.content.decode())
    typed = secret.group(1).replace(" ", "")
    key = base64.b32decode(typed + "=" * (-len(typed) % 8))
    return str(TOTP(key).token()).zfill(6)


class MfaEnrolTests(BelrondeTestCase):
    url = reverse("accounts:mfa_enrol")

    def test_it_requires_login(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])

    def test_it_shows_an_inline_qr_code_and_the_key_in_groups(self):
        self.client.force_login(self.caller)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        device = TOTPDevice.objects.get(user=self.caller)
        self.assertFalse(device.confirmed)
        body = response.content.decode()
        self.assertIn('<div class="mfa-qr" role="img"', body)
        self.assertIn('<svg aria-hidden="true"', body)
        self.assertNotIn("<img", body.split('class="mfa-qr"')[1].split("</div>")[0])
        self.assertNotIn(" style=", body)
        secret = mfa.secret_base32(device)
        self.assertIn(" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)), body)
        self.assertIn("otpauth://totp/belronde%3Abob.caller?secret=", body)
        self.assertContains(response, 'autocomplete="one-time-code"')
        self.assertContains(response, 'inputmode="numeric"')
        self.assertContains(response, 'for="id_code"')
        self.assertIn("no-store", response["Cache-Control"])

    def test_it_keeps_the_same_key_until_confirmed(self):
        self.client.force_login(self.caller)
        first = self.client.get(self.url)
        second = self.client.get(self.url)
        self.assertEqual(TOTPDevice.objects.filter(user=self.caller).count(), 1)
        self.assertEqual(code_from_page_secret(first), code_from_page_secret(second))
        self.assertEqual(
            AuditEvent.objects.filter(actor=self.caller, verb="mfa.enrolment_started").count(), 1
        )

    def test_it_turns_on_with_a_code_from_the_key_and_shows_recovery_codes_once(self):
        self.client.force_login(self.caller)
        page = self.client.get(self.url + "?next=/account/profile/")
        response = self.client.post(
            self.url, {"code": code_from_page_secret(page), "next": "/account/profile/"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "accounts/mfa_recovery_codes.html")
        device = TOTPDevice.objects.get(user=self.caller)
        self.assertTrue(device.confirmed)
        self.assertEqual(self.client.session[DEVICE_ID_SESSION_KEY], device.persistent_id)
        codes = response.context["codes"]
        self.assertEqual(len(codes), 10)
        self.assertEqual(len(set(codes)), 10)
        for code in codes:
            self.assertRegex(code, r"^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$")
            self.assertContains(response, code)
        self.assertContains(response, 'href="/account/profile/"')
        # only digests are stored, never the codes themselves
        static = StaticDevice.objects.get(user=self.caller)
        stored = set(StaticToken.objects.filter(device=static).values_list("token", flat=True))
        self.assertEqual(len(stored), 10)
        self.assertFalse(stored & {mfa.normalise_recovery_code(c) for c in codes})
        self.assertEqual(stored, {mfa.recovery_code_digest(static, c) for c in codes})
        # the profile shows the state, never the codes again
        profile = self.client.get(reverse("accounts:profile"))
        self.assertContains(profile, "10 herstelcodes over")
        for code in codes:
            self.assertNotContains(profile, code)

    def test_it_audits_the_enrolment_without_the_secret(self):
        self.client.force_login(self.caller)
        self.client.get(self.url)
        device = TOTPDevice.objects.get(user=self.caller)
        self.client.post(self.url, {"code": totp_code(device)})
        event = AuditEvent.objects.get(verb="mfa.enrolled")
        self.assertEqual(event.actor, self.caller)
        self.assertEqual(event.payload, {"recovery_codes": 10})
        for event in AuditEvent.objects.filter(verb__startswith="mfa."):
            text = str(event.payload)
            self.assertNotIn(device.key, text)
            self.assertNotIn(mfa.secret_base32(device), text)

    def test_it_refuses_a_wrong_code_and_audits_it(self):
        self.client.force_login(self.caller)
        self.client.get(self.url)
        device = TOTPDevice.objects.get(user=self.caller)
        wrong = wrong_totp_code(device)
        response = self.client.post(self.url, {"code": wrong})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="id_code_error"')
        device.refresh_from_db()
        self.assertFalse(device.confirmed)
        self.assertEqual(device.throttling_failure_count, 1)
        self.assertFalse(StaticDevice.objects.filter(user=self.caller).exists())
        event = AuditEvent.objects.get(verb="mfa.verify_failed")
        self.assertEqual(event.payload["stage"], "enrol")
        self.assertNotIn(wrong, str(event.payload))

    def test_it_explains_a_code_that_is_not_six_digits(self):
        self.client.force_login(self.caller)
        self.client.get(self.url)
        response = self.client.post(self.url, {"code": "12ab"})
        self.assertContains(response, "Geef de 6 cijfers")
        self.assertFalse(AuditEvent.objects.filter(verb="mfa.verify_failed").exists())

    def test_it_throttles_wrong_codes(self):
        self.client.force_login(self.caller)
        self.client.get(self.url)
        device = TOTPDevice.objects.get(user=self.caller)
        self.client.post(self.url, {"code": wrong_totp_code(device)})
        response = self.client.post(self.url, {"code": totp_code(device)})
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Te veel foute codes", status_code=429)
        device.refresh_from_db()
        self.assertFalse(device.confirmed)

    def test_it_sends_an_enrolled_user_to_the_profile(self):
        device = add_totp_device(self.caller)
        self.client.force_login(self.caller)
        verify_session(self.client, device)
        response = self.client.get(self.url)
        self.assertRedirects(response, reverse("accounts:profile"))
        self.assertEqual(TOTPDevice.objects.filter(user=self.caller).count(), 1)

    def test_a_session_without_its_code_cannot_add_a_second_device(self):
        add_totp_device(self.caller)
        self.client.force_login(self.caller)
        response = self.client.get(self.url)
        self.assertTrue(response["Location"].startswith(reverse("accounts:mfa_verify")))
        self.assertEqual(TOTPDevice.objects.filter(user=self.caller).count(), 1)

    @override_settings(BELRONDE_MFA_REQUIRED=True)
    def test_it_says_why_when_the_role_requires_it_and_offers_only_logout(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url)
        self.assertContains(response, "Je rol geeft toegang tot vertrouwelijke gegevens")
        self.assertNotContains(response, reverse("accounts:profile"))
        self.assertContains(response, reverse("accounts:logout"))

    def test_it_is_in_english_for_an_english_user(self):
        self.caller.language = "en"
        self.caller.save(update_fields=["language"])
        self.client.force_login(self.caller)
        self.assertContains(self.client.get(self.url), "Set up two-factor authentication")
