from django.urls import reverse

from belronde.accounts.models import ApiToken
from belronde.audit.models import AuditEvent
from belronde.testing import PASSWORD, BelrondeTestCase


class TokenTests(BelrondeTestCase):
    def test_it_creates_a_token_shown_once(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(
            reverse("accounts:token_create"), {"name": "script", "current_password": PASSWORD}
        )
        self.assertEqual(response.status_code, 200)
        key = response.context["key"]
        token = ApiToken.objects.get(user=self.coordinator)
        self.assertEqual(token.key_digest, ApiToken.digest(key))
        self.assertNotIn(key, self.client.get(reverse("accounts:profile")).content.decode())
        self.assertTrue(AuditEvent.objects.filter(verb="token.created").exists())

    def test_it_refuses_a_token_without_a_name(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(
            reverse("accounts:token_create"), {"name": "", "current_password": PASSWORD}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(ApiToken.objects.exists())

    def test_it_asks_for_the_password_again(self):
        self.client.force_login(self.coordinator)
        for password in ("", "not my password"):
            response = self.client.post(
                reverse("accounts:token_create"), {"name": "script", "current_password": password}
            )
            self.assertEqual(response.status_code, 400)
            self.assertContains(response, 'id="id_current_password_error"', status_code=400)
        self.assertFalse(ApiToken.objects.exists())

    def test_it_revokes_a_token_which_then_stops_working(self):
        from belronde.accounts.actions import create_api_token

        token, key = create_api_token(actor=self.coordinator, name="x")
        headers = {"Authorization": f"Bearer {key}"}
        self.assertEqual(self.client.get("/api/v1/me", headers=headers).status_code, 200)
        self.client.force_login(self.coordinator)
        response = self.client.post(reverse("accounts:token_revoke", args=[token.key_prefix]))
        self.assertRedirects(response, reverse("accounts:profile"))
        self.client.logout()
        self.assertEqual(self.client.get("/api/v1/me", headers=headers).status_code, 401)

    def test_it_cannot_revoke_someone_elses_token(self):
        from belronde.accounts.actions import create_api_token

        token, _key = create_api_token(actor=self.coordinator, name="x")
        self.client.force_login(self.caller)
        response = self.client.post(reverse("accounts:token_revoke", args=[token.key_prefix]))
        self.assertEqual(response.status_code, 404)
        token.refresh_from_db()
        self.assertIsNone(token.revoked_at)
