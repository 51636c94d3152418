from django.urls import reverse

from belronde.analyses.models import FinancialAnalysis
from belronde.analyses.tests.fixtures import make_organisation
from belronde.audit.models import AuditEvent
from belronde.testing import BelrondeTestCase


class AnalysisCreateTests(BelrondeTestCase):
    url = reverse("analyses:create", args=["mechelen"])
    search = reverse("analyses:organisation_search", args=["mechelen"])

    def setUp(self):
        self.org = make_organisation(
            self.mechelen, "Bakkerij Peeters BV", enterprise_number="0403170701"
        )
        self.other = make_organisation(self.lier, "Bakkerij Lier BV")

    def test_it_finds_an_organisation_by_name_or_enterprise_number(self):
        self.client.force_login(self.coach)
        by_name = self.client.get(self.search, {"q": "peeters"})
        self.assertContains(by_name, "Bakkerij Peeters BV")
        self.assertNotContains(by_name, "Bakkerij Lier BV")
        for text in ("0403.170", "BE 0403 170 701", "403170701"):
            self.assertContains(self.client.get(self.search, {"q": text}), "Bakkerij Peeters BV")
        self.assertContains(self.client.get(self.url, {"q": "bakkerij"}), "Bakkerij Peeters BV")

    def test_it_creates_an_analysis_for_the_chosen_organisation(self):
        self.client.force_login(self.coach)
        page = self.client.get(self.url, {"organisation": self.org.public_code})
        self.assertContains(page, "Bakkerij Peeters BV")
        response = self.client.post(
            self.url, {"organisation": self.org.public_code, "schema": "abbreviated"}
        )
        analysis = FinancialAnalysis.objects.get()
        self.assertRedirects(
            response, reverse("analyses:figures", args=["mechelen", analysis.public_code])
        )
        self.assertEqual(
            (analysis.organisation, analysis.schema, analysis.legal_form),
            (self.org, "abbreviated", "BV"),
        )
        self.assertTrue(
            AuditEvent.objects.filter(
                verb="analysis.created", object_code=analysis.public_code
            ).exists()
        )

    def test_it_asks_to_choose_an_organisation(self):
        self.client.force_login(self.coach)
        response = self.client.post(self.url, {"schema": "abbreviated"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "zoek op naam of ondernemingsnummer")
        self.assertFalse(FinancialAnalysis.objects.exists())

    def test_another_chapters_organisation_is_404(self):
        self.client.force_login(self.coach)
        response = self.client.post(
            self.url, {"organisation": self.other.public_code, "schema": "micro"}
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(FinancialAnalysis.objects.exists())

    def test_it_is_403_for_a_caller(self):
        self.client.force_login(self.caller)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.get(self.search, {"q": "bakkerij"}).status_code, 403)

    def test_it_is_404_for_the_other_chapter(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
