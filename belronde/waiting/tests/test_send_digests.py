"""The coordinators' daily digest: through a real SMTP server process, at most once a day, only
when something waits longer than a day, in the coordinator's language, without what was said."""

import datetime as dt

import pytest
from django.utils import timezone

from belronde.audit.models import AuditEvent
from belronde.testing import Personas
from belronde.waiting.actions import send_digests
from belronde.waiting.models import DigestSent
from belronde.waiting.tests.fixtures import make_waiting


@pytest.mark.django_db(transaction=True)
class TestDigest(Personas):
    def test_nothing_is_sent_while_everything_is_younger_than_a_day(self, smtp_server):
        self.create_personas()
        make_waiting(self, age=dt.timedelta(hours=20))
        assert send_digests() == 0
        assert smtp_server.messages() == []

    def test_one_digest_a_day_to_the_coordinator_with_counts_and_links(self, smtp_server, settings):
        settings.BELRONDE_SITE_URL = "https://belronde.example.org"
        self.create_personas()
        make_waiting(self, age=dt.timedelta(days=2))
        assert send_digests() == 1
        [mail] = smtp_server.wait_for(1)
        assert mail["To"] == self.coordinator.email
        assert mail["Subject"] == "belronde Mechelen: wacht op jou"
        body = mail.get_payload(decode=True).decode()
        assert "Doorverwijsvoorstellen om te versturen: 1" in body
        assert "Vragen om te beantwoorden: 1" in body
        assert "https://belronde.example.org/c/mechelen/referrals/?status=proposed" in body
        assert "https://belronde.example.org/c/mechelen/" in body
        assert "uitstel van betaling" not in body  # counts and links, not what was said
        assert "RSZ" not in body
        # the same day: nothing more, however often the worker runs
        assert send_digests() == 0
        assert send_digests(now=timezone.now() + dt.timedelta(hours=1)) == 0
        assert len(smtp_server.messages()) == 1
        assert DigestSent.objects.get().items == 4
        assert AuditEvent.objects.filter(verb="digest.sent").count() == 1
        # the next day, still waiting: again
        assert send_digests(now=timezone.now() + dt.timedelta(days=1)) == 1

    def test_in_english_for_an_english_speaking_coordinator(self, smtp_server):
        self.create_personas()
        self.coordinator.language = "en"
        self.coordinator.save(update_fields=["language"])
        make_waiting(self, age=dt.timedelta(days=2))
        send_digests()
        [mail] = smtp_server.wait_for(1)
        assert mail["Subject"] == "belronde Mechelen: waiting for you"
        assert "Referral proposals to send: 1" in mail.get_payload(decode=True).decode()

    def test_a_failed_mail_is_tried_again_on_the_next_run(self, smtp_server, settings):
        self.create_personas()
        make_waiting(self, age=dt.timedelta(days=2))
        working = settings.MAILERS
        settings.MAILERS = {
            "default": {**working["default"], "OPTIONS": {"host": "127.0.0.1", "port": 1}}
        }  # nothing listens there
        assert send_digests() == 0
        assert not DigestSent.objects.exists()
        settings.MAILERS = working
        assert send_digests() == 1
        assert len(smtp_server.wait_for(1)) == 1
