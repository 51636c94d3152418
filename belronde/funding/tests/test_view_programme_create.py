"""funding:programme_create: the coordinator sets up a programme with its first cost model; a
funder may be made by name on the way; the actions' refusals are shown with the input kept."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from belronde.audit.models import AuditEvent
from belronde.funding.models import Funder, Programme, Terms
from belronde.funding.tests.fixtures import BIC, IBAN, make_programme, stad
from belronde.testing import BelrondeTestCase

URL = reverse("funding:programme_create", args=["mechelen"])

#: a complete new programme, as the form posts it
NEW_PROGRAMME = {
    "code": "matrix-2026",
    "name": "Begeleidingstrajecten",
    "new_funder": "Stad Mechelen",
    "status": "draft",
    "window_start": "2026-01-01",
    "window_end": "2026-12-31",
    "require_postal_code": "on",
    "require_member": "on",
    "one_per_organisation": "on",
    "claim_period_months": "3",
    "creditor_name": "Ondernemersfederatie Mechelen vzw",
    "iban": IBAN,
    "bic": BIC,
    "payment_days": "30",
    "price": "900",
    "hourly_rate": "90",
    "contribution": "350",
    "participant_cap": "200",
    "vat_funder": "0",
    "vat_participant": "21",
    "vat_federation": "0",
}


def nl(message: str, **params: str) -> str:
    with translation.override("nl"):
        text = _(message)
    return text % params if params else text


class ProgrammeCreateTest(BelrondeTestCase):
    def post(self, user=None, **changes: str):
        self.client.force_login(user or self.coordinator)
        data = {**NEW_PROGRAMME, **changes}
        return self.client.post(URL, {k: v for k, v in data.items() if v is not None})

    def test_it_asks_for_a_funder_by_name_when_the_chapter_has_none(self) -> None:
        self.client.force_login(self.coordinator)
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        self.assertNotIn("funder", form.fields)
        self.assertTrue(form.fields["new_funder"].required)
        self.assertContains(response, 'name="new_funder"')
        self.assertNotContains(response, 'name="funder"')

    def test_it_offers_the_chapters_funders(self) -> None:
        stad(self)
        Funder.objects.create(chapter=self.lier, slug="stad-lier", name="Stad Lier")
        self.client.force_login(self.coordinator)
        response = self.client.get(URL)
        self.assertContains(response, '<option value="stad-mechelen">Stad Mechelen</option>')
        self.assertNotContains(response, "Stad Lier")

    def test_it_creates_the_programme_with_its_cost_model(self) -> None:
        stad(self)
        response = self.post(funder="stad-mechelen", new_funder="")
        programme = Programme.objects.get(chapter=self.mechelen, code="matrix-2026")
        self.assertRedirects(
            response,
            reverse("funding:programme_detail", args=["mechelen", "matrix-2026"]),
            fetch_redirect_response=False,
        )
        self.assertEqual(programme.funder.slug, "stad-mechelen")
        self.assertEqual(programme.status, "draft")
        self.assertEqual((programme.iban, programme.bic), ("BE71096123456769", "GKCCBEBB"))
        self.assertTrue(programme.require_member and programme.one_per_organisation)
        self.assertFalse(programme.funder_sees_identity)
        terms = Terms.objects.get(programme=programme)
        self.assertEqual(terms.valid_from, programme.window_start)
        self.assertEqual(
            (terms.price, terms.contribution, terms.participant_cap, terms.hourly_rate),
            (Decimal("900"), Decimal("350"), Decimal("200"), Decimal("90")),
        )
        self.assertEqual(terms.vat_participant, Decimal("21"))
        self.assertTrue(AuditEvent.objects.filter(verb="programme.created").exists())
        self.assertEqual(Funder.objects.count(), 1)

    def test_it_reads_amounts_with_a_decimal_comma(self) -> None:
        self.post(price="1250,50", contribution="350,25")
        terms = Terms.objects.get(programme__code="matrix-2026")
        self.assertEqual((terms.price, terms.contribution), (Decimal("1250.50"), Decimal("350.25")))

    def test_it_creates_a_new_funder_by_name_audited(self) -> None:
        self.post(new_funder="  Stad   Mechelen ")
        funder = Funder.objects.get(chapter=self.mechelen)
        self.assertEqual((funder.name, funder.slug), ("Stad Mechelen", "stad-mechelen"))
        self.assertEqual(Programme.objects.get(code="matrix-2026").funder, funder)
        event = AuditEvent.objects.get(verb="funder.created")
        self.assertEqual((event.object_code, event.chapter), ("stad-mechelen", self.mechelen))

    def test_it_gives_a_new_funder_a_free_short_name(self) -> None:
        Funder.objects.create(chapter=self.mechelen, slug="stad-mechelen", name="Stad Mechelen oud")
        self.post(new_funder="Stad Mechelen")
        self.assertEqual(Funder.objects.get(name="Stad Mechelen").slug, "stad-mechelen-2")

    def test_it_refuses_a_new_funder_that_exists_already(self) -> None:
        stad(self)
        response = self.post(new_funder="stad mechelen")
        self.assertEqual(response.status_code, 422)
        self.assertIn(
            nl(
                "The chapter already has a funder named %(name)s: choose it from the list.",
                name="stad mechelen",
            ),
            response.context["form"].non_field_errors(),
        )
        self.assertEqual(Funder.objects.count(), 1)
        self.assertFalse(Programme.objects.exists())

    def test_it_shows_a_bad_iban_with_the_input_kept_and_makes_no_funder(self) -> None:
        response = self.post(iban="BE00 1234 5678 9012", name="Mijn programma")
        self.assertEqual(response.status_code, 422)
        self.assertIn(
            nl("This IBAN is not valid: %(iban)s.", iban="BE00123456789012"),
            response.context["form"].non_field_errors(),
        )
        self.assertContains(response, 'value="BE00 1234 5678 9012"', status_code=422)
        self.assertContains(response, 'value="Mijn programma"', status_code=422)
        self.assertContains(response, 'value="Stad Mechelen"', status_code=422)
        self.assertFalse(Programme.objects.exists())
        self.assertFalse(Funder.objects.exists())  # rolled back with the programme
        self.assertFalse(AuditEvent.objects.filter(verb="funder.created").exists())

    def test_it_shows_a_bad_bic(self) -> None:
        response = self.post(bic="XXXX")
        self.assertEqual(response.status_code, 422)
        self.assertIn(
            nl("This BIC is not valid: %(bic)s.", bic="XXXX"),
            response.context["form"].non_field_errors(),
        )

    def test_it_shows_a_window_that_ends_before_it_starts(self) -> None:
        response = self.post(window_start="2026-12-31", window_end="2026-01-01")
        self.assertEqual(response.status_code, 422)
        self.assertIn(
            nl("The window ends before it starts."), response.context["form"].non_field_errors()
        )
        self.assertContains(response, 'value="2026-12-31"', status_code=422)

    def test_it_refuses_a_code_the_chapter_has_already(self) -> None:
        make_programme(self, code="matrix-2026")
        response = self.post(funder="stad-mechelen", new_funder="")
        self.assertEqual(response.status_code, 422)
        self.assertIn(
            nl("The chapter already has a programme with code %(code)s.", code="matrix-2026"),
            response.context["form"].non_field_errors(),
        )
        self.assertEqual(Programme.objects.count(), 1)

    def test_it_refuses_a_code_that_is_a_word_of_the_funding_pages(self) -> None:
        for code in ("new", "invoices", "claims"):
            with self.subTest(code):
                response = self.post(code=code)
                self.assertEqual(response.status_code, 400)
                self.assertTrue(response.context["form"].errors["code"])
        self.assertFalse(Programme.objects.exists())

    def test_it_wants_one_funder_chosen_or_named(self) -> None:
        stad(self)
        response = self.post(funder="", new_funder="")
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].errors["funder"])
        response = self.post(funder="stad-mechelen", new_funder="Provincie")
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].errors["new_funder"])
        response = self.post(funder="stad-lier", new_funder="")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Programme.objects.exists())

    def test_it_answers_bad_input_with_400_never_500(self) -> None:
        bad = {
            "price": "abc",
            "contribution": "1e308",
            "participant_cap": "-1",
            "vat_participant": "99",
            "budget_trajectories": "99999999999999999999",
            "budget_amount": "NaN",
            "window_start": "2021-02-30",
            "claim_period_months": "7",
            "status": "gone",
            "payment_days": "-5",
            "code": "Ongeldige code!",
            "iban": "x" * 5000,
            "name": "",
        }
        for field, value in bad.items():
            with self.subTest(field):
                response = self.post(**{field: value})
                self.assertEqual(response.status_code, 400)
                self.assertTrue(response.context["form"].errors[field])
        self.assertFalse(Programme.objects.exists())

    def test_it_is_403_for_the_other_roles_and_the_funder(self) -> None:
        for user in (self.caller, self.coach, self.partner, self.funder):
            with self.subTest(user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(URL).status_code, 403)
                self.assertEqual(self.post(user).status_code, 403)
        self.assertFalse(Programme.objects.exists())

    def test_it_is_404_for_another_chapter(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(URL).status_code, 404)
        self.assertEqual(self.post(self.outsider).status_code, 404)
