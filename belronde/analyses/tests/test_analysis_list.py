from django.urls import reverse

from belronde.analyses.tests.fixtures import make_analysis
from belronde.testing import BelrondeTestCase


class AnalysisListTests(BelrondeTestCase):
    url = reverse("analyses:list", args=["mechelen"])

    def setUp(self):
        self.ours = make_analysis(self.mechelen, self.coach, years=(), name="Bakkerij Peeters BV")
        self.theirs = make_analysis(self.lier, self.outsider, years=(), name="Garage Lier NV")

    def test_it_lists_this_chapters_analyses_for_a_coach(self):
        self.client.force_login(self.coach)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Bakkerij Peeters BV")
        self.assertNotContains(response, "Garage Lier NV")

    def test_it_searches_by_organisation_name(self):
        make_analysis(self.mechelen, self.coach, years=(), name="Frituur Jef")
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url, {"q": "frituur"})
        self.assertContains(response, "Frituur Jef")
        self.assertNotContains(response, "Bakkerij Peeters BV")

    def test_it_is_403_for_a_caller(self):
        self.client.force_login(self.caller)
        self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_it_is_403_for_a_funder(self):
        self.client.force_login(self.funder)
        self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_it_is_404_for_the_other_chapter(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
