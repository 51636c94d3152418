"""SEC-AUTH-01..08 of RELIABILITY.md (ASVS V2 / V6): passwords, throttling, hashing, reset
links, two-factor authentication (TOTP, required for privileged roles, codes usable once) and
default accounts.

Passwords are set through the real reset/set form (the only way users choose one) and then
used on the real login form.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

import belronde.settings as project_settings
from belronde.accounts import actions
from belronde.accounts.actions import TwoFactorError, verify_second_factor
from belronde.accounts.demo import USERS
from belronde.accounts.models import User
from belronde.testing import (
    PASSWORD,
    Personas,
    add_totp_device,
    next_totp_code,
    verify_session,
)

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


@pytest.fixture
def cast() -> type[Personas]:
    Personas.create_personas()
    return Personas


def reset_link(user: User, token: str | None = None) -> str:
    user = User.objects.get(pk=user.pk)  # the token depends on the stored last login
    return reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": token or default_token_generator.make_token(user),
        },
    )


def choose_password(client: Client, user: User, password: str):
    """Open a fresh reset link and submit ``password`` twice; returns the POST response."""
    form = client.get(reset_link(user), follow=True)
    assert form.status_code == 200 and form.context["validlink"], "the reset link should work"
    set_url = form.redirect_chain[-1][0]
    return client.post(set_url, {"new_password1": password, "new_password2": password})


def log_in(username: str, password: str, **extra) -> tuple[int, Client]:
    client = Client(**extra)
    response = client.post(LOGIN, {"username": username, "password": password})
    return response.status_code, client


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# SEC-AUTH-01 ------------------------------------------------------------------------------------

LONG_PHRASE = "Rode kool met appeltjes op zondag, 7 keer per jaar! "


@pytest.mark.parametrize(("length", "accepted"), [(11, False), (12, True), (64, True), (128, True)])
def test_sec_auth_01_password_length_12_minimum_and_long_ones_work(client, cast, length, accepted):
    password = (LONG_PHRASE * 3)[:length]
    assert len(password) == length
    response = choose_password(client, cast.caller, password)
    cast.caller.refresh_from_db()
    if not accepted:
        assert response.status_code == 200
        assert "new_password2" in response.context["form"].errors
        assert cast.caller.check_password(PASSWORD), "an 11-character password must not be set"
        return
    assert response.status_code == 302, response.context["form"].errors
    assert cast.caller.check_password(password)
    status, other = log_in(cast.caller.username, password)
    assert status == 302 and is_signed_in(other), f"a {length}-character password must log in"
    status, other = log_in(cast.caller.username, password[:-1])
    assert not is_signed_in(other), "the password must be compared in full, not truncated"


# SEC-AUTH-02 ------------------------------------------------------------------------------------

WEAK = [
    "password1234",  # top of every breach list
    "welkom123456",  # Dutch "welcome" + digits
    "azerty123456",  # Belgian keyboard row
    "Mechelen2020!",  # chapter + year
    "mechelen2021",
    "Belronde-Lier-2021",  # product + chapter + year
    "UNIZO mechelen 2020",
    "W3lk0m-M3ch3l3n",  # leetspeak does not help
    "123456789012",  # digits only
    "bob.caller2020!",  # the username
]


@pytest.mark.parametrize("password", WEAK)
def test_sec_auth_02_common_and_context_passwords_are_refused_by_the_form(client, cast, password):
    response = choose_password(client, cast.caller, password)
    assert response.status_code == 200, f"{password!r} was accepted"
    assert response.context["form"].errors.get("new_password2")
    cast.caller.refresh_from_db()
    assert cast.caller.check_password(PASSWORD)


@pytest.mark.parametrize(
    "password",
    ["mechelen is mooi in de zomer", "Zeven zeehonden zwemmen traag", "Lier: 3 torens, 2 fietsen"],
)
def test_sec_auth_02_a_phrase_of_ones_own_is_fine_even_with_a_context_word(cast, password):
    validate_password(password, user=cast.caller)


def test_sec_auth_02_the_cli_refuses_weak_passwords_too(cast, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("welkom123456\n"))
    with pytest.raises(CommandError, match="words anyone could guess"):
        call_command(
            "createuser", "new.coach", chapter="mechelen", role="coach", password_stdin=True
        )
    assert not User.objects.filter(username="new.coach").exists()


# SEC-AUTH-03 ------------------------------------------------------------------------------------


def fail(client: Client, username: str, times: int):
    """``times`` wrong passwords; every one before the limit is answered by the form (200)."""
    for attempt in range(1, times + 1):
        response = client.post(LOGIN, {"username": username, "password": "not-the-password"})
        if attempt < settings_limit():
            assert response.status_code == 200, f"attempt {attempt} refused too early"
    return response


def settings_limit() -> int:
    from django.conf import settings

    return int(settings.AXES_FAILURE_LIMIT)


def test_sec_auth_03_after_the_limit_even_the_right_password_is_refused(client, cast, settings):
    limit = settings.AXES_FAILURE_LIMIT
    fail(client, cast.caller.username, limit)
    response = client.post(LOGIN, {"username": cast.caller.username, "password": PASSWORD})
    assert response.status_code == 429
    assert not is_signed_in(client)


def test_sec_auth_03_it_throttles_rather_than_locks_for_good(client, cast, settings):
    fail(client, cast.caller.username, settings.AXES_FAILURE_LIMIT)
    assert client.post(LOGIN, {"username": "bob.caller", "password": PASSWORD}).status_code == 429
    cooloff = dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    assert dt.timedelta(minutes=5) <= cooloff <= dt.timedelta(hours=1)
    AccessAttempt.objects.update(attempt_time=timezone.now() - cooloff - dt.timedelta(seconds=5))
    response = client.post(LOGIN, {"username": "bob.caller", "password": PASSWORD})
    assert response.status_code == 302 and is_signed_in(client)


def test_sec_auth_03_a_lockout_from_one_address_does_not_lock_the_caller_out_elsewhere(
    cast, settings
):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    fail(attacker, cast.caller.username, settings.AXES_FAILURE_LIMIT)
    assert attacker.post(LOGIN, {"username": "bob.caller", "password": PASSWORD}).status_code == 429
    status, caller = log_in(cast.caller.username, PASSWORD, REMOTE_ADDR="198.51.100.20")
    assert status == 302 and is_signed_in(caller)


def test_sec_auth_03_unknown_and_known_users_get_the_same_answer(cast, settings):
    known, unknown = Client(), Client()
    a = fail(known, cast.caller.username, 1)
    b = fail(unknown, "no.such.user", 1)
    assert a.status_code == b.status_code == 200
    assert a.context["form"].non_field_errors() == b.context["form"].non_field_errors()
    assert a.context["form"].errors.keys() == b.context["form"].errors.keys()
    limit = settings.AXES_FAILURE_LIMIT
    fail(known, cast.caller.username, limit - 2)
    fail(unknown, "no.such.user", limit - 2)
    a = known.post(LOGIN, {"username": cast.caller.username, "password": "x"})
    b = unknown.post(LOGIN, {"username": "no.such.user", "password": "x"})
    assert a.status_code == b.status_code == 429
    assert page(a, cast.caller.username) == page(b, "no.such.user")


def page(response, username: str) -> str:
    """The body without what differs per request anyway (nonces, CSRF tokens) or per name."""
    body = response.content.decode().replace(username, "USERNAME")
    body = re.sub(r'nonce="[^"]+"', 'nonce=""', body)
    return re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"', r'\1""', body)


def test_sec_auth_03_one_address_spraying_many_usernames_is_paused(cast, settings):
    """The per-address bucket: one wrong password each on many usernames (no per-account
    lockout is reached) pauses logins from that address, even the right password of a real
    user; another address is not affected."""
    settings.BELRONDE_LOGIN_ADDRESS_FAILURE_LIMIT = 6
    sprayer = Client(REMOTE_ADDR="203.0.113.50")
    for n in range(6):
        response = sprayer.post(LOGIN, {"username": f"guess.{n}", "password": "Welkom2026!"})
        assert response.status_code == 200, f"try {n + 1} paused too early"
    status, client = log_in(cast.caller.username, PASSWORD, REMOTE_ADDR="203.0.113.50")
    assert status == 429 and not is_signed_in(client)
    response = client.post(LOGIN, {"username": cast.caller.username, "password": PASSWORD})
    assert "Te veel foute wachtwoorden vanaf je netwerk" in response.content.decode()
    status, elsewhere = log_in(cast.caller.username, PASSWORD, REMOTE_ADDR="198.51.100.21")
    assert status == 302 and is_signed_in(elsewhere)


def test_sec_auth_03_the_address_bucket_empties_after_the_cool_off_not_on_a_success(cast, settings):
    from axes.models import AccessFailureLog

    settings.BELRONDE_LOGIN_ADDRESS_FAILURE_LIMIT = 3
    address = {"REMOTE_ADDR": "203.0.113.51"}
    for n in range(2):
        log_in(f"guess.{n}", "Welkom2026!", **address)
    # a right guess in between does not reset the count for the address
    assert log_in(cast.caller.username, PASSWORD, **address)[0] == 302
    log_in("guess.9", "Welkom2026!", **address)
    assert log_in(cast.caller2.username, PASSWORD, **address)[0] == 429
    cooloff = dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    AccessFailureLog.objects.update(attempt_time=timezone.now() - cooloff - dt.timedelta(seconds=5))
    assert log_in(cast.caller2.username, PASSWORD, **address)[0] == 302


@pytest.mark.parametrize("proxies", [0, 1])
def test_sec_api_04_a_forged_x_forwarded_for_does_not_evade_the_throttle(cast, settings, proxies):
    """SEC-API-04: a new forged address per request must not reset the count. Without a trusted
    proxy the header is ignored; behind one, only the address that proxy appended counts."""
    settings.TRUSTED_PROXY_COUNT = proxies
    client = Client(REMOTE_ADDR="10.0.0.2")

    def forwarded(n: int) -> dict[str, str]:
        forged = f"192.0.2.{n + 1}"
        return {"X-Forwarded-For": forged if proxies == 0 else f"{forged}, 198.51.100.7"}

    limit = settings.AXES_FAILURE_LIMIT
    for n in range(limit - 1):
        response = client.post(
            LOGIN, {"username": "bob.caller", "password": "wrong"}, headers=forwarded(n)
        )
        assert response.status_code == 200
    client.post(LOGIN, {"username": "bob.caller", "password": "wrong"}, headers=forwarded(limit))
    response = client.post(
        LOGIN, {"username": "bob.caller", "password": PASSWORD}, headers=forwarded(limit + 1)
    )
    assert response.status_code == 429
    assert not is_signed_in(client)
    expected_ip = "10.0.0.2" if proxies == 0 else "198.51.100.7"
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {expected_ip}


# SEC-AUTH-04 ------------------------------------------------------------------------------------


def test_sec_auth_04_argon2_is_the_first_hasher_in_the_project_settings():
    assert project_settings.PASSWORD_HASHERS[0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )


def test_sec_auth_04_stored_passwords_are_argon2_never_plaintext(client, cast, settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    secret = "Zeven zeehonden zwemmen traag"
    user = actions.create_user(actor=None, username="hash.check", password=secret)
    assert user.password.startswith("argon2$argon2id$")
    assert secret not in user.password
    response = choose_password(client, cast.caller, secret)
    assert response.status_code == 302
    stored = User.objects.values_list("password", flat=True).get(pk=cast.caller.pk)
    assert stored.startswith("argon2$argon2id$") and secret not in stored


def test_sec_auth_04_an_older_hash_is_upgraded_to_argon2_at_login(cast, settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    with mock.patch.object(settings, "PASSWORD_HASHERS", project_settings.PASSWORD_HASHERS[1:]):
        cast.caller.set_password(PASSWORD)
        cast.caller.save(update_fields=["password"])
    assert cast.caller.password.startswith("pbkdf2_sha256$")
    status, _client = log_in(cast.caller.username, PASSWORD)
    assert status == 302
    cast.caller.refresh_from_db()
    assert cast.caller.password.startswith("argon2$")


# SEC-AUTH-05 ------------------------------------------------------------------------------------


def test_sec_auth_05_a_reset_link_works_once(client, cast):
    link = reset_link(cast.caller)
    form = client.get(link, follow=True)
    set_url = form.redirect_chain[-1][0]
    new = "Zeven zeehonden zwemmen traag"
    assert client.post(set_url, {"new_password1": new, "new_password2": new}).status_code == 302
    again = Client().get(link, follow=True)
    assert again.status_code == 200 and again.context["validlink"] is False
    assert "niet meer geldig" in again.content.decode()
    other = "Nog een heel ander wachtwoord"
    replay = client.post(set_url, {"new_password1": other, "new_password2": other})
    assert replay.status_code == 200 and replay.context["validlink"] is False
    cast.caller.refresh_from_db()
    assert cast.caller.check_password(new)


@pytest.mark.parametrize(("age_seconds", "valid"), [(-60, True), (1, False)])
def test_sec_auth_05_a_reset_link_expires(client, cast, settings, age_seconds, valid):
    """A link made PASSWORD_RESET_TIMEOUT + age_seconds ago (negative: just inside)."""
    made = dt.datetime.now() - dt.timedelta(  # the generator counts in naive local time
        seconds=settings.PASSWORD_RESET_TIMEOUT + age_seconds
    )
    with mock.patch.object(default_token_generator, "_now", return_value=made):
        token = default_token_generator.make_token(cast.caller)
    response = client.get(reset_link(cast.caller, token), follow=True)
    assert response.context["validlink"] is valid


def test_sec_auth_05_logging_in_after_asking_invalidates_the_link(client, cast):
    link = reset_link(cast.caller)
    status, _signed_in = log_in(cast.caller.username, PASSWORD)
    assert status == 302
    response = client.get(link, follow=True)
    assert response.context["validlink"] is False


def test_sec_auth_05_a_password_reset_does_not_skip_the_second_factor(client, cast):
    device = add_totp_device(cast.coordinator)
    new = "Zeven zeehonden zwemmen traag"
    response = choose_password(client, cast.coordinator, new)
    assert response.status_code == 302
    assert not is_signed_in(client), "the reset must not sign the user in"
    status, other = log_in(cast.coordinator.username, new)
    assert status == 302
    home = reverse("accounts:chapter_home", args=["mechelen"])
    response = other.get(home)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa_verify"))
    response = other.post(reverse("accounts:mfa_verify"), {"code": next_totp_code(device)})
    assert response.status_code == 302
    assert other.get(home).status_code == 200


# SEC-AUTH-06 ------------------------------------------------------------------------------------

#: pages only a coordinator may open (the "admin" URLs of the catalogue), and a coach's
COORDINATOR_PAGES = [
    reverse("audit:event_list", args=["mechelen"]),
    reverse("accounts:chapter_home", args=["mechelen"]),
    reverse("accounts:profile"),
]


@pytest.mark.parametrize("persona", ["coordinator", "coach", "regional"])
def test_sec_auth_06_privileged_roles_without_a_device_are_sent_to_enrolment(
    client, cast, settings, persona
):
    settings.BELRONDE_MFA_REQUIRED = True
    user = getattr(cast, persona)
    status, client = log_in(user.username, PASSWORD)
    assert status == 302
    for url in COORDINATOR_PAGES:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:mfa_enrol")), url


def test_sec_auth_06_every_coordinator_url_is_closed_until_the_code_is_entered(cast, settings):
    settings.BELRONDE_MFA_REQUIRED = True
    device = add_totp_device(cast.coordinator)
    status, client = log_in(cast.coordinator.username, PASSWORD)
    assert status == 302
    assert client.get(COORDINATOR_PAGES[0]).status_code == 302
    verify_session(client, device)
    for url in COORDINATOR_PAGES:
        assert client.get(url).status_code == 200, url


def test_sec_auth_06_a_caller_is_not_sent_to_enrolment(cast, settings):
    settings.BELRONDE_MFA_REQUIRED = True
    status, client = log_in(cast.caller.username, PASSWORD)
    assert status == 302
    assert client.get(reverse("accounts:chapter_home", args=["mechelen"])).status_code == 200


# SEC-AUTH-08 ------------------------------------------------------------------------------------


def test_sec_auth_08_the_same_totp_code_cannot_log_in_twice(cast):
    device = add_totp_device(cast.coach)
    code = next_totp_code(device)
    _status, first = log_in(cast.coach.username, PASSWORD)
    _status, second = log_in(cast.coach.username, PASSWORD)
    verify = reverse("accounts:mfa_verify")
    assert first.post(verify, {"code": code}).status_code == 302
    refused = second.post(verify, {"code": code})
    assert refused.status_code == 200
    assert "werd al gebruikt" in refused.content.decode()
    assert second.get(reverse("accounts:profile")).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_sec_auth_08_two_simultaneous_uses_of_one_code_let_only_one_in():
    Personas.create_personas()
    device = add_totp_device(Personas.coach)
    code = next_totp_code(device)
    barrier = threading.Barrier(4)
    results: list[str] = []

    def attempt() -> None:
        from django.db import connection

        try:
            barrier.wait()
            verify_second_factor(actor=Personas.coach, code=code, kind="totp")
            results.append("accepted")
        except TwoFactorError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["accepted", "refused", "refused", "refused"]


# SEC-AUTH-07 ------------------------------------------------------------------------------------

DEFAULT_NAMES = {"admin", "administrator", "root", "test", "demo", "user", "superuser", "belronde"}


def test_sec_auth_07_migrations_create_no_accounts():
    assert not User.objects.exists()


def test_sec_auth_07_the_demo_adds_no_default_admin(settings):
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())
    names = set(User.objects.values_list("username", flat=True))
    assert names == {spec.username for spec in USERS}
    assert not names & DEFAULT_NAMES
    assert not User.objects.filter(is_superuser=True).exists()
    assert not User.objects.filter(is_staff=True).exists()


def test_sec_auth_07_demo_users_only_on_a_development_database(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development database"):
        call_command("demo", stdout=io.StringIO())
    assert not User.objects.exists()
    settings.DEBUG = True
    User.objects.create(username="real.person", last_login=timezone.now())
    with pytest.raises(CommandError, match="development database"):
        call_command("demo", stdout=io.StringIO())
    assert list(User.objects.values_list("username", flat=True)) == ["real.person"]


def test_sec_auth_07_no_default_name_can_log_in_with_a_guessable_password(settings):
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())
    settings.AXES_ENABLED = False
    for name in sorted(DEFAULT_NAMES):
        for password in ("", name, "admin", "demo", "password", "changeme", "belronde"):
            _status, client = log_in(name, password)
            assert not is_signed_in(client), f"{name}/{password} logged in"
