"""Password-reset requests are throttled per address and per client (issue 10 point 6), and the
page answers the same whether a mail went out or not."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from belronde.accounts.actions import request_password_reset
from belronde.audit.models import AuditEvent
from belronde.testing import Personas

URL = "/account/password-reset/"


def post(client, email, ip="198.51.100.7"):
    return client.post(URL, {"email": email}, REMOTE_ADDR=ip)


@pytest.mark.django_db
class TestPasswordResetThrottle(Personas):
    def test_one_address_gets_at_most_three_mails_an_hour_and_the_same_answer(
        self, client, smtp_server, settings
    ):
        settings.BELRONDE_PASSWORD_RESETS_PER_ADDRESS = 3
        self.create_personas()
        answers = [post(client, self.caller.email, ip=f"198.51.100.{i}") for i in range(18)]
        assert {(r.status_code, r["Location"]) for r in answers} == {
            (302, reverse("accounts:password_reset_done"))
        }
        assert len(smtp_server.wait_for(3)) == 3
        assert smtp_server.wait_for(4, timeout=0.5)[3:] == []
        assert AuditEvent.objects.filter(verb="user.password_reset_requested").count() == 3
        throttled = AuditEvent.objects.filter(verb="user.password_reset_throttled")
        assert throttled.count() == 15
        assert {e.payload["limit"] for e in throttled} == {"address"}

    def test_the_address_is_counted_whatever_its_case_and_never_stored(self, client, smtp_server):
        self.create_personas()
        for variant in (
            "Bob.Caller@Example.org",
            " bob.caller@example.org",
            "BOB.CALLER@EXAMPLE.ORG",
        ):
            post(client, variant)
        post(client, self.caller.email)
        refs = set(AuditEvent.objects.values_list("payload__address", flat=True))
        assert len(refs) == 1
        dump = str(list(AuditEvent.objects.values()))
        assert "example.org" not in dump.lower()

    def test_one_client_gets_at_most_ten_requests_an_hour_over_all_addresses(
        self, client, smtp_server, settings
    ):
        settings.BELRONDE_PASSWORD_RESETS_PER_CLIENT = 10
        self.create_personas()
        for i in range(10):
            assert post(client, f"stranger{i}@example.org").status_code == 302
        response = post(client, self.caller.email)  # a real account, but the client is spent
        assert response.status_code == 302
        assert smtp_server.wait_for(1, timeout=0.5) == []
        event = AuditEvent.objects.get(verb="user.password_reset_throttled")
        assert event.payload["limit"] == "client"
        # Another client still gets the mail through.
        post(client, self.caller.email, ip="203.0.113.9")
        [message] = smtp_server.wait_for(1)
        assert message["To"] == self.caller.email

    def test_the_window_slides(self, db, settings):
        settings.BELRONDE_PASSWORD_RESETS_PER_ADDRESS = 2
        assert request_password_reset(email="b@example.org")
        assert request_password_reset(email="b@example.org")
        assert not request_password_reset(email="b@example.org")
        assert request_password_reset(email="other@example.org")
        an_hour_later = timezone.now() + dt.timedelta(hours=1, seconds=1)
        assert request_password_reset(email="b@example.org", now=an_hour_later)
