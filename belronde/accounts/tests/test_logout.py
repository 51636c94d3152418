from django.urls import reverse

from belronde.audit.models import AuditEvent
from belronde.testing import BelrondeTestCase


class LogoutTests(BelrondeTestCase):
    url = reverse("accounts:logout")

    def test_it_logs_out_on_post_and_audits(self):
        self.client.force_login(self.caller)
        response = self.client.post(self.url)
        self.assertRedirects(response, reverse("accounts:login"), fetch_redirect_response=False)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertTrue(
            AuditEvent.objects.filter(actor=self.caller, verb="user.logged_out").exists()
        )

    def test_it_refuses_get(self):
        self.client.force_login(self.caller)
        self.assertEqual(self.client.get(self.url).status_code, 405)
        self.assertIn("_auth_user_id", self.client.session)
