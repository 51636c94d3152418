from decimal import Decimal

from django.urls import reverse

from belronde.analyses.models import Figure, FiscalYear
from belronde.analyses.tests.fixtures import make_analysis
from belronde.audit.models import AuditEvent
from belronde.testing import BelrondeTestCase


class FiguresTests(BelrondeTestCase):
    def setUp(self):
        self.analysis = make_analysis(self.mechelen, self.coach, years=())
        self.url = reverse("analyses:figures", args=["mechelen", self.analysis.public_code])

    def test_it_offers_the_codes_of_the_model_in_dutch_findable_by_their_english_name(self):
        self.client.force_login(self.coach)
        response = self.client.get(self.url)
        self.assertContains(response, "20/58 · Totaal der activa")
        self.assertNotContains(response, "Total assets")  # no English subtitle on a Dutch page
        self.assertContains(response, 'data-filter-text="20/58 · totaal der activa total assets"')
        self.assertContains(response, "9900 · Brutomarge")
        self.assertNotContains(response, 'name="c_60"')  # a full-model code
        self.assertContains(self.client.get(self.url, {"all": "1"}), 'name="c_60"')

    def test_it_saves_a_year_entered_by_code_in_belgian_format(self):
        self.client.force_login(self.coach)
        response = self.client.post(
            self.url,
            {
                "year": "2021",
                "end_date": "",
                "c_20_58": "1.234.567,89",
                "c_10_15": "-12.000",
                "c_9901": "0",
            },
        )
        self.assertRedirects(response, self.url + "?year=2021&saved=1")
        year = FiscalYear.objects.get(analysis=self.analysis)
        self.assertEqual(
            (year.year, year.source, str(year.end_date)), (2021, "manual", "2021-12-31")
        )
        values = {f.code: f.value for f in Figure.objects.filter(fiscal_year=year)}
        self.assertEqual(
            values, {"20/58": Decimal("1234567.89"), "10/15": Decimal(-12000), "9901": Decimal(0)}
        )
        event = AuditEvent.objects.get(verb="analysis.figures_saved")
        self.assertEqual(event.payload, {"year": 2021, "set": 3, "cleared": 0})

    def test_clearing_a_field_removes_the_figure(self):
        self.client.force_login(self.coach)
        self.client.post(self.url, {"year": "2021", "c_20_58": "100", "c_70": "50"})
        self.client.post(self.url, {"year": "2021", "c_20_58": "100"})
        self.assertEqual(list(Figure.objects.values_list("code", flat=True)), ["20/58"])
        page = self.client.get(self.url, {"year": "2021"})
        self.assertContains(page, 'value="100"')

    def test_bad_amounts_are_explained_and_nothing_is_saved(self):
        self.client.force_login(self.coach)
        response = self.client.post(
            self.url, {"year": "2021", "c_20_58": "1,234.56", "c_10_15": "veel"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="id_c_20_58_error"')
        self.assertContains(response, 'id="id_c_10_15_error"')
        self.assertFalse(FiscalYear.objects.exists())
        response = self.client.post(self.url, {"year": "1850", "c_20_58": "1"})
        self.assertContains(response, 'id="id_year_error"')
        response = self.client.post(self.url, {"year": "2021", "c_20_58": "99.999.999.999"})
        self.assertContains(response, 'id="id_c_20_58_error"')
        self.assertFalse(FiscalYear.objects.exists())

    def test_it_warns_about_totals_that_do_not_add_up(self):
        self.client.force_login(self.coach)
        self.client.post(self.url, {"year": "2021", "c_29_58": "1000", "c_54_58": "1500"})
        response = self.client.get(self.url, {"year": "2021"})
        self.assertContains(response, "alert-warning")
        self.assertContains(response, "29/58 = 29 + 3 + 40/41 + 50/53 + 54/58 + 490/1")

    def test_it_deletes_a_year(self):
        make = make_analysis(self.mechelen, self.coach, years=(2020, 2021), name="Twee Jaar BV")
        self.client.force_login(self.coordinator)
        url = reverse("analyses:delete_year", args=["mechelen", make.public_code])
        response = self.client.post(url, {"year": "2020"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(list(make.years.values_list("year", flat=True)), [2021])
        self.client.post(url, {"year": "2019"})
        self.assertTrue(AuditEvent.objects.filter(verb="analysis.year_deleted").count() == 1)

    def test_it_is_403_for_a_caller(self):
        self.client.force_login(self.caller)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(
            self.client.post(self.url, {"year": "2021", "c_20_58": "1"}).status_code, 403
        )
        self.assertFalse(FiscalYear.objects.exists())

    def test_it_is_404_for_the_other_chapter(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(
            self.client.post(self.url, {"year": "2021", "c_20_58": "1"}).status_code, 404
        )
