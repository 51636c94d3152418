"""A firm's name with its legal form, once: "Bakkerij Van den Broeck NV", never "... NV NV"."""

from __future__ import annotations

from belronde.members.models import Organisation
from belronde.members.tests.fixtures import make_org
from belronde.testing import BelrondeTestCase


class DisplayNameTests(BelrondeTestCase):
    def test_it_adds_the_legal_form_once(self) -> None:
        cases = [
            ("Bakkerij Van den Broeck NV", "NV", "Bakkerij Van den Broeck NV"),
            ("Bakkerij Van den Broeck N.V.", "NV", "Bakkerij Van den Broeck N.V."),
            ("Bakkerij Peeters", "BV", "Bakkerij Peeters BV"),
            ("Bakkerij Peeters", "", "Bakkerij Peeters"),
        ]
        for name, form, shown in cases:
            self.assertEqual(Organisation(name=name, legal_form=form).display_name, shown)

    def test_it_shows_the_organisation_page_title_without_a_doubled_form(self) -> None:
        doubled = make_org(self.mechelen, name="Bakkerij Van den Broeck NV", legal_form="NV")
        plain = make_org(self.mechelen, "0200000043", "Bakkerij Peeters", legal_form="BV")
        self.client.force_login(self.coordinator)
        response = self.client.get(f"/c/mechelen/members/{doubled.public_code}/")
        self.assertContains(response, "<h1>Bakkerij Van den Broeck NV</h1>", html=True)
        self.assertContains(response, "<title>Bakkerij Van den Broeck NV", count=1)
        self.assertNotContains(response, "NV NV")
        response = self.client.get(f"/c/mechelen/members/{plain.public_code}/")
        self.assertContains(
            response, '<h1>Bakkerij Peeters <small class="muted">BV</small></h1>', html=True
        )
