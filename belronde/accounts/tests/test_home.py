from django.urls import reverse

from belronde.testing import BelrondeTestCase


class HomeTests(BelrondeTestCase):
    url = reverse("home")

    def test_it_sends_anonymous_visitors_to_login(self):
        response = self.client.get(self.url)
        self.assertRedirects(
            response, reverse("accounts:login") + "?next=/", fetch_redirect_response=False
        )

    def test_it_opens_the_last_chapter_used(self):
        self.client.force_login(self.regional)
        self.client.get(reverse("accounts:chapter_home", args=["mechelen"]))
        response = self.client.get(self.url)
        self.assertRedirects(response, reverse("accounts:chapter_home", args=["mechelen"]))

    def test_it_explains_when_the_user_has_no_chapter(self):
        self.client.force_login(self.nobody)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "coördinator")
