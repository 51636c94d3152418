from django.test import override_settings
from django.urls import reverse

from belronde.accounts.actions import create_api_token
from belronde.testing import (
    PASSWORD,
    BelrondeTestCase,
    add_totp_device,
    next_totp_code,
    verify_session,
)

HOME = reverse("accounts:chapter_home", args=["mechelen"])
ENROL = reverse("accounts:mfa_enrol")
VERIFY = reverse("accounts:mfa_verify")


@override_settings(BELRONDE_MFA_REQUIRED=True)
class RequiredTwoFactorTests(BelrondeTestCase):
    """SEC-AUTH-06 with BELRONDE_MFA_REQUIRED on (the production default)."""

    def assert_sent_to(self, response, target):
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(target), response["Location"])

    def test_privileged_roles_without_a_device_are_sent_to_the_set_up_from_every_page(self):
        pages = [
            HOME,
            reverse("home"),
            reverse("accounts:profile"),
            reverse("audit:event_list", args=["mechelen"]),
        ]
        for persona in ("coordinator", "coach", "regional"):
            self.client.force_login(getattr(self, persona))
            for page in pages:
                self.assert_sent_to(self.client.get(page), ENROL)
            self.assert_sent_to(self.client.post(reverse("accounts:profile"), {}), ENROL)

    def test_the_page_asked_for_is_kept(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(HOME + "?tab=1")
        self.assertEqual(response["Location"], f"{ENROL}?next=%2Fc%2Fmechelen%2F%3Ftab%3D1")

    def test_other_roles_are_not_redirected(self):
        for persona in ("caller", "partner", "funder", "nobody"):
            self.client.force_login(getattr(self, persona))
            self.assertEqual(self.client.get(reverse("accounts:profile")).status_code, 200)
        self.client.force_login(self.caller)
        self.assertEqual(self.client.get(HOME).status_code, 200)

    def test_login_leads_a_coordinator_straight_to_the_set_up(self):
        response = self.client.post(
            reverse("accounts:login") + "?next=" + HOME,
            {"username": "alice.coordinator", "password": PASSWORD},
        )
        self.assertEqual(response["Location"], f"{ENROL}?next=%2Fc%2Fmechelen%2F")

    def test_after_set_up_in_this_session_the_pages_open(self):
        self.client.force_login(self.coordinator)
        self.client.get(ENROL)
        device = self.coordinator.totpdevice_set.get()
        response = self.client.post(ENROL, {"code": next_totp_code(device), "next": HOME})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f'href="{HOME}"')
        self.assertEqual(self.client.get(HOME).status_code, 200)

    def test_a_device_is_not_enough_without_its_code_in_this_session(self):
        device = add_totp_device(self.coordinator)
        self.client.force_login(self.coordinator)
        self.assert_sent_to(self.client.get(HOME), VERIFY)
        verify_session(self.client, device)
        self.assertEqual(self.client.get(HOME).status_code, 200)

    def test_exempt_pages_stay_open(self):
        self.client.force_login(self.coordinator)
        for name in (
            "accounts:login",
            "accounts:password_reset",
            "accounts:password_reset_done",
            "accounts:password_reset_complete",
            "ops:healthz",
        ):
            response = self.client.get(reverse(name))
            self.assertFalse(
                response.get("Location", "").startswith(ENROL), f"{name} sent to the set-up"
            )
        self.assertEqual(self.client.get(ENROL).status_code, 200)
        response = self.client.post(reverse("accounts:set_language"), {"language": "en"})
        self.assertEqual(response["Location"], reverse("home"))
        self.assertEqual(self.client.get("/static/belronde/belronde.css").status_code, 200)
        response = self.client.post(reverse("accounts:logout"))
        self.assertEqual(response["Location"], reverse("accounts:login"))

    def test_the_api_with_a_bearer_token_is_unaffected(self):
        _token, key = create_api_token(actor=self.coordinator, name="script")
        headers = {"Authorization": f"Bearer {key}"}
        self.assertEqual(self.client.get("/api/v1/me", headers=headers).status_code, 200)
        response = self.client.get("/api/v1/chapters/mechelen", headers=headers)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.client.get("/api/v1/openapi.json").status_code, 200)

    def test_an_unverified_session_does_not_open_the_api(self):
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.get("/api/v1/me").status_code, 401)

    def test_an_htmx_request_gets_a_client_redirect(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(HOME, headers={"HX-Request": "true"})
        self.assertEqual(response["HX-Redirect"], ENROL)


@override_settings(BELRONDE_MFA_REQUIRED=False)
class OptionalTwoFactorTests(BelrondeTestCase):
    """With BELRONDE_MFA_REQUIRED off (debug, the demo) nobody must enrol, but whoever has a
    device is still asked for its code."""

    def test_a_coordinator_without_a_device_is_not_redirected(self):
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.get(HOME).status_code, 200)

    def test_a_user_with_a_device_is_still_asked_for_the_code(self):
        add_totp_device(self.caller)
        self.client.force_login(self.caller)
        response = self.client.get(HOME)
        self.assertTrue(response["Location"].startswith(VERIFY))
        self.client.logout()
        response = self.client.post(
            reverse("accounts:login"), {"username": "bob.caller", "password": PASSWORD}
        )
        self.assertTrue(response["Location"].startswith(VERIFY))

    def test_the_profile_offers_a_voluntary_set_up(self):
        self.client.force_login(self.caller)
        response = self.client.get(reverse("accounts:profile"))
        self.assertContains(response, f'href="{ENROL}?next=/account/profile/%23two-factor"')
