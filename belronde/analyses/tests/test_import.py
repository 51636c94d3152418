import json
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from belronde.analyses.models import Figure, FiscalYear
from belronde.analyses.tests.fixtures import make_analysis
from belronde.audit.models import AuditEvent
from belronde.testing import BelrondeTestCase


def nbb(year: int, number: str, rubrics) -> dict:
    return {
        "ReferenceNumber": f"{year}-00099",
        "EnterpriseNumber": number,
        "ModelType": "m01-f",
        "ExerciseDates": {"startDate": f"{year}-01-01", "endDate": f"{year}-12-31"},
        "Rubrics": rubrics,
    }


class ImportTests(BelrondeTestCase):
    def setUp(self):
        self.analysis = make_analysis(
            self.mechelen, self.coach, years=(), enterprise_number="0403170701"
        )
        self.url = reverse("analyses:import", args=["mechelen", self.analysis.public_code])

    def upload(self, name: str, content: bytes):
        return self.client.post(self.url, {"file": SimpleUploadedFile(name, content)})

    def test_it_imports_a_csv(self):
        self.client.force_login(self.coach)
        response = self.upload(
            "cijfers.csv",
            b"code;value;year\n20/58;500.000;2021\n10/15;120.000;2021\n9901;40.000;2020\n",
        )
        self.assertRedirects(
            response, reverse("analyses:detail", args=["mechelen", self.analysis.public_code])
        )
        self.assertEqual(sorted(self.analysis.years.values_list("year", flat=True)), [2020, 2021])
        figure = Figure.objects.get(code="20/58")
        self.assertEqual(
            (figure.value, figure.source, figure.source_ref),
            (Decimal(500000), "csv", "cijfers.csv"),
        )
        event = AuditEvent.objects.get(verb="analysis.figures_imported")
        self.assertEqual(event.payload, {"kind": "csv", "years": [2020, 2021], "figures": 3})

    def test_it_lists_every_bad_row_and_writes_nothing(self):
        self.client.force_login(self.coach)
        response = self.upload(
            "fout.csv", b"code;value;year\n20/58;1.000;2021\n99/99;1;2021\n10/15;1,234.56;2021\n"
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'data-testid="import-errors"', status_code=400)
        self.assertContains(response, "99/99", status_code=400)
        self.assertContains(response, "1,234.56", status_code=400)
        self.assertFalse(FiscalYear.objects.exists())

    def test_it_imports_nbb_authentic_data_which_replaces_the_year(self):
        self.client.force_login(self.coach)
        self.upload("oud.csv", b"20/58;1;2021\n70;5;2021\n")
        document = [nbb(2021, "0403170701", [
            {"Code": "20/58", "Value": "500000", "Period": "N"},
            {"Code": "10/15", "Value": "120000", "Period": "N"},
            {"Code": "20/58", "Value": "450000", "Period": "NM1"},
        ])]  # fmt: skip
        response = self.upload("neerlegging.json", json.dumps(document).encode())
        self.assertEqual(response.status_code, 302)
        year = FiscalYear.objects.get(year=2021)
        self.assertEqual((year.source, year.complete, year.source_ref), ("nbb", True, "2021-00099"))
        self.assertEqual(
            {f.code: f.value for f in year.figures.all()},
            {"20/58": Decimal(500000), "10/15": Decimal(120000)},
        )  # 70 from the CSV is gone: the filing is the complete, authentic set
        self.assertEqual(FiscalYear.objects.get(year=2020).figures.get().value, Decimal(450000))
        self.analysis.refresh_from_db()
        self.assertEqual(str(self.analysis.last_filed_year_end), "2021-12-31")

    def test_it_refuses_another_enterprises_accounts(self):
        self.client.force_login(self.coach)
        document = nbb(2021, "0123456749", {"20/58": 1})
        response = self.upload("ander.json", json.dumps(document).encode())
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "0123456749", status_code=400)
        self.assertFalse(FiscalYear.objects.exists())

    def test_it_refuses_other_file_types(self):
        self.client.force_login(self.coach)
        response = self.upload("foto.png", b"\x89PNG\r\n")
        self.assertContains(response, 'id="id_file_error"')

    def test_it_is_403_for_a_caller(self):
        self.client.force_login(self.caller)
        self.assertEqual(self.upload("x.csv", b"20/58;1;2021\n").status_code, 403)
        self.assertFalse(FiscalYear.objects.exists())

    def test_it_is_404_for_the_other_chapter(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
