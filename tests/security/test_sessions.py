"""Session management of RELIABILITY.md section 1.2 (ASVS V3 / V7): SEC-SESS-01, 02, 03, 05,
06 and 07 (partly), and SEC-DP-01 (no caching of signed-in pages).

SEC-SESS-04 (cookie attributes) needs production settings: see test_production_http.py.
"""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from belronde.accounts.actions import create_api_token
from belronde.accounts.middleware import AUTH_AT, SEEN_AT
from belronde.accounts.models import ApiToken
from belronde.testing import PASSWORD, Personas

pytestmark = pytest.mark.django_db

LOGIN_NAME = "accounts:login"
LOGIN = reverse(LOGIN_NAME)
HOME = reverse("accounts:chapter_home", args=["mechelen"])


@pytest.fixture
def cast() -> type[Personas]:
    Personas.create_personas()
    return Personas


def session_key(client: Client) -> str | None:
    morsel = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return morsel.value if morsel else None


def signed_in_client(username: str = "bob.caller") -> Client:
    client = Client()
    response = client.post(LOGIN, {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def age_session(client: Client, **seconds_ago: float) -> None:
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[{"auth": AUTH_AT, "seen": SEEN_AT}[key]] = now - ago
    session.save()


# SEC-SESS-01 ------------------------------------------------------------------------------------


def test_sec_sess_01_logging_in_gives_a_new_session_id(client, cast):
    session = client.session
    session["before"] = "login"
    session.save()
    before = session_key(client)
    assert before
    response = client.post(LOGIN, {"username": "bob.caller", "password": PASSWORD})
    assert response.status_code == 302
    after = session_key(client)
    assert after and after != before
    assert not Session.objects.filter(session_key=before).exists()


# SEC-SESS-02 ------------------------------------------------------------------------------------


def test_sec_sess_02_a_session_cookie_replayed_after_logout_is_worthless(cast):
    client = signed_in_client()
    stolen = session_key(client)
    assert stolen is not None
    assert client.get(HOME).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not Session.objects.filter(session_key=stolen).exists()
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = stolen
    response = replay.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


# SEC-SESS-03 ------------------------------------------------------------------------------------


def test_sec_sess_03_thirty_one_idle_minutes_end_the_session(cast):
    assert settings.SESSION_IDLE_SECONDS == 30 * 60
    client = signed_in_client()
    age_session(client, seen=31 * 60)
    response = client.get(HOME)
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "Je sessie is verlopen" in page.content.decode()


def test_sec_sess_03_activity_keeps_the_session_alive_within_the_idle_limit(cast):
    client = signed_in_client()
    age_session(client, seen=29 * 60)
    assert client.get(HOME).status_code == 200
    assert time.time() - client.session[SEEN_AT] < 5, "the request refreshes the idle clock"
    age_session(client, seen=29 * 60)
    assert client.get(HOME).status_code == 200


def test_sec_sess_03_twelve_hours_after_login_the_session_ends_despite_activity(cast):
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60
    client = signed_in_client()
    age_session(client, auth=12 * 60 * 60 + 60, seen=10)
    response = client.get(HOME)
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    age_session_fresh = signed_in_client()
    age_session(age_session_fresh, auth=11 * 60 * 60, seen=10)
    assert age_session_fresh.get(HOME).status_code == 200


def test_sec_sess_03_an_expired_htmx_request_is_sent_to_the_login_page(cast):
    client = signed_in_client()
    age_session(client, seen=31 * 60)
    response = client.get(HOME, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse(LOGIN_NAME)


def test_sec_sess_03_logging_in_again_restarts_the_clocks(cast):
    client = signed_in_client()
    age_session(client, auth=11 * 60 * 60, seen=20 * 60)
    client.force_login(cast.caller)  # login() on the same session keeps its data
    assert time.time() - client.session[AUTH_AT] < 5
    assert time.time() - client.session[SEEN_AT] < 5


# SEC-SESS-05 ------------------------------------------------------------------------------------


def test_sec_sess_05_creating_an_api_token_needs_the_password_again(cast):
    client = signed_in_client()
    url = reverse("accounts:token_create")
    response = client.post(url, {"name": "stolen session"})
    assert response.status_code == 400
    response = client.post(url, {"name": "stolen session", "current_password": "guess"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()
    response = client.post(url, {"name": "mine", "current_password": PASSWORD})
    assert response.status_code == 200 and ApiToken.objects.count() == 1


def test_sec_sess_05_changing_the_email_address_needs_the_password_again(cast):
    client = signed_in_client()
    data = {"first_name": "", "last_name": "", "email": "attacker@example.net", "language": "nl"}
    response = client.post(reverse("accounts:profile"), data)
    assert response.status_code == 200
    cast.caller.refresh_from_db()
    assert cast.caller.email == "bob.caller@example.org"


def test_sec_sess_05_guessing_the_password_there_is_throttled_too(cast):
    client = signed_in_client()
    url = reverse("accounts:token_create")
    statuses = [
        client.post(url, {"name": "x", "current_password": f"guess {n}"}).status_code
        for n in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[-1] == 429, statuses
    response = client.post(url, {"name": "x", "current_password": PASSWORD})
    assert response.status_code == 429
    assert not ApiToken.objects.exists()


# SEC-SESS-06 ------------------------------------------------------------------------------------


def test_sec_sess_06_deactivating_a_user_ends_their_session_and_tokens(cast):
    client = signed_in_client()
    _token, key = create_api_token(actor=cast.caller, name="script")
    api = Client(headers={"Authorization": f"Bearer {key}"})
    assert api.get("/api/v1/me").status_code == 200
    cast.caller.is_active = False
    cast.caller.save(update_fields=["is_active"])
    response = client.get(HOME)
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    assert api.get("/api/v1/me").status_code == 401


def test_sec_sess_06_losing_the_membership_takes_effect_on_the_next_request(cast):
    client = signed_in_client()
    assert client.get(HOME).status_code == 200
    cast.caller.memberships.update(is_active=False)
    assert client.get(HOME).status_code == 404


# SEC-SESS-07 (partly: no user administration screen yet) ----------------------------------------


def test_sec_sess_07_a_new_password_ends_every_other_session_of_that_user(cast):
    from tests.security.test_authentication import choose_password

    laptop, phone, other_user = (
        signed_in_client(),
        signed_in_client(),
        signed_in_client("carl.caller"),
    )
    response = choose_password(Client(), cast.caller, "Zeven zeehonden zwemmen traag")
    assert response.status_code == 302
    for stale in (laptop, phone):
        assert stale.get(HOME).status_code == 302
    assert other_user.get(HOME).status_code == 200


# SEC-DP-01 --------------------------------------------------------------------------------------


def test_sec_dp_01_signed_in_pages_and_api_answers_are_not_stored(cast):
    client = signed_in_client()
    for url in (HOME, reverse("accounts:profile"), reverse("audit:event_list", args=["mechelen"])):
        response = client.get(url)
        cache = response.get("Cache-Control", "")
        assert "no-store" in cache and "private" in cache, f"{url}: {cache!r}"
    _token, key = create_api_token(actor=cast.caller, name="script")
    response = Client().get("/api/v1/chapters", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
