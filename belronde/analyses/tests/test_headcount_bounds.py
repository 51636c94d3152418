"""Annual-account code 9087 is a headcount (full-time equivalents): a negative value is refused
with a clear message in every way figures come in, and nothing is written (issue 10 point 6)."""

import json
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from belronde.accounts.actions import create_api_token
from belronde.analyses import actions
from belronde.analyses.models import Figure, FiscalYear
from belronde.analyses.tests.fixtures import make_analysis
from belronde.analyses.tests.test_import import nbb
from belronde.finance.imports import parse_import
from belronde.testing import BelrondeTestCase


def test_a_csv_with_a_negative_headcount_names_the_row_and_column():
    parsed = parse_import(b"code;value;year\n20/58;500;2021\n9087;-5;2021\n9087;8,4;2020\n")
    assert not parsed.ok
    [issue] = parsed.errors
    assert (issue.code, issue.row, issue.column, issue.value) == (
        "negative_count",
        3,
        "value",
        "-5",
    )
    assert parse_import(b"code;value;year\n9087;0;2021\n").ok  # nobody employed is fine


def test_an_nbb_filing_with_a_negative_headcount_is_refused():
    data = json.dumps(nbb(2021, "0403.170.701", [{"Code": "9087", "Value": "-5", "Period": "N"}]))
    [issue] = parse_import(data.encode()).errors
    assert (issue.code, issue.column, issue.value) == ("negative_count", "9087", "-5")
    # Other amounts may be negative: a loss is.
    loss = json.dumps(nbb(2021, "0403.170.701", [{"Code": "9904", "Value": "-5", "Period": "N"}]))
    assert parse_import(loss.encode()).ok


class HeadcountBoundsTests(BelrondeTestCase):
    def setUp(self):
        self.analysis = make_analysis(
            self.mechelen, self.coach, years=(), enterprise_number="0403170701"
        )
        self.client.force_login(self.coach)

    def test_the_figures_form_explains_it_in_dutch_and_saves_nothing(self):
        url = reverse("analyses:figures", args=["mechelen", self.analysis.public_code])
        response = self.client.post(url, {"year": "2021", "c_20_58": "100", "c_9087": "-5"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="id_c_9087_error"')
        self.assertContains(response, "Een aantal personen kan niet negatief zijn.")
        self.assertFalse(FiscalYear.objects.exists())
        response = self.client.post(url, {"year": "2021", "c_9901": "-5", "c_9087": "2,5"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Figure.objects.get(code="9087").value, Decimal("2.50"))
        self.assertEqual(Figure.objects.get(code="9901").value, Decimal("-5.00"))

    def test_the_upload_lists_the_row_in_dutch_and_imports_nothing(self):
        url = reverse("analyses:import", args=["mechelen", self.analysis.public_code])
        upload = SimpleUploadedFile(
            "cijfers 2021.csv", b"code;value;year\n20/58;500;2021\n9087;-5;2021\n"
        )
        response = self.client.post(url, {"file": upload})
        self.assertContains(
            response, "9087 is een aantal personen: het kan niet negatief zijn.", status_code=400
        )
        self.assertFalse(Figure.objects.exists())

    def test_the_action_refuses_it_whoever_calls_it(self):
        with self.assertRaisesMessage(actions.AnalysisError, "9087"):
            actions.save_year(
                actor=self.coach,
                analysis=self.analysis,
                year=2021,
                values={"20/58": Decimal(1), "9087": Decimal(-5)},
            )
        self.assertFalse(Figure.objects.exists())

    def test_the_finance_api_answers_400(self):
        _token, key = create_api_token(actor=self.caller, name="t")
        response = self.client.post(
            "/api/v1/finance/score",
            {"codes": {"20/58": 500000, "9087": -5}},
            content_type="application/json",
            headers={"Authorization": f"Bearer {key}"},
        )
        self.assertEqual(response.status_code, 400, response.content)
        self.assertIn("9087", response.json()["detail"])
