"""Every web page of the permission matrix, as the roles that may open it see it, on a Dutch phone
(390 px, touch) and a Dutch laptop (1366 px), in real Chromium (issue 12):

- the page does not scroll sideways at 390 px, and an open menu or chapter switcher stays on
  screen;
- axe-core (vendored in ``tests/browser/assets``) finds no serious or critical violation, with
  the WCAG 2.2 ``target-size`` rule on;
- every tap target is at least 24 x 24 CSS px at 390 px, or falls under WCAG 2.2's exceptions
  (a link inside a sentence, or enough space around it);
- no English sentence of the nl catalogues is shown on the Dutch page.

The rows, their objects and who may open them come from the permission matrix
(``tests/permission_matrix.py``, ``belronde/*/tests/matrix.py``); a row is swept for the roles
that get it as a 200 HTML page (exports, calendars and JSON are left out). Collapsed
``<details>`` (a chart's table, a call-back form) are opened first, so that what they hide is
checked too.

CI sweeps every row once per width with one role that can open it. ``BELRONDE_EVERY_ROLE=1``
(``make test-pages``) sweeps every row for every role. The suite on PostgreSQL skips the sweep
(it checks nothing that depends on the database); ``make test-pages`` runs it on either.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import polib
import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page

from belronde.accounts.models import Membership
from belronde.testing import Personas
from tests.permission_matrix import ROWS, Row
from tests.test_permission_matrix import expected, url_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EVERY_ROLE = os.environ.get("BELRONDE_EVERY_ROLE", "").lower() in {"1", "true", "yes"}
ASSETS = Path(__file__).parent / "assets"
ROOT = Path(__file__).resolve().parents[2]
PHONE, LAPTOP = 390, 1366
#: Signed-in personas, in the order CI picks the one that sweeps a row: the volunteer first.
SIGNED_IN_PERSONAS = ["caller", "coordinator", "coach", "partner", "funder", "regional", "nobody"]
#: English msgids that may stand on a Dutch page (names, or words Dutch uses as they are).
ALLOWED_ENGLISH = {"Authenticator app", "Recovery codes"}
#: English on a Dutch page that is known and handed to whoever fixes the wording (issue 12's
#: "words"), per page: left out of the check until fixed (then remove the entry).
KNOWN_ENGLISH: dict[str, set[str]] = {}  # url name -> English phrases still to translate


def _web_rows() -> list[tuple[str, Row]]:
    rows, seen = [], dict[str, int]()
    for row in ROWS:
        if row.api or row.method != "GET":
            continue
        seen[row.name] = seen.get(row.name, 0) + 1
        label = row.name if seen[row.name] == 1 else f"{row.name}#{seen[row.name]}"
        rows.append((label, row))
    return rows


def candidates(row: Row) -> list[str]:
    """The personas the matrix lets open ``row``; anonymous last, for public pages."""
    found = [p for p in SIGNED_IN_PERSONAS if expected(row, p) == "allowed"]
    if expected(row, "anonymous") == "allowed":
        found.append("anonymous")
    return found


# The checks -------------------------------------------------------------------------------


@cache
def scripts() -> str:
    """axe-core and our checks (``window.axe``, ``window.belrondeChecks``), as one script to
    evaluate: the CSP would block them as added <script> elements."""
    axe = (ASSETS / "axe.min.js").read_text(encoding="utf-8")
    checks = (ASSETS / "page_checks.js").read_text(encoding="utf-8")
    return f"{axe}\n;\n{checks}"


@cache
def english_phrases() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The msgids of the nl catalogues that read differently in Dutch (or have no Dutch yet),
    of two words or more, as literal text: placeholders and markup cut them into pieces."""
    phrases: set[str] = set()
    for po_file in sorted(ROOT.glob("belronde/**/locale/nl/LC_MESSAGES/django.po")):
        for entry in polib.pofile(str(po_file)):
            if entry.obsolete:
                continue
            ids = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
            dutch = [entry.msgstr, *entry.msgstr_plural.values()]
            for msgid in ids:
                if msgid in dutch and "fuzzy" not in entry.flags:
                    continue
                text = re.sub(r"<[^>]+>", "\0", msgid)
                text = re.sub(r"%(\([^)]*\))?[-#0 +]*\d*(\.\d+)?[sdfir%]|\{[^}]*\}", "\0", text)
                for piece in text.split("\0"):
                    piece = " ".join(piece.split()).strip(" .,:;()-\u2013")
                    if len(piece.split()) >= 2 and piece not in ALLOWED_ENGLISH:
                        phrases.add(piece)
    phrases.update(DJANGO_DEFAULTS)
    return tuple(
        (p, re.compile(r"(?<![\w-])" + re.escape(p) + r"(?![\w-])")) for p in sorted(phrases)
    )


#: English defaults of Django's own that its Dutch catalogue may not translate yet
DJANGO_DEFAULTS = {"Select an option", "This field is required", "Enter a valid"}


# The sweep ----------------------------------------------------------------------------------


def open_page(context: BrowserContext, url: str) -> Page:
    page = context.new_page()
    page.goto(url, wait_until="load")
    if page.locator('[hx-trigger*="load"], [hx-trigger*="revealed"]').count():
        page.wait_for_load_state("networkidle")
    page.evaluate(scripts())
    # open what is folded away (a chart's table, a form behind a summary), not the menus
    page.evaluate(
        "document.querySelectorAll('details:not(.menu):not(.switcher)').forEach(d => d.open = true)"
    )
    # two frames: the toggle events, and what belronde.js does after them, have happened
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return page


def check_page(page: Page, width: int, label: str) -> Iterator[str]:
    info = page.evaluate("belrondeChecks.text()")
    if info["lang"] != "nl":
        yield f'the page is in "{info["lang"]}", not in Dutch'
    else:
        text = " ".join(info["text"].split())
        known = KNOWN_ENGLISH.get(label, set())
        for phrase, pattern in english_phrases():
            if phrase not in known and pattern.search(text):
                yield f'English text "{phrase}"'
    if width == PHONE:
        # against the phone's width: a page too wide makes the layout viewport grow with it
        overflow = page.evaluate("(w) => belrondeChecks.overflow(w)", width)
        if overflow:
            yield (
                f"scrolls sideways: the document is {overflow['width']} px wide; "
                f"{'; '.join(overflow['culprits']) or 'no single element found'}"
            )
        yield from (
            f"tap target: {problem}" for problem in page.evaluate("belrondeChecks.targets()")
        )
        yield from (
            f"off screen: {problem}"
            for problem in page.evaluate("(w) => belrondeChecks.popups(w)", width)
        )
    for v in page.evaluate("(t) => belrondeChecks.axe(t)", width == PHONE):
        yield f"axe {v['id']} ({v['impact']}: {v['help']}): " + " | ".join(v["nodes"])


def contexts(browser: Browser, base: str, cookie: str | None) -> Iterator[tuple[int, Any]]:
    phone = {"viewport": {"width": PHONE, "height": 844}, "is_mobile": True, "has_touch": True}
    laptop = {"viewport": {"width": LAPTOP, "height": 900}}
    for width, device in ((PHONE, phone), (LAPTOP, laptop)):
        context = browser.new_context(**device, locale="nl-BE", timezone_id="Europe/Brussels")
        if cookie:
            name = django_settings.SESSION_COOKIE_NAME
            context.add_cookies([{"name": name, "value": cookie, "url": base}])
        try:
            yield width, context
        finally:
            context.close()


def add_second_chapter() -> None:
    """The coordinator also coaches in Lier, so that the chapter switcher is on their pages."""
    Membership.objects.create(
        user=Personas.coordinator, role=Membership.Role.COACH, chapter=Personas.lier
    )


#: Pages not swept, and why.
NOT_SWEPT = {
    # django-ninja's Swagger UI, in English for developers (tests/browser/test_api_docs.py)
    "api-v1:openapi-view",
}


def claimed_call(kwargs: dict[str, Any]) -> None:
    """The call screen with the contact claimed by the caller: the conversation form shows."""
    from belronde.campaigns import actions
    from belronde.campaigns.models import Assignment

    assignment = Assignment.objects.get(public_code=kwargs["code"])
    actions.claim_assignment(actor=Personas.caller, assignment=assignment)


#: More than the matrix's object, where the page shows its main content only then.
PREPARE = {"campaigns:call": claimed_call}
WEB_ROWS = [(label, row) for label, row in _web_rows() if label not in NOT_SWEPT]


@pytest.mark.parametrize(("label", "row"), WEB_ROWS, ids=[label for label, _row in WEB_ROWS])
def test_every_page(label: str, row: Row, live_server, browser: Browser, settings) -> None:
    if connection.vendor == "postgresql" and not EVERY_ROLE:
        # what the sweep checks (layout, accessibility, language) does not depend on the
        # database; the SQLite run of the suite covers it, make test-pages runs it on either
        pytest.skip("the page sweep runs in the SQLite suite")
    settings.DEBUG = True
    settings.AXES_ENABLED = False
    Personas.create_personas()
    add_second_chapter()
    kwargs = row.kwargs(Personas) if callable(row.kwargs) else row.kwargs
    if label in PREPARE:
        PREPARE[label](kwargs)
    path = url_for(row, kwargs)
    swept: list[str] = []
    failures: list[str] = []
    for persona in candidates(row):
        user = Personas.persona(persona)
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        if b"<html" not in response.content[:500]:
            continue  # an HTMX fragment: swept inside the page it is part of
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value if user else None
        for width, context in contexts(browser, live_server.url, cookie):
            page = open_page(context, live_server.url + path)
            failures += [
                f"{label} ({path}) as {persona} at {width} px: {problem}"
                for problem in check_page(page, width, label)
            ]
        swept.append(persona)
        if not EVERY_ROLE:
            break
    if not swept:
        pytest.skip(f"{label} is no HTML page for any role ({path}): an export or a fragment")
    assert not failures, f"{len(failures)} problem(s):\n" + "\n".join(failures)
