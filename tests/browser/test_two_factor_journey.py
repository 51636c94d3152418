"""A coordinator on a phone, with two-factor authentication required: sent to the set-up after
the password, adds belronde to an 'app' from the key on the page, confirms, saves the recovery
codes, logs out and in again with a new code (real Chromium, 390 px wide)."""

import base64

import pytest
from django.core.management import call_command
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from belronde.accounts.models import User
from belronde.testing import next_totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_fits_a_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"


def test_a_coordinator_sets_up_two_factor_on_a_phone_and_logs_in_with_a_code(
    live_server, page: Page, settings, tmp_path
):
    settings.DEBUG = True
    settings.BELRONDE_MFA_REQUIRED = True
    call_command("demo", verbosity=0)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)

    page.goto(live_server.url + "/account/login/")
    page.get_by_label("Gebruikersnaam").fill("coordinator.mechelen")
    page.get_by_label("Wachtwoord").fill("demo")
    page.get_by_role("button", name="Aanmelden").click()

    expect(page.get_by_role("heading", name="Tweestapsverificatie instellen")).to_be_visible()
    qr = page.get_by_role("img", name="QR-code voor je authenticator-app")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box and 150 <= box["width"] <= 260, box
    assert_fits_a_phone(page)
    page.screenshot(path=str(tmp_path / "enrol.png"), full_page=True)

    typed = page.get_by_test_id("mfa-secret").inner_text().replace(" ", "")
    key = base64.b32decode(typed + "=" * (-len(typed) % 8))
    code = str(TOTP(key).token()).zfill(6)
    field = page.get_by_label("Code uit je authenticator-app")
    assert field.get_attribute("autocomplete") == "one-time-code"
    assert field.get_attribute("inputmode") == "numeric"
    field.fill(code)
    page.get_by_role("button", name="Bevestigen en inschakelen").click()

    expect(page.get_by_role("heading", name="Tweestapsverificatie staat aan")).to_be_visible()
    codes = page.get_by_test_id("recovery-codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    assert_fits_a_phone(page)
    page.screenshot(path=str(tmp_path / "recovery-codes.png"), full_page=True)
    page.get_by_role("link", name="Ik heb de codes bewaard: verder").click()
    expect(page.get_by_role("heading", name="Afdeling Mechelen")).to_be_visible()

    page.get_by_label("Menu").click()
    page.get_by_test_id("logout").click()
    page.get_by_label("Gebruikersnaam").fill("coordinator.mechelen")
    page.get_by_label("Wachtwoord").fill("demo")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", name="Geef je code in")).to_be_visible()
    assert_fits_a_phone(page)
    page.screenshot(path=str(tmp_path / "verify.png"), full_page=True)
    device = User.objects.get(username="coordinator.mechelen").totpdevice_set.get()
    page.get_by_label("Code uit je authenticator-app").fill(next_totp_code(device))
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", name="Afdeling Mechelen")).to_be_visible()
    assert not problems, problems
