"""From conversation to help, in real Chromium on a phone (issue 5's done-when journey).

caller1.mechelen records a red conversation (through the "enter a conversation" screen of the
conversations app), sees the referral suggestion with its reasons, reads the consent text and
refers to Dyzo; dyzo sees exactly that referral and nothing else of the chapter, accepts it and
closes it with feedback; caller1 sees the feedback; the consent is withdrawn and dyzo's next
request for the referral is a 404.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from belronde.accounts.demo import load as load_demo_users
from belronde.accounts.models import Chapter, User
from belronde.conversations.tests.fixtures import assign, make_organisation, make_person
from belronde.referrals.demo import ensure_services
from belronde.referrals.models import Referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OPEN_ANSWER = "We hebben een achterstand bij de RSZ en de kassa is bijna leeg."
FEEDBACK = "Contact gelegd; een afbetalingsplan met de RSZ loopt."


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
    width = page.evaluate("document.documentElement.scrollWidth")
    too_wide = page.evaluate(
        "Array.from(document.querySelectorAll('main *'))"
        ".filter(e => e.getBoundingClientRect().right > 392).slice(0, 5)"
        ".map(e => e.tagName + '.' + e.className)"
    )
    assert width <= 390, f"{page.url} scrolls sideways on a phone ({width}px): {too_wide}"


def test_from_a_red_conversation_to_dyzo_and_back(live_server, page: Page, settings, tmp_path):
    settings.DEBUG = True
    load_demo_users(seed=2020)
    mechelen = Chapter.objects.get(slug="mechelen")
    ensure_services(mechelen)
    caller1 = User.objects.get(username="caller1.mechelen")
    organisation = make_organisation(mechelen, "Brasserie De Klok")
    make_person(organisation, "Marie Peeters", email="marie@example.org")
    assign(caller1, organisation)
    base = live_server.url

    # 1. caller1 records a red conversation
    log_in(page, base, "caller1.mechelen")
    page.goto(f"{base}/c/mechelen/conversations/new/?organisation={organisation.public_code}")
    expect(page.get_by_role("heading", name="Een gesprek invoeren")).to_be_visible()
    page.get_by_label("Gesproken met").select_option(label="Marie Peeters")
    page.get_by_label("Waar loop je tegen aan?").fill(OPEN_ANSWER)
    page.get_by_label("Rood: in moeilijkheden").check()
    page.get_by_label("1 tot 3 maanden").check()
    page.get_by_label("RSZ (sociale zekerheid)").check()
    page.get_by_label("Ja", exact=True).check()
    assert_fits_a_phone(page)
    page.get_by_role("button", name="Gesprek bewaren").click()

    # 2. the suggestion, with its reasons
    expect(page.get_by_role("heading", name="Gesprek met Brasserie De Klok")).to_be_visible()
    reasons = page.get_by_test_id("triage-reasons")
    expect(reasons).to_contain_text("De beller schatte de zaak rood in")
    expect(reasons).to_contain_text("De kaspositie volstaat minder dan 3 maanden")
    expect(reasons).to_contain_text("Achterstallen bij sociale zekerheid (RSZ)")
    expect(page.get_by_test_id("themes")).to_contain_text("Liquiditeit")
    assert_fits_a_phone(page)
    page.screenshot(path=str(tmp_path / "conversation.png"), full_page=True)
    conversation_url = page.url

    # 3. read the consent text and refer to Dyzo
    page.get_by_test_id("refer-partner").click()
    expect(page.get_by_test_id("consent-text")).to_contain_text("Dyzo vzw is een onafhankelijke")
    page.get_by_label("toestemming gegeven").check()
    summary = page.get_by_label("Waarom verwijs je door? (samenvatting van het probleem)")
    expect(summary).to_be_empty()  # for a partner nothing is filled in from the triage rules
    summary.fill("Achterstand bij de RSZ; zoekt begeleiding op langere termijn.")
    assert_fits_a_phone(page)
    page.get_by_test_id("refer-submit").click()
    expect(page.get_by_test_id("referrals")).to_contain_text("verstuurd")
    referral = Referral.objects.get()
    log_out(page)

    # 4. dyzo sees exactly that referral, and nothing else of the chapter
    log_in(page, base, "dyzo")
    nav = page.get_by_role("navigation", name="Navigatie in de afdeling")
    expect(nav.get_by_role("link")).to_have_text(["Overzicht", "Doorverwijzingen voor jou"])
    page.goto(f"{base}/c/mechelen/partner/referrals/")
    expect(page.get_by_test_id("inbox-row")).to_have_count(1)
    page.get_by_test_id("inbox-row").get_by_role("link").click()
    expect(page.get_by_test_id("shared")).to_contain_text("Brasserie De Klok")
    expect(page.get_by_test_id("shared")).to_contain_text("marie@example.org")
    expect(page.locator("main")).not_to_contain_text(OPEN_ANSWER)
    expect(page.locator("main")).not_to_contain_text("rood")
    assert_fits_a_phone(page)
    for forbidden in (conversation_url, f"{base}/c/mechelen/referrals/{referral.public_code}/"):
        assert page.request.get(forbidden).status == 403
    assert page.request.get(f"{base}/c/lier/partner/referrals/").status == 404

    # 5. dyzo accepts and closes with feedback
    page.get_by_test_id("accept").click()
    expect(page.get_by_test_id("status")).to_have_text("aanvaard")
    page.get_by_label("Resultaat").select_option("helped")
    page.get_by_label("Terugkoppeling voor wie doorverwees").fill(FEEDBACK)
    page.get_by_test_id("close").click()
    expect(page.get_by_test_id("status")).to_have_text("afgesloten")
    partner_url = page.url
    log_out(page)

    # 6. caller1 sees the feedback
    log_in(page, base, "caller1.mechelen")
    page.goto(conversation_url)
    expect(page.get_by_test_id("feedback")).to_contain_text(FEEDBACK)
    page.get_by_test_id("referrals").get_by_role("link", name=re.compile("Dyzo")).click()
    expect(page.get_by_test_id("feedback")).to_contain_text("Je contact werd geholpen")

    # 7. the entrepreneur withdraws consent; dyzo's next request is a 404
    page.get_by_text("De ondernemer trekt de toestemming in").click()
    page.get_by_label("Hoe trok de ondernemer de toestemming in?").select_option("phone")
    page.get_by_label(re.compile("De ondernemer trekt deze toestemming in")).check()
    page.get_by_test_id("withdraw").click()
    expect(page.get_by_test_id("consent-state")).to_have_text("ingetrokken")
    log_out(page)

    log_in(page, base, "dyzo")
    response = page.goto(partner_url)
    assert response is not None and response.status == 404
    page.goto(f"{base}/c/mechelen/partner/referrals/")
    expect(page.get_by_test_id("inbox-row")).to_have_count(0)
