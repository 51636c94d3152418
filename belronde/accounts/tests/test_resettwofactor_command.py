"""`belronde resettwofactor USERNAME --reason ...`: the way back for someone who lost both their
authenticator and their recovery codes."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from belronde.audit.models import AuditEvent
from belronde.testing import PASSWORD, Personas, add_totp_device

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    Personas.create_personas()
    return Personas


def with_recovery_codes(user):
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    StaticToken.objects.create(device=device, token="0123456789abcdef")
    return device


def test_it_removes_both_devices_audits_the_reason_and_the_next_login_needs_no_code(cast):
    add_totp_device(cast.coach)
    with_recovery_codes(cast.coach)
    out = io.StringIO()
    call_command(
        "resettwofactor",
        cast.coach.username,
        reason="phone lost; identity checked by a call back",
        json=True,
        stdout=out,
    )
    assert json.loads(out.getvalue()) == {"username": cast.coach.username, "devices_removed": 2}
    assert not TOTPDevice.objects.filter(user=cast.coach).exists()
    assert not StaticDevice.objects.filter(user=cast.coach).exists()
    assert not StaticToken.objects.exists()
    event = AuditEvent.objects.get(verb="mfa.reset")
    assert event.actor is None
    assert event.payload["reason"] == "phone lost; identity checked by a call back"
    assert event.payload["by"].startswith("belronde resettwofactor")
    assert event.payload["devices"] == 2
    # in debug (BELRONDE_MFA_REQUIRED off) the coach is in with the password alone again
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": cast.coach.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert reverse("accounts:mfa_verify") not in response["Location"]


def test_a_user_without_devices_is_told_and_the_request_is_still_on_record(cast):
    out = io.StringIO()
    call_command("resettwofactor", cast.caller.username, reason="asked by phone", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert AuditEvent.objects.filter(verb="mfa.reset").count() == 1  # still on record


def test_an_unknown_user_and_an_empty_reason_are_refused(cast):
    with pytest.raises(CommandError, match="No user nobody"):
        call_command("resettwofactor", "nobody", reason="lost phone")
    add_totp_device(cast.coach)
    with pytest.raises(CommandError, match="Say why"):
        call_command("resettwofactor", cast.coach.username, reason="   ")
    assert TOTPDevice.objects.filter(user=cast.coach).exists()


def test_the_messages_are_in_dutch_on_request(cast):
    add_totp_device(cast.coach)
    out = io.StringIO()
    call_command(
        "resettwofactor", cast.coach.username, reason="telefoon kwijt", language="nl", stdout=out
    )
    assert "apparaat verwijderd" in out.getvalue()
