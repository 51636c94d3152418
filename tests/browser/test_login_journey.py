"""A caller logs in on a phone, sees Dutch, switches to English, logs out (real Chromium)."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_caller_logs_in_on_a_phone_switches_language_and_logs_out(
    live_server, page: Page, settings, tmp_path
):
    settings.DEBUG = True
    call_command("demo", verbosity=0)
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Aanmelden")).to_be_visible()
    page.get_by_label("Gebruikersnaam").fill("caller1.mechelen")
    page.get_by_label("Wachtwoord").fill("demo")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", name="Afdeling Mechelen")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    # the stylesheet is served and applied (the top bar has the brand colour)
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.topbar')).backgroundColor")
        == "rgb(11, 92, 74)"
    )
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    page.screenshot(path=str(tmp_path / "home-nl.png"), full_page=True)

    page.get_by_label("Menu").click()
    page.get_by_test_id("language-en").click()
    expect(page.get_by_role("heading", name="Chapter Mechelen")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_label("Menu").click()
    page.get_by_test_id("logout").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.goto(live_server.url + "/c/mechelen/")
    assert "/account/login/" in page.url
