"""The settings (legal form, the board's judgement), warning-signal answers and the conclusion."""

from django.urls import reverse

from belronde.analyses.models import SignalAnswer
from belronde.analyses.tests.fixtures import make_analysis
from belronde.audit.models import AuditEvent
from belronde.testing import BelrondeTestCase


class SettingsTests(BelrondeTestCase):
    def setUp(self):
        self.analysis = make_analysis(self.mechelen, self.coach, years=(2021,))
        self.url = reverse("analyses:settings", args=["mechelen", self.analysis.public_code])

    def test_it_records_the_boards_judgement_and_the_alarm_bell_follows(self):
        self.client.force_login(self.coach)
        response = self.client.post(
            self.url,
            {
                "schema": "abbreviated",
                "legal_form": "BV",
                "liquidity_doubt_12m": "yes",
                "net_assets_at_risk": "",
                "rd_costs": "",
                "last_filed_year_end": "",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.analysis.refresh_from_db()
        self.assertIs(self.analysis.liquidity_doubt_12m, True)
        self.assertIsNone(self.analysis.net_assets_at_risk)
        self.assertEqual(
            AuditEvent.objects.get(verb="analysis.settings_changed").payload,
            {"fields": ["liquidity_doubt_12m"]},
        )
        detail = self.client.get(
            reverse("analyses:detail", args=["mechelen", self.analysis.public_code])
        )
        self.assertContains(detail, 'data-testid="alarm-liquidity_12_months"')
        self.assertContains(detail, "status-triggered")

    def test_bad_settings_are_refused_with_a_message(self):
        self.client.force_login(self.coach)
        response = self.client.post(
            self.url, {"schema": "huge", "legal_form": "BV", "rd_costs": "-5"}, follow=True
        )
        self.assertContains(response, "message-error")
        self.analysis.refresh_from_db()
        self.assertEqual(self.analysis.schema, "abbreviated")

    def test_it_is_403_for_a_funder_and_404_for_the_other_chapter(self):
        self.client.force_login(self.funder)
        self.assertEqual(
            self.client.post(self.url, {"schema": "micro", "legal_form": "NV"}).status_code, 403
        )
        self.client.force_login(self.outsider)
        self.assertEqual(
            self.client.post(self.url, {"schema": "micro", "legal_form": "NV"}).status_code, 404
        )
        self.analysis.refresh_from_db()
        self.assertEqual(self.analysis.legal_form, "BV")


class SignalTests(BelrondeTestCase):
    def setUp(self):
        self.analysis = make_analysis(self.mechelen, self.coach, years=(2021,))
        self.url = reverse("analyses:signal", args=["mechelen", self.analysis.public_code])

    def post(self, status, note="", **headers):
        return self.client.post(
            self.url,
            {
                "key": "vat_arrears",
                "vat_arrears-key": "vat_arrears",
                "vat_arrears-status": status,
                "vat_arrears-note": note,
            },
            headers=headers,
        )

    def test_the_form_on_the_page_posts_what_the_view_reads(self):
        self.client.force_login(self.coach)
        page = self.client.get(
            reverse("analyses:detail", args=["mechelen", self.analysis.public_code])
        )
        self.assertContains(page, 'name="vat_arrears-key"')
        self.assertContains(page, 'name="vat_arrears-status"')

    def test_it_records_a_signal_with_its_evidence_in_place(self):
        self.client.force_login(self.coach)
        response = self.post("present", "Aanmaning btw van 12/03", **{"HX-Request": "true"})
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "<html")
        self.assertContains(response, 'data-testid="signal-vat_arrears"')
        self.assertContains(response, "Aanmaning btw van 12/03")
        self.assertContains(response, "status-present")
        answer = SignalAnswer.objects.get()
        self.assertEqual(
            (answer.key, answer.status, answer.answered_by), ("vat_arrears", "present", self.coach)
        )
        self.assertEqual(
            AuditEvent.objects.get(verb="analysis.signal_recorded").payload,
            {"signal": "vat_arrears", "status": "present"},
        )

    def test_without_javascript_it_redirects_back(self):
        self.client.force_login(self.coordinator)
        response = self.post("absent")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(SignalAnswer.objects.get().status, "absent")

    def test_bad_input_is_refused(self):
        self.client.force_login(self.coach)
        self.assertEqual(self.post("maybe", **{"HX-Request": "true"}).status_code, 400)
        self.assertEqual(self.client.post(self.url, {"key": "lottery"}).status_code, 400)
        self.assertFalse(SignalAnswer.objects.exists())

    def test_it_is_403_for_a_caller_and_404_for_the_other_chapter(self):
        self.client.force_login(self.caller)
        self.assertEqual(self.post("present").status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.post("present").status_code, 404)
        self.assertFalse(SignalAnswer.objects.exists())


class ConclusionTests(BelrondeTestCase):
    def setUp(self):
        self.analysis = make_analysis(self.mechelen, self.coach, years=())
        self.url = reverse("analyses:conclusion", args=["mechelen", self.analysis.public_code])

    def test_it_saves_the_conclusion_in_place(self):
        self.client.force_login(self.coach)
        response = self.client.post(
            self.url, {"conclusion": "Rendabel, maar krap bij kas."}, headers={"HX-Request": "true"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="conclusion-box"')
        self.analysis.refresh_from_db()
        self.assertEqual(self.analysis.conclusion, "Rendabel, maar krap bij kas.")
        self.assertEqual(
            AuditEvent.objects.get(verb="analysis.conclusion_saved").payload, {"length": 28}
        )

    def test_a_too_long_conclusion_is_refused(self):
        self.client.force_login(self.coach)
        response = self.client.post(
            self.url, {"conclusion": "x" * 10001}, headers={"HX-Request": "true"}
        )
        self.assertEqual(response.status_code, 400)
        self.analysis.refresh_from_db()
        self.assertEqual(self.analysis.conclusion, "")

    def test_it_is_403_for_a_caller_and_404_for_the_other_chapter(self):
        self.client.force_login(self.caller)
        self.assertEqual(self.client.post(self.url, {"conclusion": "x"}).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.post(self.url, {"conclusion": "x"}).status_code, 404)
