import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from belronde.analyses import actions
from belronde.analyses.models import CashFlowCell, CashFlowForecast
from belronde.analyses.tests.fixtures import make_analysis, make_forecast
from belronde.audit.models import AuditEvent
from belronde.testing import BelrondeTestCase


def this_monday() -> dt.date:
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday())


class CashflowTests(BelrondeTestCase):
    def setUp(self):
        self.analysis = make_analysis(self.mechelen, self.coach, years=())
        code = self.analysis.public_code
        self.url = reverse("analyses:cashflow", args=["mechelen", code])
        self.setup_url = reverse("analyses:cashflow_settings", args=["mechelen", code])
        self.cell_url = reverse("analyses:cashflow_cell", args=["mechelen", code])
        self.roll_url = reverse("analyses:cashflow_roll", args=["mechelen", code])

    def test_it_starts_a_forecast(self):
        self.client.force_login(self.coach)
        self.assertContains(self.client.get(self.url), 'name="start_date"')
        response = self.client.post(
            self.setup_url,
            {
                "start_date": this_monday().isoformat(),
                "opening_cash": "10.000",
                "undrawn_credit": "2.000",
                "minimum_buffer": "5.000",
            },
        )
        self.assertRedirects(response, self.url)
        forecast = CashFlowForecast.objects.get()
        self.assertEqual(
            (forecast.opening_cash, forecast.minimum_buffer), (Decimal(10000), Decimal(5000))
        )

    def test_a_cell_is_edited_in_place_and_the_balances_follow(self):
        make_forecast(self.analysis, self.coach, this_monday())
        self.client.force_login(self.coach)
        response = self.client.post(
            self.cell_url,
            {
                "week": "3",
                "category": "vat_refunds",
                "kind": "forecast",
                "name": "f_3_vat_refunds",
                "f_3_vat_refunds": "1.500",
            },
            headers={"HX-Request": "true"},
        )
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn('name="f_3_vat_refunds"', html)
        self.assertIn('value="1.500"', html)
        self.assertIn('id="cf-results" hx-swap-oob="true"', html)
        self.assertIn('id="cf-total-vat_refunds" hx-swap-oob="true"', html)
        # week 1: 10.000 + 8.000 - 9.000 = 9.000; week 2: 9.000 + 2.000 - 7.000 = 4.000 (< 5.000);
        # week 3: 4.000 + 1.500 = 5.500
        self.assertIn("5.500", html)
        self.assertIn('data-testid="cashflow-chart"', html)
        cell = CashFlowCell.objects.get(category="vat_refunds")
        self.assertEqual(
            (cell.week_start, cell.forecast_amount),
            (this_monday() + dt.timedelta(weeks=2), Decimal(1500)),
        )
        self.assertEqual(
            AuditEvent.objects.filter(verb="analysis.cashflow_changed").first().payload,
            {"what": "cells", "cells": 1},
        )

    def test_a_bad_amount_comes_back_marked_and_nothing_changes(self):
        make_forecast(self.analysis, self.coach, this_monday())
        self.client.force_login(self.coach)
        response = self.client.post(
            self.cell_url,
            {
                "week": "2",
                "category": "suppliers",
                "kind": "forecast",
                "name": "f_2_suppliers",
                "f_2_suppliers": "-5",
            },
            headers={"HX-Request": "true"},
        )
        self.assertContains(response, 'aria-invalid="true"')
        self.assertContains(response, "positief bedrag")
        self.assertEqual(
            CashFlowCell.objects.get(category="suppliers").forecast_amount, Decimal(7000)
        )

    def test_actuals_only_once_the_week_has_begun(self):
        make_forecast(self.analysis, self.coach, this_monday() + dt.timedelta(weeks=1))
        self.client.force_login(self.coach)
        response = self.client.post(
            self.cell_url,
            {
                "week": "2",
                "category": "suppliers",
                "kind": "actual",
                "name": "a_2_suppliers",
                "a_2_suppliers": "6.000",
            },
            headers={"HX-Request": "true"},
        )
        self.assertContains(response, "zodra de week begonnen is")
        self.assertIsNone(CashFlowCell.objects.get(category="suppliers").actual_amount)

    def test_the_whole_grid_saves_without_javascript(self):
        make_forecast(self.analysis, self.coach, this_monday() - dt.timedelta(weeks=1))
        self.client.force_login(self.coach)
        page = self.client.get(self.url)
        self.assertContains(page, 'name="a_1_collections"')  # week 1 has begun: actuals too
        self.assertNotContains(page, 'name="a_5_collections"')
        data = {"f_1_collections": "8.000", "a_1_collections": "7.000", "f_1_net_wages": "6.000",
                "f_1_rsz": "3.000", "f_2_collections": "2.000", "f_2_suppliers": "7.000",
                "f_13_capex": "12.500"}  # fmt: skip
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            CashFlowCell.objects.get(
                category="collections", actual_amount__isnull=False
            ).actual_amount,
            Decimal(7000),
        )
        self.assertEqual(CashFlowCell.objects.get(category="capex").forecast_amount, Decimal(12500))
        result = self.client.get(self.url)
        self.assertContains(result, 'data-testid="cashflow-table"')
        bad = self.client.post(self.url, {**data, "f_3_rsz": "abc"})
        self.assertEqual(bad.status_code, 400)

    def test_it_rolls_forward_a_week(self):
        make_forecast(self.analysis, self.coach, this_monday())
        self.client.force_login(self.coach)
        self.client.post(self.roll_url, {"bank_balance": ""})
        forecast = CashFlowForecast.objects.get()
        self.assertEqual(forecast.start_date, this_monday() + dt.timedelta(weeks=1))
        self.assertEqual(forecast.opening_cash, Decimal(9000))  # week 1's closing cash
        self.client.post(self.roll_url, {"bank_balance": "3.750,50"})
        forecast.refresh_from_db()
        self.assertEqual(forecast.opening_cash, Decimal("3750.50"))
        self.assertEqual(AuditEvent.objects.filter(verb="analysis.cashflow_rolled").count(), 2)

    def test_moving_the_start_keeps_whole_weeks(self):
        make_forecast(self.analysis, self.coach, this_monday())
        with self.assertRaises(actions.AnalysisError):
            actions.set_cashflow(
                actor=self.coach, analysis=self.analysis,
                start_date=this_monday() + dt.timedelta(days=2),
                opening_cash=Decimal(1), undrawn_credit=Decimal(0), minimum_buffer=Decimal(0),
            )  # fmt: skip

    def test_it_is_403_for_a_caller_and_404_for_the_other_chapter(self):
        make_forecast(self.analysis, self.coach, this_monday())
        for user, status in ((self.caller, 403), (self.outsider, 404)):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, status)
            cell = {"week": "1", "category": "rsz", "kind": "forecast", "amount": "1"}
            self.assertEqual(self.client.post(self.cell_url, cell).status_code, status)
            self.assertEqual(self.client.post(self.roll_url).status_code, status)
        self.assertEqual(CashFlowCell.objects.get(category="rsz").forecast_amount, Decimal(3000))
