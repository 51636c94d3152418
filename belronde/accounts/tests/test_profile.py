from django.urls import reverse

from belronde.audit.models import AuditEvent
from belronde.testing import BelrondeTestCase


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
                "email": "bob@example.org",
                "language": "en",
            },
        )
        self.assertRedirects(response, self.url)
        self.caller.refresh_from_db()
        self.assertEqual((self.caller.first_name, self.caller.language), ("Bob", "en"))
        self.assertContains(self.client.get(self.url), "Your details")
        event = AuditEvent.objects.get(verb="user.profile_updated")
        self.assertNotIn("Peeters", str(event.payload))

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
