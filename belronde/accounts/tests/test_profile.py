from django.urls import reverse

from belronde.audit.models import AuditEvent
from belronde.testing import PASSWORD, BelrondeTestCase


class ProfileTests(BelrondeTestCase):
    url = reverse("accounts:profile")

    def test_it_requires_login(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)

    def test_it_saves_name_and_language(self):
        self.client.force_login(self.caller)
        response = self.client.post(
            self.url,
            {
                "first_name": "Bob",
                "last_name": "Peeters",
                "email": self.caller.email,
                "language": "en",
            },
        )
        self.assertRedirects(response, self.url)
        self.caller.refresh_from_db()
        self.assertEqual((self.caller.first_name, self.caller.language), ("Bob", "en"))
        self.assertContains(self.client.get(self.url), "Your details")
        event = AuditEvent.objects.get(verb="user.profile_updated")
        self.assertNotIn("Peeters", str(event.payload))

    def test_it_changes_the_email_address_only_with_the_current_password(self):
        self.client.force_login(self.caller)
        data = {"first_name": "", "last_name": "", "email": "bob@example.net", "language": "nl"}
        for password in ("", "a guess that is wrong"):
            response = self.client.post(self.url, {**data, "current_password": password})
            self.assertEqual(response.status_code, 200)
            self.assertContains(response, 'id="id_current_password_error"')
            self.caller.refresh_from_db()
            self.assertEqual(self.caller.email, "bob.caller@example.org")
        response = self.client.post(self.url, {**data, "current_password": PASSWORD})
        self.assertRedirects(response, self.url)
        self.caller.refresh_from_db()
        self.assertEqual(self.caller.email, "bob@example.net")

    def test_it_ties_errors_to_fields(self):
        self.client.force_login(self.caller)
        response = self.client.post(
            self.url,
            {"first_name": "", "last_name": "", "email": "not-an-address", "language": "xx"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="id_email_error"')
        self.assertContains(response, 'aria-describedby="id_email_error"', html=False)
        self.caller.refresh_from_db()
        self.assertEqual(self.caller.language, "nl")
