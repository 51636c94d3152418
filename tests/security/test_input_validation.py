"""Hostile input at work (RELIABILITY.md SEC-VAL-02, -05, -06, -07, -09): what it must not do."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.db.models import Q

from belronde.accounts.actions import create_api_token
from belronde.campaigns import actions as campaign_actions
from belronde.campaigns.models import Assignment
from belronde.campaigns.tests.fixtures import make_campaign, make_org
from belronde.lib.mail import Recipient, send_localised
from belronde.members.models import Organisation, Person
from belronde.testing import Personas

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
SQLI = "' OR 1=1 --"


@pytest.fixture
def world(db):
    Personas.create_personas()
    campaign = make_campaign(Personas, orgs=2)
    hostile = make_org(Personas.mechelen, "0403170790", SCRIPT)
    Person.objects.filter(organisation=hostile).update(name=IMG, role=SCRIPT)
    assignment = Assignment.objects.create(
        chapter=Personas.mechelen, campaign=campaign, organisation=hostile, caller=Personas.caller
    )
    campaign_actions.claim_assignment(actor=Personas.caller, assignment=assignment)
    return SimpleNamespace(campaign=campaign, org=hostile, assignment=assignment)


def assert_escaped(html: str, where: str) -> None:
    assert SCRIPT not in html, f"{where}: a script tag from the data reached the page"
    assert "<img src=x" not in html, f"{where}: an img tag from the data reached the page"


def test_sec_val_05_hostile_names_are_escaped_on_every_page_that_lists_them(world, client):
    c = "/c/mechelen"
    pages = {
        Personas.coordinator: [
            f"{c}/members/",
            f"{c}/members/?q=script",
            f"{c}/members/{world.org.public_code}/",
            f"{c}/campaigns/{world.campaign.public_code}/",
            f"{c}/campaigns/{world.campaign.public_code}/distribution/",
        ],
        Personas.caller: [f"{c}/calls/", f"{c}/calls/{world.assignment.public_code}/"],
    }
    seen_escaped = 0
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert_escaped(html, url)
            seen_escaped += "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert seen_escaped >= 5  # the names are really on those pages, escaped


def test_sec_val_06_sql_in_a_search_finds_nothing_extra(world, client):
    client.force_login(Personas.coordinator)
    response = client.get("/c/mechelen/members/", {"q": SQLI})
    assert response.status_code == 200
    for org in Organisation.objects.filter(chapter=Personas.mechelen):
        assert org.public_code not in response.content.decode()
    _token, key = create_api_token(actor=Personas.coordinator, name="t")
    api = client.get(
        "/api/v1/chapters/mechelen/organisations",
        {"q": SQLI},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert api.status_code == 200 and api.json()["count"] == 0
    assert Organisation.objects.filter(chapter=Personas.mechelen).count() == 3


def test_sec_val_07_a_line_break_in_a_name_never_becomes_a_mail_header(db, smtp_server):
    service = SimpleNamespace(name="Coaching\r\nBcc: iedereen@example.org\r\nX-Evil: 1")
    referral = SimpleNamespace(urgency="urgent", service=service)
    sent = send_localised(
        Recipient("coach@example.org", "nl", "Cora\r\nCc: x@example.org"),
        "referrals/email/new_referral",
        {"referral": referral, "url": "https://belronde.example.org/x", "chapter": "Mechelen"},
    )
    assert sent
    (message,) = smtp_server.wait_for(1)
    subject = re.sub(r"\r?\n[ \t]+", " ", message["Subject"])  # unfold a long header
    assert subject.startswith("Dringend:")
    assert "Coaching Bcc: iedereen@example.org X-Evil: 1" in subject  # text, not headers
    assert message["Bcc"] is None and message["X-Evil"] is None and message["Cc"] is None
    assert message["X-RcptTo"] == "coach@example.org"


def test_sec_val_09_a_repeated_parameter_is_read_one_way_and_grants_nothing(world, client):
    Organisation.objects.filter(pk=world.org.pk).update(do_not_call=True, do_not_call_reason="x")
    client.force_login(Personas.coordinator)

    def listed(query: str) -> set[str]:
        html = client.get(f"/c/mechelen/members/?{query}").content.decode()
        return set(re.findall(r"/c/mechelen/members/([A-Z0-9]{10})/", html))

    only_blocked, everyone = listed("status=do-not-call"), listed("status=all")
    assert only_blocked < everyone  # the two filters differ, so the test can tell them apart
    assert listed("status=do-not-call&status=all") == everyone  # the last value counts
    assert listed("status=all&status=do-not-call") == only_blocked
    # A caller repeating the chapter or a role in a form does not become anyone else.
    client.force_login(Personas.caller)
    response = client.post(
        f"/c/mechelen/calls/{world.assignment.public_code}/release/",
        {"chapter": ["lier", "mechelen"], "role": ["coordinator", "caller"]},
    )
    assert response.status_code in {200, 302}
    assert client.get("/c/lier/members/").status_code == 404
    assert client.get("/c/mechelen/members/new/").status_code == 403


def test_sec_val_02_a_postal_code_and_a_municipality_must_agree(world, client):
    client.force_login(Personas.coordinator)
    response = client.post(
        "/c/mechelen/members/new/",
        {
            "enterprise_number": "0403.170.701",
            "name": "Nieuw BV",
            "membership_status": "member",
            "postal_code": "2800",
            "municipality": "Lier",
        },
    )
    assert response.status_code in {200, 400}
    assert "municipality" in response.context["form"].errors
    assert not Organisation.objects.filter(name="Nieuw BV").exists()


def test_sec_val_02_a_campaign_cannot_end_before_it_starts(world, client):
    client.force_login(Personas.coordinator)
    response = client.post(
        "/c/mechelen/campaigns/new/",
        {
            "name": "Achterstevoren",
            "starts_on": "2021-03-31",
            "ends_on": "2021-03-01",
            "script": world.campaign.script.pk,
            "max_attempts": 3,
            "min_hours_between_attempts": 4,
            "max_open_claims": 3,
            "claim_expiry_minutes": 120,
        },
    )
    assert response.status_code in {200, 400}
    assert "ends_on" in response.context["form"].errors
    assert not world.campaign.__class__.objects.filter(name="Achterstevoren").exists()


def test_out_of_range_ids_in_a_multiple_choice_are_an_invalid_choice(world, client):
    """SQLite binds at most 64 bits: an id of 10**26 in a multiple-choice field used to be a
    server error there (belronde.lib.lookups); now it is a form error, on both databases."""
    client.force_login(Personas.coordinator)
    response = client.post(
        "/c/mechelen/campaigns/new/",
        {"name": "X", "callers": ["99999999999999999999999999"], "script": "1" + "0" * 30},
    )
    assert response.status_code in {200, 400}
    errors = response.context["form"].errors
    assert "callers" in errors and "script" in errors
    assert not Organisation.objects.filter(Q(pk__in=[10**26, -(10**26)])).exists()


def test_a_nul_character_is_refused_at_the_door_in_the_users_language(world, client):
    """PostgreSQL refuses U+0000 in text: a filter holding one was a server error there."""
    client.force_login(Personas.coordinator)
    for response in (
        client.get("/c/mechelen/conversations/", {"q": "\x00"}),
        client.get("/c/mechelen/members/?q=ab%00cd"),
        client.post("/c/mechelen/knowledge/questions/new/", {"text": "Vraag\x00", "theme": ""}),
    ):
        assert response.status_code == 400
        assert "NUL-teken" in response.content.decode()
    _token, key = create_api_token(actor=Personas.coordinator, name="t")
    api = client.get(
        "/api/v1/chapters/mechelen/organisations?q=%00",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert api.status_code == 400 and api.json()["code"] == "nul_character"
    assert client.get("/c/mechelen/members/", {"q": "100%00"}).status_code == 200
