"""From a red conversation to a closed coaching trajectory, in real Chromium on a phone and on a
laptop (issue 13's first "Done when").

caller1.mechelen records a red conversation (VAT and RSZ arrears, cash for 1 to 3 months) and
refers the firm to the federation's coaching after reading the consent text; the coordinator sends
it; coach.mechelen accepts it from the coaches' queue, starts a trajectory, starts the financial
analysis from it (pre-filled from the call), agrees a plan with two items, logs a session and
closes with an outcome. caller1 then sees that the firm was helped (the outcome only, never the
coach's notes or the analysis), the coordinator sees the whole history.

Screenshots go to the test's tmp_path, and to $BELRONDE_SHOTS when it is set.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Frame, Page, expect

from belronde.accounts.demo import load as load_demo_users
from belronde.accounts.models import Chapter, User
from belronde.conversations.tests.fixtures import assign, make_organisation, make_person
from belronde.referrals.demo import ensure_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRM = "Drukkerij Wouters"
OPEN_ANSWER = "De btw van het laatste kwartaal en de RSZ zijn niet betaald; de kas is bijna leeg."
PLAN = "Eerst de kas op orde: een liquiditeitsplan voor 13 weken, dan afbetalen aan de RSZ."
SESSION_NOTES = "Bezoek in de drukkerij: de bank wil de kredietlijn verlagen, boekhouder erbij."
CONCLUSION = "Afbetalingsplan met de RSZ loopt, kas gedekt: faillissementsaangifte vermeden."

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}


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
def test_from_a_red_conversation_to_a_closed_trajectory(
    live_server, page: Page, settings, tmp_path: Path, viewport: dict[str, int]
) -> None:
    settings.DEBUG = True
    settings.AXES_ENABLED = False
    assert page.viewport_size == viewport
    load_demo_users(seed=2020)
    mechelen = Chapter.objects.get(slug="mechelen")
    ensure_services(mechelen)
    caller1 = User.objects.get(username="caller1.mechelen")
    organisation = make_organisation(mechelen, FIRM)
    make_person(organisation, "Jan Wouters", email="jan@example.org")
    assign(caller1, organisation)
    name = organisation.display_name  # with its legal form
    base = live_server.url
    org_url = f"{base}/c/mechelen/members/{organisation.public_code}/"

    # 1. caller1 records a red conversation and refers the firm to the federation's coaching
    log_in(page, base, "caller1.mechelen")
    page.goto(f"{base}/c/mechelen/conversations/new/?organisation={organisation.public_code}")
    expect(page.get_by_role("heading", name="Een gesprek invoeren")).to_be_visible()
    page.get_by_label("Gesproken met").select_option(label="Jan Wouters")
    page.get_by_label("Waar loop je tegen aan?").fill(OPEN_ANSWER)
    page.get_by_label("Rood: in moeilijkheden").check()
    page.get_by_label("1 tot 3 maanden").check()
    page.get_by_label("RSZ (sociale zekerheid)").check()
    page.get_by_label("Btw", exact=True).check()
    page.get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name="Gesprek bewaren").click()
    expect(page.get_by_role("heading", name=f"Gesprek met {FIRM}")).to_be_visible()

    page.get_by_role("link", name="Doorverwijzen naar Ondernemersbegeleiding").click()
    expect(page.get_by_test_id("consent-text")).to_be_visible()
    page.get_by_label("toestemming gegeven").check()
    summary = page.get_by_label("Waarom verwijs je door? (samenvatting van het probleem)")
    expect(summary).to_have_value(re.compile("Achterstallen"))  # filled in from the triage rules
    page.get_by_role("button", name="Noteren en doorverwijzen").click()
    expect(page.get_by_test_id("referrals")).to_contain_text("Ondernemersbegeleiding")
    referral_link = page.get_by_test_id("referrals").get_by_role(
        "link", name="Ondernemersbegeleiding"
    )
    referral_url = base + (referral_link.get_attribute("href") or "")
    log_out(page)

    # the coaching service requires review: the coordinator sends it (through the browser)
    log_in(page, base, "coordinator.mechelen")
    page.goto(referral_url)
    page.get_by_role("button", name="Doorverwijzing versturen").click()
    expect(page.get_by_test_id("status")).to_have_text("verstuurd")
    log_out(page)

    # 2. coach.mechelen accepts it from the coaches' queue and starts a trajectory
    log_in(page, base, "coach.mechelen")
    loads: list[str] = []

    def count(frame: Frame) -> None:
        if frame == page.main_frame:
            loads.append(frame.url)

    page.on("framenavigated", count)
    page.goto(f"{base}/c/mechelen/referrals/coaching/")
    expect(page.get_by_role("heading", name="Wachtrij begeleiders")).to_be_visible()
    assert_fits_a_phone(page)
    page.get_by_role("link", name="Aanvaarden of weigeren").click()
    expect(page.get_by_role("heading", name=f"{name} naar Ondernemersbegeleiding")).to_be_visible()
    page.get_by_role("button", name="Aanvaarden").click()
    expect(page.get_by_test_id("status")).to_have_text("aanvaard")
    page.get_by_test_id("start-trajectory").click()
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
    trajectory_url = page.url
    assert "/trajectories/" in trajectory_url
    assert_fits_a_phone(page)

    # 3. on to the financial analysis, started from the trajectory and pre-filled from the call
    page.get_by_role("button", name="Verder naar: financiële analyse").click()
    expect(page.locator('[aria-current="step"]')).to_have_text("Financiële analyse")
    page.get_by_test_id("start-analysis").click()
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
    analysis_url = page.url
    assert "/analyses/" in analysis_url
    for signal in ("signal-vat_arrears", "signal-rsz_arrears"):
        expect(page.get_by_test_id(signal).locator(".badge")).to_have_text("aanwezig")
    call_facts = page.get_by_test_id("call-facts")
    expect(
        call_facts.get_by_role("heading", name=re.compile("^Uit het belgesprek van"))
    ).to_be_visible()
    expect(call_facts).to_contain_text("1 tot 3 maanden")
    assert_fits_a_phone(page)
    page.get_by_test_id("analysis-trajectory").get_by_role("link").click()
    expect(page).to_have_url(trajectory_url)

    # 4. the plan: a summary and two items of two modules; then on to the coaching
    page.get_by_role("button", name="Verder naar: plan").click()
    page.get_by_label("Het plan in een paar regels").fill(PLAN)
    page.get_by_role("button", name="Plan bewaren").click()
    expect(page.get_by_label("Het plan in een paar regels")).to_have_value(PLAN)
    for module, what in [
        ("Liquiditeitsplan", "Kasplanning voor 13 weken opmaken"),
        ("Afbetalingsplan met de RSZ of de fiscus", "Afbetalingsplan aanvragen bij de RSZ"),
    ]:
        add = page.locator("details", has=page.get_by_text("Een actiepunt toevoegen"))
        if add.get_attribute("open") is None:
            page.get_by_text("Een actiepunt toevoegen").click()
        page.get_by_label("Module").select_option(label=module)
        page.get_by_role("textbox", name="Wat", exact=True).fill(what)
        page.get_by_role("button", name="Aan het plan toevoegen").click()
        expect(page.get_by_test_id("plan-items")).to_contain_text(what)
    expect(page.get_by_test_id("plan-items").locator("tbody tr")).to_have_count(2)
    page.get_by_role("button", name="Verder naar: begeleiding").click()

    # 5. a session
    add = page.locator("details", has=page.get_by_text("Een sessie registreren"))
    if add.get_attribute("open") is None:
        page.get_by_text("Een sessie registreren").click()
    page.get_by_label("Datum").fill(timezone.localdate().isoformat())
    page.get_by_label("Minuten").fill("60")
    page.get_by_label("Hoe").select_option(label="Bezoek")
    page.get_by_label("Opmerkingen").fill(SESSION_NOTES)
    page.get_by_role("button", name="Sessie registreren").click()
    expect(page.get_by_test_id("sessions")).to_contain_text(SESSION_NOTES)

    # 6. close with an outcome
    page.get_by_role("link", name="Afsluiten met een resultaat").click()
    expect(page.get_by_role("heading", name="Het traject afsluiten")).to_be_visible()
    assert_fits_a_phone(page)
    page.get_by_label("Hersteld").check()
    page.get_by_label("Besluit").fill(CONCLUSION)
    page.get_by_role("button", name="Het traject afsluiten").click()
    expect(page.get_by_test_id("outcome")).to_contain_text("Hersteld")
    expect(page.get_by_test_id("conclusion")).to_have_text(CONCLUSION)
    page.remove_listener("framenavigated", count)
    assert_fits_a_phone(page)
    shoot(page, tmp_path, "trajectory")
    print(f"\nscreens from the queue to the closed trajectory: {len(loads)}", *loads, sep="\n")
    log_out(page)

    # 7. caller1 sees that the firm was helped, and nothing of the coaching itself
    log_in(page, base, "caller1.mechelen")
    card = page.get_by_test_id("card-referred")
    expect(card).to_contain_text(FIRM)
    expect(card).to_contain_text("afgerond: hersteld")
    assert_fits_a_phone(page)
    page.goto(org_url)
    history = page.get_by_test_id("case-file")
    expect(history).to_contain_text("Traject afgerond: hersteld")
    text = history.inner_text()
    # newest first: the trajectory that followed the conversation stands above it
    assert text.index("Traject afgerond") < text.index("Begeleid door de federatie sinds")
    assert text.index("Begeleid door de federatie sinds") < text.index("Gesprek (rood")
    for secret in (CONCLUSION, "faillissementsaangifte", SESSION_NOTES, PLAN, "Liquiditeitsplan"):
        assert secret not in text, secret
    expect(history.locator('[data-kind="analysis"]')).to_have_count(0)
    expect(history.locator('[data-kind="session"]')).to_have_count(0)
    main = page.locator("main").inner_text()
    assert CONCLUSION not in main and SESSION_NOTES not in main
    assert_fits_a_phone(page)
    shoot(page, tmp_path, "case-file-caller")
    for forbidden in (trajectory_url, analysis_url):
        assert page.request.get(forbidden).status in (403, 404), forbidden
    log_out(page)

    # 8. the coordinator sees the whole history
    log_in(page, base, "coordinator.mechelen")
    page.goto(org_url)
    history = page.get_by_test_id("case-file")
    for kind in ("conversation", "referral", "analysis", "session"):
        expect(history.locator(f'[data-kind="{kind}"]').first).to_be_visible()
    expect(history).to_contain_text("hersteld")
    assert_fits_a_phone(page)
    shoot(page, tmp_path, "case-file-coordinator")
