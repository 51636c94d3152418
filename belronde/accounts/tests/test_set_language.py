from django.urls import reverse

from belronde.testing import BelrondeTestCase


class SetLanguageTests(BelrondeTestCase):
    url = reverse("accounts:set_language")

    def test_it_switches_a_user_to_english_and_remembers_it(self):
        self.client.force_login(self.caller)
        home = reverse("accounts:chapter_home", args=["mechelen"])
        response = self.client.post(self.url, {"language": "en", "next": home})
        self.assertRedirects(response, home)
        self.caller.refresh_from_db()
        self.assertEqual(self.caller.language, "en")
        self.assertContains(self.client.get(home), "Chapter Mechelen")

    def test_it_sets_a_cookie_for_visitors(self):
        self.client.post(self.url, {"language": "en"})
        self.assertContains(self.client.get(reverse("accounts:login")), "Log in")

    def test_it_refuses_an_unknown_language(self):
        self.client.force_login(self.caller)
        self.assertEqual(self.client.post(self.url, {"language": "fr"}).status_code, 400)

    def test_it_ignores_an_offsite_next(self):
        response = self.client.post(self.url, {"language": "en", "next": "https://evil.example/"})
        self.assertEqual(response["Location"], reverse("home"))
