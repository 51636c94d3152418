"""A coordinator imports a Windows-1252 ';' file from Excel on a phone, in Dutch, sees the
errors per row, fixes the file and imports it again (real Chromium)."""

import re

import pytest
from playwright.sync_api import Page, expect

from belronde.members.models import Organisation
from belronde.members.tests.fixtures import csv_text, member_row
from belronde.testing import PASSWORD, Personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_imports_fixes_and_reimports_in_dutch(
    live_server, page: Page, tmp_path, settings
):
    settings.AXES_ENABLED = False
    Personas.create_personas()
    bad = tmp_path / "leden uit Excel.csv"
    rows = [
        member_row(0, Naam="Bakkerij Geëlen"),
        member_row(1, Postcode="9999"),
        member_row(2, Ondernemingsnummer="4.0317E+08"),
    ]
    bad.write_bytes(csv_text(rows).encode("cp1252"))

    page.goto(live_server.url + "/account/login/")
    page.get_by_label("Gebruikersnaam").fill("alice.coordinator")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.get_by_role("link", name="Leden").click()
    expect(page.get_by_role("heading", name="Leden")).to_be_visible()
    page.get_by_role("link", name="Importeren").click()
    expect(page.get_by_role("heading", name="Leden importeren")).to_be_visible()

    page.get_by_label(re.compile(r"^Bestand\b")).set_input_files(str(bad))
    page.get_by_role("button", name="Controleren en importeren").click()
    expect(page.get_by_text("Er is niets geïmporteerd.")).to_be_visible(timeout=15_000)
    errors = page.locator("table.import-errors tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.nth(0)).to_contain_text("3")
    expect(errors.nth(0)).to_contain_text("Deze postcode bestaat niet in België.")
    expect(errors.nth(1)).to_contain_text("wetenschappelijke notatie")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the report scrolls sideways on a phone ({width}px)"
    page.screenshot(path=str(tmp_path / "import-errors.png"), full_page=True)
    page.screenshot(path="/tmp/members-import-errors.png", full_page=True)
    assert not Organisation.objects.exists()

    fixed = tmp_path / "leden verbeterd.csv"
    rows[1] = member_row(1, Postcode="2800")
    rows[2] = member_row(2)
    fixed.write_bytes(csv_text(rows).encode("cp1252"))
    page.get_by_role("link", name="Nog een bestand importeren").click()
    page.get_by_label(re.compile(r"^Bestand\b")).set_input_files(str(fixed))
    page.get_by_role("button", name="Controleren en importeren").click()
    expect(page.get_by_text("Geïmporteerd.")).to_be_visible(timeout=15_000)
    expect(page.get_by_text("3 nieuw, 0 bijgewerkt, 0 ongewijzigd.")).to_be_visible()
    page.screenshot(path=str(tmp_path / "import-done.png"), full_page=True)
    page.get_by_role("link", name="Naar de leden").click()
    expect(page.get_by_role("link", name="Bakkerij Geëlen", exact=True)).to_be_visible()
    assert Organisation.objects.count() == 3
