from belronde.accounts.actions import create_api_token
from belronde.accounts.models import Membership
from belronde.testing import BelrondeTestCase


class ChapterEndpointTests(BelrondeTestCase):
    def headers(self, user):
        _token, key = create_api_token(actor=user, name="t")
        return {"Authorization": f"Bearer {key}"}

    def test_it_lists_the_callers_chapters_paginated(self):
        Membership.objects.create(user=self.caller, role="caller", chapter=self.lier)
        response = self.client.get("/api/v1/chapters", headers=self.headers(self.caller))
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(data["count"], 2)
        self.assertEqual([c["slug"] for c in data["items"]], ["lier", "mechelen"])
        page = self.client.get(
            "/api/v1/chapters?page_size=1&page=2", headers=self.headers(self.caller)
        ).json()
        self.assertEqual([c["slug"] for c in page["items"]], ["mechelen"])
        self.assertEqual(page["previous"], 1)

    def test_it_shows_a_chapter_with_the_callers_role(self):
        data = self.client.get(
            "/api/v1/chapters/mechelen", headers=self.headers(self.partner)
        ).json()
        self.assertEqual(data["role"], "partner")
        self.assertEqual(data["partner_organisation"], "dyzo")

    def test_another_chapter_is_404_with_a_json_message(self):
        response = self.client.get("/api/v1/chapters/mechelen", headers=self.headers(self.outsider))
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json(), {"detail": "Niet gevonden."})

    def test_a_bad_page_number_is_a_json_422(self):
        response = self.client.get("/api/v1/chapters?page=0", headers=self.headers(self.caller))
        self.assertEqual(response.status_code, 422)
        self.assertIn("errors", response.json())
