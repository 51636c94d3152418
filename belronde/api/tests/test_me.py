from belronde.accounts.actions import create_api_token
from belronde.testing import BelrondeTestCase


class MeTests(BelrondeTestCase):
    def test_it_needs_a_token(self):
        response = self.client.get("/api/v1/me")
        self.assertEqual(response.status_code, 401)
        self.assertIn("detail", response.json())
        self.assertEqual(response["WWW-Authenticate"], 'Bearer realm="belronde"')

    def test_it_refuses_a_wrong_token(self):
        response = self.client.get("/api/v1/me", headers={"Authorization": "Bearer blr_nope"})
        self.assertEqual(response.status_code, 401)

    def test_it_does_not_accept_a_session_alone(self):
        self.client.force_login(self.caller)
        self.assertEqual(self.client.get("/api/v1/me").status_code, 401)

    def test_it_describes_the_tokens_user(self):
        _token, key = create_api_token(actor=self.regional, name="t")
        data = self.client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).json()
        self.assertEqual(data["username"], "rita.regional")
        self.assertEqual(data["chapters"], [{"chapter": "mechelen", "role": "regional"}])

    def test_a_deactivated_users_token_stops_working(self):
        _token, key = create_api_token(actor=self.caller, name="t")
        self.caller.is_active = False
        self.caller.save(update_fields=["is_active"])
        response = self.client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"})
        self.assertEqual(response.status_code, 401)
