"""The interactive API documentation works offline and within the Content-Security-Policy."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_from_our_own_files_without_csp_violations(live_server, page: Page):
    problems: list[str] = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    foreign: list[str] = []
    page.on(
        "request",
        lambda request: (
            foreign.append(request.url)
            if not request.url.startswith(live_server.url) and not request.url.startswith("data:")
            else None
        ),
    )
    page.goto(live_server.url + "/api/v1/docs")
    expect(page.get_by_role("heading", name="belronde API")).to_be_visible()
    expect(page.get_by_text("/api/v1/chapters/{slug}", exact=True)).to_be_visible()
    assert not foreign, f"the docs load from other hosts: {foreign}"
    assert not problems, f"errors in the browser (CSP?): {problems}"
