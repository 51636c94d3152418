from django.urls import reverse

from belronde.audit.models import AuditEvent
from belronde.testing import PASSWORD, BelrondeTestCase, add_totp_device


class LoginTests(BelrondeTestCase):
    url = reverse("accounts:login")

    def test_it_shows_the_form_in_dutch_by_default(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Language"], "nl")
        self.assertContains(response, 'for="id_username"')
        self.assertContains(response, "Aanmelden")

    def test_it_logs_in_and_opens_the_chapter(self):
        response = self.client.post(self.url, {"username": "bob.caller", "password": PASSWORD})
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)
        response = self.client.get(reverse("home"))
        self.assertRedirects(response, reverse("accounts:chapter_home", args=["mechelen"]))
        self.assertTrue(
            AuditEvent.objects.filter(actor=self.caller, verb="user.logged_in").exists()
        )

    def test_it_explains_a_wrong_password_next_to_the_form(self):
        response = self.client.post(self.url, {"username": "bob.caller", "password": "nope"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'role="alert"')
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_locks_out_after_repeated_failures(self):
        for _ in range(5):
            self.client.post(self.url, {"username": "bob.caller", "password": "wrong"})
        response = self.client.post(self.url, {"username": "bob.caller", "password": PASSWORD})
        self.assertEqual(response.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_refuses_an_offsite_next_SEC_VAL_04(self):
        response = self.client.post(
            self.url + "?next=https://evil.example/",
            {"username": "bob.caller", "password": PASSWORD},
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(response["Location"].startswith("https://evil.example"))

    def test_with_an_authenticator_the_password_leads_to_the_code_page(self):
        add_totp_device(self.caller)
        home = reverse("accounts:chapter_home", args=["mechelen"])
        response = self.client.post(
            self.url + "?next=" + home, {"username": "bob.caller", "password": PASSWORD}
        )
        self.assertEqual(
            response["Location"], reverse("accounts:mfa_verify") + "?next=%2Fc%2Fmechelen%2F"
        )
        self.assertEqual(self.client.get(home).status_code, 302)
