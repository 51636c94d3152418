"""A coach enters three years of an abbreviated-model firm by code on a phone, reads the ratios,
Z'', the alarm bells, builds a cash-flow forecast in place and downloads the PDF (Chromium)."""

import datetime as dt
import io

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from belronde.analyses.models import CashFlowCell, FinancialAnalysis
from belronde.audit.models import AuditEvent
from belronde.members.models import Organisation
from belronde.testing import PASSWORD, Personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Three years of an abbreviated-model BV; totals equal the sums of their parts.
YEARS = {
    year: dict(pair.split("=") for pair in text.split())
    for year, text in {
        2019: "21/28=180.000 29/58=220.000 3=40.000 40/41=90.000 54/58=90.000 20/58=400.000 "
        "10/15=150.000 10/11=18.600 13=1.860 14=129.540 17/49=250.000 17=120.000 42/48=130.000 "
        "45=30.000 10/49=400.000 9900=520.000 9901=105.000 9904=70.000 630=35.000",
        2020: "21/28=170.000 29/58=190.000 3=45.000 40/41=85.000 54/58=60.000 20/58=360.000 "
        "10/15=130.000 10/11=18.600 13=1.860 14=109.540 17/49=230.000 17=100.000 42/48=130.000 "
        "45=30.000 10/49=360.000 9900=450.000 9901=28.000 9904=-20.000 630=32.000",
        2021: "21/28=160.000 29/58=150.000 3=40.000 40/41=70.000 54/58=40.000 20/58=310.000 "
        "10/15=115.000 10/11=18.600 13=1.860 14=94.540 17/49=195.000 17=80.000 42/48=115.000 "
        "45=35.000 10/49=310.000 9900=430.000 9901=-8.000 9904=-15.000 630=30.000",
    }.items()
}


def page_width(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def test_a_coach_analyses_a_firm_and_downloads_the_report(
    live_server, page: Page, settings, tmp_path
):
    settings.DEBUG = True
    settings.AXES_ENABLED = False
    Personas.create_personas()
    Organisation.objects.create(
        chapter=Personas.mechelen,
        enterprise_number="0403170701",
        name="Bakkerij Peeters BV",
        legal_form="BV",
    )
    base = live_server.url
    page.goto(base + "/account/login/")
    page.get_by_label("Gebruikersnaam").fill(Personas.coach.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    tabs = page.get_by_role("navigation", name="Navigatie in de afdeling")
    tabs.get_by_role("link", name="Financiële analyses").click()
    expect(page.get_by_role("heading", name="Financiële analyses")).to_be_visible()

    # A new analysis: find the organisation by enterprise number (HTMX search), choose the model
    page.get_by_role("link", name="Nieuwe analyse").click()
    page.get_by_label("Naam of ondernemingsnummer").fill("0403.170")
    page.get_by_role("link", name="Bakkerij Peeters BV").click()
    page.get_by_label("Jaarrekeningmodel").select_option("abbreviated")
    page.get_by_role("button", name="Analyse aanmaken").click()
    expect(page.get_by_role("heading", name="Cijfers invoeren per rubriekcode")).to_be_visible()

    # Three years by code
    for index, (year, values) in enumerate(YEARS.items()):
        if index:
            page.get_by_role("link", name="+ nog een jaar").click()
        page.locator("#id_year").fill(str(year))
        for code, value in values.items():
            page.locator(f"#id_c_{code.replace('/', '_')}").fill(value)
        page.get_by_role("button", name="Cijfers bewaren").click()
        expect(page.get_by_text(f"De cijfers van {year} zijn bewaard.")).to_be_visible()
    assert page_width(page) <= 390, f"the figures page scrolls sideways ({page_width(page)}px)"

    # The overview: ratios, Z'', alarm bells, signals
    tabs = page.locator("nav.fa-tabs")
    tabs.get_by_role("link", name="Overzicht").click()
    ratios = page.locator("#ratios")
    expect(ratios.get_by_text("Solvabiliteit")).to_be_visible()
    expect(ratios.locator("[data-ratio='solvency']")).to_contain_text("37,1 %")  # 115/310
    # Z'' 2021: X1 = (150-115)/310, X2 = 96.400/310.000, X3 = -8.000/310.000, X4 = 115/195
    # = 0,7406 + 1,0137 - 0,1734 + 0,6192 = 2,2001: grey
    expect(page.get_by_test_id("main-score")).to_contain_text("2,20")
    expect(page.get_by_test_id("main-score")).to_contain_text("grijze zone")
    expect(page.locator("#scores")).to_contain_text("bedrijfsresultaat is een verlies")
    expect(page.locator("#alarms")).to_contain_text("art. 5:153")
    expect(page.get_by_test_id("alarm-net_assets_negative")).to_contain_text("geen alarm")
    expect(page.get_by_test_id("signal-losses_two_years")).to_contain_text("aanwezig")
    assert page_width(page) <= 390, f"the overview scrolls sideways ({page_width(page)}px)"
    page.screenshot(path=str(tmp_path / "overview.png"), full_page=True)

    # A VAT arrear recorded in place (HTMX)
    signal = page.get_by_test_id("signal-vat_arrears")
    signal.get_by_label("Wat je weet").select_option("present")
    signal.get_by_label("Bewijs").fill("Aanmaning FOD Financiën")
    signal.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_test_id("signal-vat_arrears")).to_contain_text("Aanmaning FOD Financiën")

    # The cash-flow forecast, edited in place
    tabs.get_by_role("link", name="Kasstroom").click()
    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())
    page.get_by_label("Week 1 begint op").fill(monday.isoformat())
    page.get_by_label("Kassaldo bij de start").fill("10.000")
    page.get_by_label("Minimale kasbuffer").fill("5.000")
    page.get_by_role("button", name="Prognose starten").click()
    expect(page.get_by_text("Instellingen van de prognose bewaard.")).to_be_visible()
    for label, value in (
        ("Prognose: Ontvangsten van klanten, week 1", "8.000"),
        ("Prognose: Nettolonen, week 1", "6.000"),
        ("Prognose: Leveranciers, week 2", "7.500"),
    ):
        field = page.get_by_label(label, exact=True)
        field.fill(value)
        field.press("Tab")
        expect(page.locator("#cf-status")).to_have_text("Bewaard.")
    expect(page.get_by_label("Prognose: Leveranciers, week 2", exact=True)).to_have_value("7.500")
    # week 1: 10.000 + 8.000 - 6.000 = 12.000; week 2: 12.000 - 7.500 = 4.500 < 5.000
    expect(page.get_by_test_id("cashflow-table").locator("tr[data-week='2']")).to_contain_text(
        "4.500"
    )
    expect(page.get_by_test_id("first-below")).to_contain_text("vanaf week 2")
    expect(page.get_by_test_id("cashflow-chart")).to_be_visible()
    assert CashFlowCell.objects.count() == 3
    page.get_by_label("Prognose: Leveranciers, week 2", exact=True).fill("-5")
    page.get_by_label("Prognose: Leveranciers, week 2", exact=True).press("Tab")
    expect(page.locator("#cf-status")).to_contain_text("positief bedrag")
    assert page_width(page) <= 390, f"the cash-flow page scrolls sideways ({page_width(page)}px)"
    page.screenshot(path=str(tmp_path / "cashflow.png"), full_page=True)

    # The PDF report, in Dutch
    with page.expect_download() as download_info:
        page.get_by_test_id("report-nl").click()
    pdf = download_info.value.path().read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join((p.extract_text() or "") for p in reader.pages).split())
    assert 2 <= len(reader.pages) <= 6
    for expected in (
        "Bakkerij Peeters BV",
        "Solvabiliteit",
        "grijze zone",
        "Alarmbellen",
        "Aanmaning FOD Financiën",
        "Kasstroom over de komende 13 weken",
    ):
        assert expected in text, expected
    analysis = FinancialAnalysis.objects.get()
    assert AuditEvent.objects.filter(
        verb="analysis.report_downloaded", object_code=analysis.public_code
    ).exists()
    assert AuditEvent.objects.filter(verb="analysis.viewed", actor=Personas.coach).count() >= 4
