"""SEC-VAL-01 of RELIABILITY.md: every form of every page, fed random and hostile text.

The forms are found, not listed: for each web page of the permission matrix (tests/permission_
matrix.py), a persona allowed to see it opens it, and every ``<form>`` in the HTML is read back
(its action, method and fields with their current values). Hypothesis then submits each form
FORM_FUZZ_EXAMPLES times (default 10; RELIABILITY.md asks 200, e.g. ``FORM_FUZZ_EXAMPLES=200
make test``), each field either left as the page filled it or replaced by random text or one
of the hostile payloads below (script, SQL and formula injection, NUL, control and RTL
characters, emoji, header injection, very long strings, wrong numbers and dates).

Pass: never a server error. Each example runs in a savepoint that is rolled back, so examples
do not see each other's writes. A new page or form is covered without touching this file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, seed
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from belronde.testing import Personas
from tests.permission_matrix import CHAPTER, PERSONA_ROLE, PUBLIC, ROWS, Row
from tests.test_permission_matrix import url_for

EXAMPLES = int(os.environ.get("FORM_FUZZ_EXAMPLES", "10"))

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "'; DROP TABLE members_organisation; --",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://x","klik")',
    "+SUM(1)",
    "@SUM(A1)",
    "\x00",
    "nul\x00in het midden",
    "\u202eevil\u202c",
    "Gérard Çelik Nuñez 🧁",
    "Naam\r\nBcc: iedereen@example.org",
    "\t\n\r ",
    "x" * 5000,
    "-1",
    "0",
    "99999999999999999999999999",
    "1e308",
    "NaN",
    "-1.234,56",
    "2021-02-30",
    "31/12/2021",
    "0000-00-00",
    "../../etc/passwd",
    "%00",
    "{{ 7*7 }}",
    "${7*7}",
    "0403.170.701",
    "+32 471 23 45 67",
    "",
]

#: forms rendered on every page (navigation): fuzzed once, on the profile page
LAYOUT_FORMS = {"accounts:logout", "accounts:set_language"}

#: fields the browser fills, not the user
SKIPPED_FIELDS = {"csrfmiddlewaretoken"}


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    multipart: bool = False

    def key(self) -> tuple[str, str, tuple[str, ...]]:
        return (self.action, self.method, tuple(sorted(self.fields)))


class FormReader(HTMLParser):
    """The forms of a page, with each field's current value(s) as a browser would submit them."""

    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: str | None = None
        self._selected = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = a.get("action") or self.page_url
            self._form = Form(
                action=urljoin(self.page_url, action),
                method=(a.get("method") or "get").lower(),
                multipart="multipart" in a.get("enctype", ""),
            )
            self.forms.append(self._form)
            return
        form = self._form
        if form is None or (not a.get("name") and tag != "option"):
            return
        name = a.get("name", "")
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset"} or name in SKIPPED_FIELDS:
                form.fields.setdefault(name, []) if kind == "submit" else None
                return
            if kind == "file":
                return
            values = form.fields.setdefault(name, [])
            if kind in {"checkbox", "radio"}:
                if "checked" in a or (kind == "radio" and not values):
                    values.append(a.get("value") or "on")
            else:
                values.append(a.get("value", ""))
        elif tag == "textarea":
            self._textarea = name
            form.fields.setdefault(name, []).append("")
        elif tag == "select":
            self._select = name
            self._first_option = None
            self._selected = False
            form.fields.setdefault(name, [])
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                form.fields[self._select].append(value)
                self._selected = True

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea is not None:
            self._form.fields[self._textarea][-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._form is not None and self._select is not None:
            if not self._selected and self._first_option is not None:
                self._form.fields[self._select].append(self._first_option)
            self._select = None


def persona_for(row: Row) -> str | None:
    """The persona who may open the page (the one with the most rights first)."""
    if row.scope != CHAPTER:
        return "coordinator"
    for persona in ("coordinator", "coach", "caller", "partner", "funder", "regional"):
        if PERSONA_ROLE[persona] in row.roles and persona not in row.overrides:
            return persona
    return None


PAGES = [row for row in ROWS if not row.api and row.method == "GET" and row.scope != PUBLIC]


def page_id(row: Row) -> str:
    return row.name


@pytest.mark.django_db
@pytest.mark.parametrize("row", PAGES, ids=page_id)
def test_sec_val_01_no_form_answers_random_or_hostile_input_with_a_server_error(
    row: Row, client, settings
) -> None:
    settings.AXES_ENABLED = False
    Personas.create_personas()
    persona = persona_for(row)
    assert persona is not None, f"nobody may open {row.name}"
    user = Personas.persona(persona)
    kwargs = row.kwargs(Personas) if callable(row.kwargs) else row.kwargs
    page = url_for(row, kwargs)
    client.force_login(user)
    response = client.get(page)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return  # a download, a redirect or JSON: no forms to fill
    reader = FormReader(page)
    reader.feed(response.content.decode())
    layout = {reverse(name) for name in LAYOUT_FORMS}
    forms = {
        f.key(): f
        for f in reader.forms
        if (row.name == "accounts:profile" or urlsplit(f.action).path not in layout) and f.fields
    }
    for form in forms.values():
        fuzz_form(client, user, form)


def submit(client, user, form: Form, data: dict[str, list[str]]) -> None:
    """Send ``data`` as ``form`` would, in a savepoint that is rolled back; no server error."""
    session = client.cookies.get(django_settings.SESSION_COOKIE_NAME)
    if session is None or not session.value:
        client.force_login(user)  # a logout form was submitted: sign in again
    with transaction.atomic():
        send = client.post if form.method == "post" else client.get
        try:
            response = send(form.action, data)
        except Exception as exc:
            raise AssertionError(
                f"{form.method.upper()} {form.action} raised {exc!r} for {data!r}"
            ) from exc
        finally:
            transaction.set_rollback(True)
    assert response.status_code < 500, (
        f"{form.method.upper()} {form.action} answered {response.status_code} to {data!r}"
    )


#: the payloads that also go into each field alone, the rest of the form left valid
DEEP = [
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "=cmd|' /C calc'!A0",
    "nul\x00in het midden \u202e🧁",
    "x" * 5000,
    "99999999999999999999999999",
]


def field_groups(names: list[str]) -> list[str]:
    """One field per shape: ``items-0-label`` stands for ``items-7-label`` in a formset."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(re.sub(r"\d+", "N", name), name)
    return list(seen.values())


def fuzz_form(client, user, form: Form) -> None:
    names = sorted(form.fields)
    defaults = {n: v for n, v in form.fields.items() if v}
    # Every payload in every field at once (each field's own validation sees it) ...
    for payload in PAYLOADS:
        submit(client, user, form, {n: [payload] for n in names})
    # ... and in one field at a time, the others as the page filled them, so the payload also
    # reaches the code that runs once the rest of the form is valid.
    for name in field_groups(names):
        for payload in DEEP:
            submit(client, user, form, {**defaults, name: [payload]})

    @seed(20211201)
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.fixed_dictionaries({n: st.one_of(st.none(), st.text(max_size=300)) for n in names}))
    def random_text(choice: dict[str, str | None]) -> None:
        data = {
            n: (form.fields[n] if value is None else [value])
            for n, value in choice.items()
            if value is not None or form.fields[n]
        }
        submit(client, user, form, data)

    random_text()
