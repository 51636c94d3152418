"""Issue 4's journey on a phone: claim, no answer, next, conversation, draft survives a closed
tab, call-back; the coordinator's progress page follows the counts live (real Chromium)."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from belronde.accounts.demo import load as load_demo_users
from belronde.accounts.models import Chapter, User
from belronde.campaigns import actions
from belronde.campaigns.models import Campaign
from belronde.campaigns.tests.fixtures import ALWAYS, make_org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CALL_PAGE = re.compile(r"/calls/[0-9A-Z]+/$")  # a contact's call screen


def login(page: Page, base: str, username: str) -> None:
    page.goto(base + "/account/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill("demo")
    page.get_by_role("button", name="Aanmelden").click()


@pytest.fixture
def campaign(settings):
    settings.DEBUG = True
    load_demo_users(seed=1)
    mechelen = Chapter.objects.get(slug="mechelen")
    coordinator = User.objects.get(username="coordinator.mechelen")
    caller = User.objects.get(username="caller1.mechelen")
    for i, name in enumerate(
        ["Bakkerij Peeters", "Brasserie De Kraan", "Elektro Wouters", "Garage Smets"]
    ):
        make_org(mechelen, f"04031707{i:02d}", name, employees=8 + i)
    today = timezone.localdate()
    script = actions.create_script(actor=coordinator, chapter=mechelen, name="Script")
    c = actions.create_campaign(
        actor=coordinator,
        chapter=mechelen,
        script=script,
        name="Belronde najaar",
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=30),
        segment={"employees_min": 5},
        calling_hours=ALWAYS,
        everyone_once_first=True,
    )
    actions.set_callers(actor=coordinator, campaign=c, users=[caller])
    actions.set_campaign_status(actor=coordinator, campaign=c, status=Campaign.Status.RUNNING)
    return c


def test_a_caller_works_through_the_round_on_a_phone(
    live_server, page: Page, browser: Browser, campaign, tmp_path
):
    base = live_server.url
    # the coordinator watches progress on a laptop
    coordinator = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-BE")
    watch = coordinator.new_page()
    login(watch, base, "coordinator.mechelen")
    watch.goto(f"{base}/c/mechelen/campaigns/{campaign.public_code}/")
    expect(watch.get_by_test_id("count-open")).to_have_text("4")

    login(page, base, "caller1.mechelen")
    page.goto(base + "/c/mechelen/calls/")
    page.get_by_test_id("next-call").click()
    first = page.locator("h1").inner_text()
    expect(page.get_by_role("link", name="☎ 015 12 34 56")).to_be_visible()
    page.get_by_role("button", name="geen antwoord").click()
    expect(page.get_by_text(f"Bewaard: {first}, geen antwoord.")).to_be_visible()

    # next: reached, the conversation
    page.get_by_test_id("next-call").click()
    second = page.locator("h1").inner_text()
    assert second != first
    page.get_by_label("Hoe gaat het?").fill("Het gaat moeilijk sinds de tweede lockdown.")
    page.get_by_label("Waar loop je tegen aan?").fill(
        "Achterstal bij de RSZ en de huur loopt door."
    )
    page.get_by_label("Oranje: zorgen").check()
    page.get_by_label("RSZ (sociale zekerheid)").check()
    page.screenshot(path=str(tmp_path / "conversation.png"), full_page=True)
    page.get_by_role("button", name="Gesprek bewaren").click()
    expect(page.get_by_text("Gesprek bewaard. Bedankt!")).to_be_visible()

    # a third call: the tab is closed halfway, the draft survives
    page.goto(base + "/c/mechelen/calls/")
    page.get_by_test_id("next-call").click()
    third_url = page.url
    page.wait_for_url(CALL_PAGE)  # loaded: HTMX has bound the autosave
    page.get_by_label("Hoe gaat het?").fill("Half verteld verhaal over de leveranciers")
    expect(page.locator("#draft-status")).to_contain_text("Klad bewaard", timeout=10_000)
    page.close()

    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="nl-BE", is_mobile=True, has_touch=True
    )
    again = phone.new_page()
    login(again, base, "caller1.mechelen")
    again.goto(third_url)
    expect(again.get_by_label("Hoe gaat het?")).to_have_value(
        "Half verteld verhaal over de leveranciers"
    )
    expect(again.locator("#draft-status")).to_contain_text("Klad teruggezet")

    # schedule a call-back for later today
    again.get_by_text("Later terugbellen").first.click()
    when = timezone.localtime() + dt.timedelta(hours=2)
    again.get_by_label("Terugbellen op").fill(when.strftime("%Y-%m-%dT%H:%M"))
    third = again.locator("h1").inner_text()
    again.get_by_role("button", name="Terugbellen inplannen").click()
    expect(again.get_by_text(f"Bewaard: {third}, later terugbellen.")).to_be_visible()
    expect(again.locator("#callbacks")).to_contain_text(third)
    width = again.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"my calls scrolls sideways on a phone ({width}px)"
    again.screenshot(path=str(tmp_path / "my-calls.png"), full_page=True)

    # the coordinator's page follows by itself (HTMX polling every 10 s)
    expect(watch.get_by_test_id("count-done")).to_have_text("1", timeout=15_000)
    expect(watch.get_by_test_id("count-claimed")).to_have_text("1")
    expect(watch.get_by_test_id("count-open")).to_have_text("2")

    # the calls per day: a chart named by its title, its numbers in a table behind a toggle
    # that stays open when the page refreshes itself
    expect(watch.get_by_role("img", name="Oproepen per dag")).to_be_visible()
    watch.get_by_text("Toon de cijfers als tabel").click()
    table = watch.get_by_role("table", name="Oproepen per dag")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(14)
    watch.evaluate(
        """() => new Promise((resolve) => {
          document.addEventListener("htmx:afterSettle", () => resolve(true), {once: true});
          htmx.ajax("GET", location.pathname + "progress/", {target: "#progress"});
        })"""
    )
    expect(table).to_be_visible()
    phone.close()
    coordinator.close()


DRAFT_COPIES = (
    "Object.keys(window.localStorage).filter((k) => k.startsWith('belronde-draft-')).length"
)


def test_the_browser_keeps_a_draft_only_until_the_server_has_it_SEC_DP_02(
    live_server, page: Page, campaign
):
    """The copy in the phone's storage bridges a dropped connection, nothing more: gone once the
    autosave lands, kept while it cannot, and removed at logout."""
    base = live_server.url
    login(page, base, "caller1.mechelen")
    page.goto(base + "/c/mechelen/calls/")
    page.get_by_test_id("next-call").click()
    page.wait_for_url(CALL_PAGE)  # loaded: HTMX has bound the autosave
    question = page.get_by_label("Hoe gaat het?")
    question.fill("Omzet halveerde sinds maart")
    expect(page.locator("#draft-status")).to_contain_text("Klad bewaard", timeout=10_000)
    page.wait_for_function(f"{DRAFT_COPIES} === 0", timeout=5_000)

    # the connection drops: the autosave cannot reach the server, the copy stays
    page.route("**/draft/", lambda route: route.abort())
    question.fill("Omzet halveerde sinds maart; de bank belt elke week")
    page.wait_for_timeout(2_500)  # past the autosave's 1.5 s delay
    assert page.evaluate(DRAFT_COPIES) == 1

    # logging out (on a shared phone) removes it
    page.unroute("**/draft/")
    page.get_by_label("Menu").click()
    page.get_by_test_id("logout").click()
    page.wait_for_url("**/account/login/**")
    assert page.evaluate(DRAFT_COPIES) == 0
