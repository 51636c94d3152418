"""SEC-LOG-03 (where: the client address in the audit log) and the client-address rule behind
SEC-API-04: X-Forwarded-For counts only as far as BELRONDE_TRUSTED_PROXIES proxies wrote it."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from belronde.audit.models import AuditEvent
from belronde.lib.clientip import client_ip
from belronde.testing import PASSWORD, Personas


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "203.0.113.5", "198.51.100.1", "203.0.113.5"),  # no proxy: the header is ignored
        (1, "10.0.0.1", "198.51.100.1", "198.51.100.1"),  # our proxy appended the client
        (1, "10.0.0.1", "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # forged left part ignored
        (2, "10.0.0.2", "6.6.6.6, 198.51.100.1, 10.0.0.1", "198.51.100.1"),
        (2, "10.0.0.2", "198.51.100.1", "10.0.0.2"),  # fewer hops than proxies: the peer
        (1, "10.0.0.1", "not-an-address", "10.0.0.1"),
        (1, "10.0.0.1", "[2001:db8::7]:443", "2001:db8::7"),
        (1, "10.0.0.1", "192.0.2.9:51234", "192.0.2.9"),
        (0, "", "", None),
    ],
)
def test_the_client_address_trusts_only_our_proxies(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


@pytest.mark.django_db
def test_sec_log_03_the_audit_log_records_the_address_our_proxy_saw(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    Personas.create_personas()
    response = client.post(
        "/account/login/",
        {"username": "bob.caller", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        headers={"X-Forwarded-For": "6.6.6.6, 198.51.100.23", "X-Request-ID": "login-0001abcd"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(verb="user.logged_in")
    assert (event.ip_address, event.request_id, event.actor_label) == (
        "198.51.100.23",
        "login-0001abcd",
        "bob.caller",
    )
    assert event.at.tzinfo is not None
