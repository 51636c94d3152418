import datetime as dt

from django.urls import reverse
from django.utils import timezone

from belronde.analyses import actions
from belronde.analyses.tests.fixtures import make_analysis, make_forecast
from belronde.audit.models import AuditEvent
from belronde.testing import BelrondeTestCase


class AnalysisDetailTests(BelrondeTestCase):
    def setUp(self):
        self.analysis = make_analysis(self.mechelen, self.coach, years=(2020, 2021))
        self.url = reverse("analyses:detail", args=["mechelen", self.analysis.public_code])

    def test_it_shows_figures_ratios_scores_alarms_and_signals(self):
        self.client.force_login(self.coach)
        response = self.client.get(self.url, headers={"Accept-Language": "en"})
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("500.000", html)  # 20/58 in Belgian format, both years
        self.assertIn('data-ratio="solvency"', html)
        self.assertIn("24,0 %", html)  # solvency
        self.assertIn('data-testid="main-score"', html)
        self.assertIn("2,05", html)  # Z'' 2,0460
        self.assertIn("120.000,00 EUR", html)  # net assets
        self.assertIn("5:153", html)
        self.assertIn('data-testid="signal-vat_arrears"', html)
        self.assertIn("<svg", html)  # the score chart

    def test_every_view_is_audited(self):
        self.client.force_login(self.coordinator)
        self.client.get(self.url)
        event = AuditEvent.objects.get(verb="analysis.viewed", actor=self.coordinator)
        self.assertEqual(event.object_code, self.analysis.public_code)
        self.assertEqual(event.payload["page"], "detail")
        self.assertEqual(event.chapter, self.mechelen)

    def test_it_shows_the_cash_flow_summary(self):
        make_forecast(
            self.analysis,
            self.coach,
            timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday()),
        )
        self.client.force_login(self.coach)
        response = self.client.get(self.url)
        self.assertContains(response, 'data-testid="cashflow-chart"')
        self.assertContains(response, 'data-testid="first-below"')
        # Both charts have axes, a legend or zone labels, in Dutch.
        self.assertContains(response, 'class="chart-legend">Eindsaldo</text>')
        self.assertContains(response, 'class="chart-legend">onder de buffer</text>')
        self.assertContains(response, 'class="chart-axis-title">Week</text>')
        self.assertContains(response, 'class="chart-band-label">veilig</text>')
        self.assertContains(response, 'class="chart-category"><tspan x="')

    def test_an_empty_analysis_invites_to_enter_figures(self):
        empty = make_analysis(self.mechelen, self.coach, years=(), name="Nieuwe Zaak BV")
        self.client.force_login(self.coach)
        response = self.client.get(reverse("analyses:detail", args=["mechelen", empty.public_code]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, reverse("analyses:figures", args=["mechelen", empty.public_code])
        )

    def test_it_escapes_what_people_typed(self):
        actions.save_conclusion(
            actor=self.coach, analysis=self.analysis, text="<script>alert(1)</script>"
        )
        self.client.force_login(self.coach)
        response = self.client.get(self.url)
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")

    def test_it_is_403_for_a_caller(self):
        self.client.force_login(self.caller)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertFalse(AuditEvent.objects.filter(verb="analysis.viewed").exists())

    def test_it_is_403_for_a_partner(self):
        self.client.force_login(self.partner)
        self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_it_is_404_for_the_other_chapter(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_an_unknown_code_is_404(self):
        self.client.force_login(self.coach)
        self.assertEqual(
            self.client.get(reverse("analyses:detail", args=["mechelen", "NOPE"])).status_code, 404
        )


class AnalysisTitleTests(BelrondeTestCase):
    def test_it_names_the_firm_with_its_legal_form_once(self):
        analysis = make_analysis(
            self.mechelen, self.coach, years=(), name="Bakkerij Van den Broeck NV"
        )
        analysis.organisation.legal_form = "NV"
        analysis.organisation.save(update_fields=["legal_form"])
        self.client.force_login(self.coach)
        response = self.client.get(
            reverse("analyses:detail", args=["mechelen", analysis.public_code])
        )
        self.assertContains(response, "<h1>Bakkerij Van den Broeck NV</h1>", html=True)
        self.assertNotContains(response, "NV NV")
