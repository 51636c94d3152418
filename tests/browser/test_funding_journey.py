"""From a programme to a claim the city downloads, in real Chromium on a phone and on a laptop
(issue 14's browser "Done when").

Before the programme exists, coach.mechelen has started a trajectory for Drukkerij Wouters
(a member in Mechelen with a main contact), so no programme enrolled it. Then, in the browser,
coordinator.mechelen sets up the programme with the seed's parameters (EUR 900, Stad Mechelen
pays EUR 350, the participant at most EUR 200 plus 21 % VAT, the federation the rest; a window
from just before this quarter to the end of next year), enrols the trajectory from the
programme's page, issues the participant's invoice and downloads its PDF: its QR code decodes to
an EPC credit transfer of EUR 242.00 with the invoice's structured communication. A KBC CSV
export holding that transfer, uploaded on the bank import page, marks the invoice paid; the
coordinator prepares this quarter's claim and submits it. stad.mechelen then opens the
programme's claims and downloads the claim as PDF and CSV: the trajectory is named by its
number in the programme (its pseudonym) with EUR 350, never by the firm's name or enterprise
number.

Screens (page loads after the overview; the test prints them): the
coordinator goes through 14 from the overview to the submitted claim (programmes, the new
programme's form, the new programme, the programme again after enrolling, the invoice, the
invoices, the bank import, its report, the invoice paid, the programme, its claims, the draft,
the confirmation, the submitted claim), the city's official through 4 (programmes, the
programme, its claims, the claim) and two downloads. A coordinator who knows the pages needs
about 10 minutes for the whole of it (most of it typing the programme's settings once and
getting the CSV export out of the bank), the city's official about 2.

Labels are read through the catalogues (``nl``): the pages speak Dutch, and a label the
catalogue does not translate yet is its English msgid on the page and in the test alike.

Screenshots go to the test's tmp_path, and to $BELRONDE_SHOTS when it is set.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from playwright.sync_api import FilePayload, Frame, Page, expect
from pypdf import PdfReader

from belronde.accounts.demo import load as load_demo_users
from belronde.accounts.models import Chapter, User
from belronde.coaching import actions as coaching_actions
from belronde.conversations.tests.fixtures import (
    give_consent,
    make_conversation,
    make_organisation,
    make_person,
)
from belronde.finance.epc import parse_epc_payload
from belronde.funding import actions as funding_actions
from belronde.funding.models import Enrolment, FundingClaim, ParticipantInvoice, Programme
from belronde.funding.tests.qrread import qr_codes_in_pdf
from belronde.members.models import Organisation
from belronde.referrals import actions as referral_actions
from belronde.referrals.demo import ensure_services
from belronde.referrals.models import Service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRM = "Drukkerij Wouters"
CONTACT = "Jan Wouters"
CODE = "traject-op-maat"
PSEUDONYM = "TRAJECT-OP-MAAT-0001"
IBAN = "BE71096123456769"
BIC = "GKCCBEBB"
PAYER_IBAN = "BE43068999999501"

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}

# A KBC export as the bank writes it (see belronde/funding/tests/test_bankcsv.py): a ";"
# separated file, cells padded with spaces, rows separated by a bare carriage return.
KBC_HEADER = (
    "Rekeningnummer;Rubrieknaam;Naam;Munt;Afschriftnummer;Datum;Omschrijving;Valuta;Bedrag;"
    "Saldo;credit;debet;rekeningnummer tegenpartij;BIC tegenpartij;Naam tegenpartij;"
    "Adres tegenpartij;gestructureerde mededeling;Vrije mededeling"
)


def nl(msgid: str) -> str:
    """``msgid`` as the Dutch pages show it (the msgid itself while it has no translation)."""
    with translation.override("nl"):
        return _(msgid)


def label(msgid: str) -> re.Pattern[str]:
    """A field's whole label in Dutch, with or without the mark of a required field."""
    return re.compile(rf"^\s*{re.escape(nl(msgid))}(\s*\*)?\s*$")


def kbc_export(*, booked_on: dt.date, amount: str, ogm: str, payer: str) -> bytes:
    """A KBC CSV export with one incoming transfer (``amount`` as KBC writes it: 242,00)."""
    day = booked_on.strftime("%d/%m/%Y")
    row = ";".join(
        [
            IBAN,
            " " * 50,
            "ONDERNEMERSFEDERATIE MECHELEN VZW",
            "EUR",
            f"  {booked_on.year}{booked_on.month:04d}",
            day,
            f"OVERSCHRIJVING VAN {payer}",
            day,
            amount,
            "12.786,81",
            amount,
            " " * 14,
            "BE43 0689 9999 9501".ljust(34),
            "GEBABEBB".ljust(11),
            payer.ljust(71),
            " " * 71,
            ogm.ljust(35),
            " " * 140,
        ]
    )
    return "\r".join([KBC_HEADER, row]).encode("utf-8")


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/account/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill("demo")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", name="Afdeling Mechelen")).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_label("Menu").click()
    page.get_by_test_id("logout").click()
    expect(page.get_by_role("heading", name="Aanmelden")).to_be_visible()


def open_tab(page: Page, name: str) -> None:
    """Follow the chapter navigation's link ``name`` (the tabs under the top bar)."""
    tabs = page.get_by_role("navigation", name=nl("Chapter navigation"))
    tabs.get_by_role("link", name=name, exact=True).click()


def assert_fits_a_phone(page: Page) -> None:
    """Nothing in the page scrolls sideways at 390 px (a no-op on the laptop)."""
    if page.viewport_size != PHONE:
        return
    width = page.evaluate("document.documentElement.scrollWidth")
    too_wide = page.evaluate(
        "Array.from(document.querySelectorAll('main *'))"
        ".filter(e => e.getBoundingClientRect().right > 392).slice(0, 5)"
        ".map(e => e.tagName + '.' + e.className)"
    )
    assert width <= 390, f"{page.url} scrolls sideways on a phone ({width}px): {too_wide}"


def shoot(page: Page, tmp_path: Path, name: str) -> None:
    """A full-page screenshot into tmp_path, and into $BELRONDE_SHOTS when it is set."""
    name = f"{name}-{page.viewport_size['width'] if page.viewport_size else 0}.png"
    page.screenshot(path=str(tmp_path / name), full_page=True)
    folder = os.environ.get("BELRONDE_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() or "" for page in reader.pages))


def download(page: Page, test_id: str) -> tuple[str, bytes]:
    """Click the link ``test_id`` and return the downloaded file's name and bytes."""
    with page.expect_download() as info:
        page.get_by_test_id(test_id).click()
    got = info.value
    assert got.failure() is None, got.failure()
    path = got.path()
    return got.suggested_filename, Path(path).read_bytes()


def assert_anonymous(text: str, organisation: Organisation, where: str) -> None:
    """Neither the firm's name, its contact's name nor its enterprise number (in any of the
    ways it is written: 0403170701, 0403.170.701, BE 0403 170 701) is in ``text``."""
    for name in (FIRM, "Wouters", CONTACT, organisation.display_name):
        assert name.lower() not in text.lower(), f"{where} names the firm ({name!r})"
    number = organisation.enterprise_number
    assert len(number) == 10, number
    assert number not in re.sub(r"[\s./-]", "", text), f"{where} holds the enterprise number"
    assert number[1:] not in re.sub(r"[\s./-]", "", text), f"{where} holds the enterprise number"


def start_a_trajectory(mechelen: Chapter) -> Organisation:
    """caller1 refers a member firm (with a main contact) to coaching, the coordinator sends it,
    coach.mechelen accepts it and starts a trajectory: through the actions, before any programme
    exists."""
    caller = User.objects.get(username="caller1.mechelen")
    coach = User.objects.get(username="coach.mechelen")
    coordinator = User.objects.get(username="coordinator.mechelen")
    organisation = make_organisation(
        mechelen,
        FIRM,
        nace="18120",
        employees=12,
        membership_status=Organisation.MembershipStatus.MEMBER,
        member_since=timezone.localdate() - dt.timedelta(days=3 * 365),
    )
    make_person(organisation, CONTACT, email="jan@drukkerijwouters.example", is_primary=True)
    conversation = make_conversation(caller, organisation)
    coaching = Service.objects.get(chapter=mechelen, kind=Service.Kind.COACHING)
    consent = give_consent(caller, coaching, organisation, conversation=conversation)
    referral = referral_actions.create_referral(
        actor=caller,
        service=coaching,
        organisation=organisation,
        consent=consent,
        reason="Btw- en RSZ-achterstand, de kas is bijna leeg.",
        conversation=conversation,
        notify=False,
    )
    if referral.status == referral.Status.PROPOSED:  # the coaching service wants a review
        referral = referral_actions.send_referral(
            actor=coordinator, referral=referral, notify=False
        )
    referral = referral_actions.accept_referral(actor=coach, referral=referral)
    trajectory = coaching_actions.start_trajectory(
        actor=coach, referral=referral, started_on=timezone.localdate(), notify=False
    )
    assert not Enrolment.objects.filter(trajectory=trajectory).exists()
    return organisation


@pytest.mark.parametrize(
    "viewport",
    [
        pytest.param(PHONE, id="phone"),
        pytest.param(
            LAPTOP,
            id="laptop",
            marks=pytest.mark.browser_context_args(
                viewport=LAPTOP, is_mobile=False, has_touch=False, device_scale_factor=1
            ),
        ),
    ],
)
def test_from_a_programme_to_the_claim_the_city_downloads(
    live_server, page: Page, settings, tmp_path: Path, viewport: dict[str, int]
) -> None:
    settings.DEBUG = True
    settings.AXES_ENABLED = False
    assert page.viewport_size == viewport
    load_demo_users(seed=2020)
    mechelen = Chapter.objects.get(slug="mechelen")
    ensure_services(mechelen)
    coordinator = User.objects.get(username="coordinator.mechelen")
    stad = funding_actions.create_funder(actor=coordinator, chapter=mechelen, name="Stad Mechelen")
    assert stad.slug == "stad-mechelen"
    stad.users.add(User.objects.get(username="stad.mechelen"))
    organisation = start_a_trajectory(mechelen)
    today = timezone.localdate()
    quarter_start = dt.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    window_start = quarter_start - dt.timedelta(days=14)
    window_end = dt.date(today.year + 1, 12, 31)
    quarter = f"{today.year}Q{(today.month - 1) // 3 + 1}"
    base = live_server.url

    loads: list[str] = []

    def count(frame: Frame) -> None:
        if frame == page.main_frame:
            loads.append(frame.url)

    # 1. the coordinator sets up the programme with the seed's parameters
    log_in(page, base, "coordinator.mechelen")
    page.on("framenavigated", count)
    open_tab(page, nl("Programmes"))
    expect(page.get_by_role("heading", name=nl("Programmes"), exact=True)).to_be_visible()
    expect(page.get_by_test_id("empty")).to_be_visible()
    assert_fits_a_phone(page)
    page.get_by_test_id("new-programme").click()
    expect(page.get_by_role("heading", name=nl("New programme"), exact=True)).to_be_visible()
    form = page.get_by_test_id("programme-form")
    form.get_by_label(label("Code")).fill(CODE)
    form.get_by_label(label("Name")).fill("Begeleidingstraject op maat")
    form.get_by_label(label("Funder")).select_option(label="Stad Mechelen")
    form.get_by_label(label("Status")).select_option(value=Programme.Status.ACTIVE)
    form.get_by_label(label("Trajectories starting from")).fill(window_start.isoformat())
    form.get_by_label(label("Trajectories starting until")).fill(window_end.isoformat())
    form.get_by_label(label("At most this many trajectories")).fill("40")
    form.get_by_label(label("Name on invoices")).fill("Ondernemersfederatie Mechelen vzw")
    form.get_by_label(label("Address on invoices")).fill("Grote Markt 21, 2800 Mechelen")
    form.get_by_label(label("IBAN")).fill(IBAN)
    form.get_by_label(label("BIC")).fill(BIC)
    form.get_by_label(label("Standard price of a trajectory (EUR, excl. VAT)")).fill("900")
    form.get_by_label(label("Hourly rate of a tailored trajectory (EUR, excl. VAT)")).fill("90")
    form.get_by_label(label("Funder contribution per trajectory (EUR)")).fill("350")
    form.get_by_label(label("Participant pays at most (EUR)")).fill("200")
    form.get_by_label(label("VAT on the participant's part (%)")).fill("21")
    for rule in (
        "Only organisations in the chapter's postal codes",
        "Only members at the start",
        "At most one funded trajectory per organisation",
    ):
        expect(form.get_by_label(label(rule))).to_be_checked()
    expect(
        form.get_by_label(label("The funder needs the name and enterprise number in claims"))
    ).not_to_be_checked()
    assert_fits_a_phone(page)
    shoot(page, tmp_path, "programme-form")
    page.get_by_test_id("save").click()
    expect(page.get_by_role("heading", name="Begeleidingstraject op maat")).to_be_visible()
    programme_url = page.url.split("#")[0]
    assert programme_url.endswith(f"/c/mechelen/funding/{CODE}/"), programme_url
    programme = Programme.objects.get(chapter=mechelen, code=CODE)
    assert programme.status == Programme.Status.ACTIVE
    assert (programme.window_start, programme.window_end) == (window_start, window_end)
    assert_fits_a_phone(page)

    # 2. the trajectory started before the programme existed: enrol it from the programme page
    unenrolled = page.get_by_test_id("unenrolled").locator("li", has_text=FIRM)
    expect(unenrolled).to_have_count(1)
    unenrolled.get_by_test_id("enrol").click()
    row = page.get_by_test_id("enrolments").get_by_test_id("enrolment-row").filter(has_text=FIRM)
    expect(row).to_contain_text(PSEUDONYM)
    expect(row).to_contain_text("900,00")
    expect(row).to_contain_text("350,00")
    expect(row).to_contain_text("200,00")
    expect(page.get_by_test_id("none-unenrolled")).to_be_visible()
    assert_fits_a_phone(page)
    shoot(page, tmp_path, "programme")

    # 3. the participant's invoice: issued from the enrolment, its PDF downloaded
    issue = row.get_by_test_id("issue-invoice")
    expect(issue).to_have_accessible_name(f"{nl('Invoice the participant')} {PSEUDONYM}")
    issue.click()
    expect(page.get_by_test_id("invoice-state")).to_be_visible()
    invoice = ParticipantInvoice.objects.get(enrolment__organisation=organisation)
    assert invoice.total == Decimal("242.00")
    expect(page.get_by_role("heading", name=re.compile(re.escape(invoice.number)))).to_be_visible()
    ogm = funding_actions.format_ogm(invoice.ogm)
    expect(page.get_by_test_id("ogm")).to_have_text(ogm)
    expect(page.get_by_test_id("invoice-state")).to_have_text(
        nl(str(ParticipantInvoice.State.OPEN.label)).capitalize()
    )
    assert_fits_a_phone(page)
    name, pdf = download(page, "pdf-link")
    assert name.endswith(f"{invoice.number}.pdf"), name
    assert pdf.startswith(b"%PDF-")
    (tmp_path / name).write_bytes(pdf)
    codes = qr_codes_in_pdf(pdf)
    assert len(codes) == 1, codes
    epc = parse_epc_payload(codes[0])
    assert epc["amount"] == Decimal("242.00")
    assert epc["ogm"] == invoice.ogm
    assert (epc["iban"], epc["bic"]) == (IBAN, BIC)
    assert epc["name"] == "Ondernemersfederatie Mechelen vzw"
    invoice_url = page.url

    # 4. the participant pays; the bank's CSV export marks the invoice paid
    page.get_by_role("link", name=nl("Participant invoices")).first.click()
    expect(page.get_by_test_id("invoices")).to_contain_text(invoice.number)
    page.get_by_test_id("bank-link").click()
    expect(page.get_by_test_id("bank-form")).to_be_visible()
    assert_fits_a_phone(page)
    export_name = f"KBC export {today.isoformat()}.csv"
    export = kbc_export(
        booked_on=today, amount="242,00", ogm=invoice.ogm, payer="DRUKKERIJ WOUTERS BV"
    )
    upload = FilePayload(name=export_name, mimeType="text/csv", buffer=export)
    page.get_by_label(label("Bank export (CSV)")).set_input_files(files=[upload])
    page.get_by_test_id("bank-submit").click()
    expect(page.get_by_role("heading", name=export_name)).to_be_visible()
    expect(page.get_by_test_id("matched-count")).to_have_text("1")
    expect(page.get_by_test_id("all-matched")).to_be_visible()
    assert_fits_a_phone(page)
    shoot(page, tmp_path, "bank-import")
    page.get_by_test_id("matched-row").get_by_role("link", name=invoice.number).click()
    expect(page).to_have_url(invoice_url)
    expect(page.get_by_test_id("invoice-state")).to_have_text(
        nl(str(ParticipantInvoice.State.PAID.label)).capitalize()
    )
    expect(page.get_by_test_id("payments")).to_contain_text("242,00")
    assert_fits_a_phone(page)
    shoot(page, tmp_path, "invoice-paid")

    # 5. this quarter's claim, prepared and submitted
    page.get_by_test_id("details").get_by_role("link", name=programme.name).click()
    expect(page.get_by_test_id("invoiced")).to_contain_text("242,00")
    expect(page.get_by_test_id("received")).to_contain_text("242,00")
    page.get_by_test_id("claims-link").click()
    expect(page.get_by_role("heading", name=nl("Claims"), exact=True)).to_be_visible()
    expect(page.get_by_test_id("no-claims")).to_be_visible()
    page.get_by_label(label("Period")).select_option(value=quarter)
    assert_fits_a_phone(page)
    page.get_by_test_id("prepare").click()
    expect(page.get_by_test_id("draft-note")).to_be_visible()
    lines = page.get_by_test_id("claim-lines")
    expect(lines.get_by_test_id("claim-line")).to_have_count(1)
    expect(lines).to_contain_text(PSEUDONYM)
    expect(page.get_by_test_id("total")).to_contain_text("350,00")
    assert_fits_a_phone(page)
    page.get_by_test_id("submit-link").click()
    page.get_by_test_id("submit-form").get_by_role("checkbox").check()
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("claim-status")).to_have_text(
        nl(str(FundingClaim.Status.SUBMITTED.label)).capitalize()
    )
    expect(page.get_by_test_id("submitted-on")).to_have_text(today.strftime("%d/%m/%Y"))
    claim = FundingClaim.objects.get(programme=programme, period=quarter)
    assert claim.status == FundingClaim.Status.SUBMITTED
    assert (claim.trajectories, claim.total) == (1, Decimal("350.00"))
    assert_fits_a_phone(page)
    shoot(page, tmp_path, "claim-submitted")
    coordinator_loads = list(loads)
    log_out(page)

    # 6. stad.mechelen opens the programme's claims and downloads the claim: no name in it
    log_in(page, base, "stad.mechelen")
    loads.clear()
    open_tab(page, nl("Programmes"))
    expect(page.get_by_test_id("programmes")).to_contain_text(programme.name)
    assert_fits_a_phone(page)
    page.get_by_test_id("programmes").get_by_role("link", name=programme.name).click()
    expect(page.get_by_role("heading", name=programme.name)).to_be_visible()
    expect(page.get_by_test_id("claimed")).to_contain_text("350,00")
    expect(page.locator("main")).not_to_contain_text("Wouters")
    expect(page.get_by_test_id("enrolments")).to_have_count(0)
    assert_fits_a_phone(page)
    page.get_by_test_id("claims-link").click()
    claim_row = page.get_by_test_id("claim-row").filter(has_text=quarter)
    expect(claim_row).to_have_count(1)
    assert_fits_a_phone(page)
    claim_row.get_by_role("link", name=quarter).click()
    expect(page.get_by_test_id("claim-lines")).to_contain_text(PSEUDONYM)
    expect(page.get_by_test_id("total")).to_contain_text("350,00")
    expect(page.get_by_test_id("submit-link")).to_have_count(0)
    assert_anonymous(page.locator("main").inner_text(), organisation, "the claim's page")
    assert_fits_a_phone(page)
    shoot(page, tmp_path, "claim-funder")

    name, claim_pdf = download(page, "download-pdf")
    assert name.endswith(".pdf") and claim_pdf.startswith(b"%PDF-"), name
    (tmp_path / name).write_bytes(claim_pdf)
    text = pdf_text(claim_pdf)
    assert PSEUDONYM in text, text
    assert "350,00" in text or "350.00" in text, text
    assert_anonymous(text, organisation, "the claim's PDF")

    name, claim_csv = download(page, "download-csv")
    assert name.endswith(".csv"), name
    (tmp_path / name).write_bytes(claim_csv)
    csv_text = claim_csv.decode("utf-8-sig")
    assert PSEUDONYM in csv_text, csv_text
    assert "350.00" in csv_text or "350,00" in csv_text, csv_text
    assert_anonymous(csv_text, organisation, "the claim's CSV")
    page.remove_listener("framenavigated", count)
    print(
        f"\nscreens: coordinator {len(coordinator_loads)} (overview to submitted claim), "
        f"stad.mechelen {len(loads)} (overview to the claim, two downloads)",
        *coordinator_loads,
        *loads,
        sep="\n",
    )
