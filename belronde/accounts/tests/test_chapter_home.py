from django.urls import reverse

from belronde.testing import BelrondeTestCase


class ChapterHomeTests(BelrondeTestCase):
    url = reverse("accounts:chapter_home", args=["mechelen"])

    def test_it_shows_the_chapter_and_role(self):
        self.client.force_login(self.caller)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Afdeling Mechelen")
        self.assertContains(response, "Beller")

    def test_it_is_404_for_another_chapter(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_is_404_for_a_chapter_that_does_not_exist(self):
        self.client.force_login(self.coordinator)
        url = reverse("accounts:chapter_home", args=["nowhere"])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_regional_staff_enter_every_chapter_of_their_region(self):
        self.client.force_login(self.regional)
        self.assertEqual(self.client.get(self.url).status_code, 200)
        other = reverse("accounts:chapter_home", args=["lier"])
        self.assertEqual(self.client.get(other).status_code, 404)

    def test_it_shows_role_based_navigation(self):
        self.client.force_login(self.coordinator)
        audit = reverse("audit:event_list", args=["mechelen"])
        self.assertContains(self.client.get(self.url), audit)
        self.client.force_login(self.caller)
        self.assertNotContains(self.client.get(self.url), audit)

    def test_the_switcher_lists_every_chapter_of_a_multi_chapter_user(self):
        from belronde.accounts.models import Membership

        Membership.objects.create(user=self.caller, role="caller", chapter=self.lier)
        self.client.force_login(self.caller)
        response = self.client.get(self.url)
        self.assertContains(response, reverse("accounts:chapter_home", args=["lier"]))
        self.assertEqual(
            self.client.get(reverse("accounts:chapter_home", args=["lier"])).status_code, 200
        )
