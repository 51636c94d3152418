"""SEC-BL-03: the alert's e-mail, sent by the task worker to a real SMTP server process, to the
chapter's other coordinators (and regional staff when a coordinator is concerned), in each
recipient's language, naming no case."""

import pytest
from django.core.management import call_command

from belronde.accounts.models import Membership
from belronde.audit.actions import record_event
from belronde.audit.models import AuditEvent
from belronde.audit.tests.test_check_view_volume import make_orgs
from belronde.audit.verbs import UNUSUAL_VOLUME
from belronde.testing import Personas

Role = Membership.Role


def body_of(message):
    return message.get_payload(decode=True).decode()


def subject_of(message):
    return " ".join(str(message["Subject"]).split())  # unfolded


def run_worker():
    call_command("worker", "--batch", "--no-startup-delay")


@pytest.mark.django_db(transaction=True)
class TestUnusualVolumeMail(Personas):
    def setup_case(self, *, second_coordinator=True):
        self.create_personas()
        self.orgs = make_orgs(self.mechelen, 51)
        if second_coordinator:
            self.anna = self._member("anna.coordinator", Role.COORDINATOR, self.mechelen)
            self.anna.language = "en"
            self.anna.save(update_fields=["language"])

    def open_51_cases(self, actor):
        for org in self.orgs:
            record_event(actor=actor, verb="organisation.viewed", chapter=self.mechelen, obj=org)

    def test_SEC_BL_03_a_caller_crossing_the_line_is_reported_to_the_coordinators(
        self, smtp_server
    ):
        self.setup_case()
        self.open_51_cases(self.caller)
        assert AuditEvent.objects.filter(verb=UNUSUAL_VOLUME, actor=self.caller).count() == 1
        assert smtp_server.messages() == []  # nothing is sent from the request itself
        run_worker()
        messages = {m["To"]: m for m in smtp_server.wait_for(2)}
        assert set(messages) == {self.coordinator.email, self.anna.email}
        dutch, english = messages[self.coordinator.email], messages[self.anna.email]
        assert subject_of(dutch) == (
            "Ongewone activiteit in Mechelen: bob.caller opende veel dossiers"
        )
        assert dutch["Content-Language"] == "nl"
        assert "bob.caller" in body_of(dutch)
        assert "51 verschillende dossiers" in body_of(dutch)
        assert subject_of(english) == "Unusual activity in Mechelen: bob.caller opened many cases"
        assert english["Content-Language"] == "en"
        text = body_of(english)
        assert "opened 51 different cases" in text
        assert "/c/mechelen/audit/?alerts=on" in text
        for private in [org.name for org in self.orgs] + [org.public_code for org in self.orgs]:
            assert private not in text

    def test_SEC_BL_03_a_second_crossing_in_the_hour_sends_nothing_more(self, smtp_server):
        self.setup_case()
        self.open_51_cases(self.caller)
        run_worker()
        assert len(smtp_server.wait_for(2)) == 2
        smtp_server.clear()
        more = make_orgs(self.mechelen, 5, first=3_200_000)
        for org in more:
            record_event(
                actor=self.caller, verb="organisation.viewed", chapter=self.mechelen, obj=org
            )
        run_worker()
        assert smtp_server.wait_for(1, timeout=0.5) == []

    def test_SEC_BL_03_a_coordinator_is_reported_to_the_others_and_the_region(self, smtp_server):
        self.setup_case()
        self.open_51_cases(self.coordinator)
        run_worker()
        messages = {m["To"]: m for m in smtp_server.wait_for(2)}
        assert set(messages) == {self.anna.email, self.regional.email}
        assert "/c/mechelen/audit/?alerts=on" in body_of(messages[self.anna.email])
        to_region = body_of(messages[self.regional.email])
        assert "/audit/" not in to_region  # regional staff cannot open the audit log
        assert "coördinatoren" in to_region

    def test_SEC_BL_03_with_nobody_else_to_tell_the_alert_is_still_recorded(self, smtp_server):
        self.setup_case(second_coordinator=False)
        Membership.objects.filter(user=self.regional).update(is_active=False)
        self.open_51_cases(self.coordinator)
        assert AuditEvent.objects.filter(verb=UNUSUAL_VOLUME, actor=self.coordinator).count() == 1
        run_worker()
        assert smtp_server.wait_for(1, timeout=0.5) == []
