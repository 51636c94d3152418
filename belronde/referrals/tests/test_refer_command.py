"""The CLI entry point: `belronde refer` refuses without valid consent (GDPR-CONS-04)."""

import json
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError

from belronde.conversations.tests.fixtures import (
    give_consent,
    make_conversation,
    make_organisation,
    make_services,
)
from belronde.referrals import actions
from belronde.referrals.models import Referral
from belronde.testing import BelrondeTestCase


class ReferCommandTests(BelrondeTestCase):
    def setUp(self):
        self.organisation = make_organisation(self.mechelen)
        self.conversation = make_conversation(self.caller, self.organisation)
        _coaching, self.dyzo_service = make_services(self.mechelen, self.dyzo)

    def run_refer(self, *extra):
        out = StringIO()
        call_command(
            "refer",
            "--chapter",
            "mechelen",
            "--as",
            self.caller.username,
            "--service",
            self.dyzo_service.public_code,
            "--conversation",
            self.conversation.public_code,
            "--reason",
            "RSZ-achterstand",
            *extra,
            stdout=out,
        )
        return out.getvalue()

    def test_it_refuses_without_consent_gdpr_cons_04(self):
        with self.assertRaisesMessage(CommandError, "consent"):
            self.run_refer()
        self.assertFalse(Referral.objects.exists())

    def test_it_refuses_a_withdrawn_consent_gdpr_cons_04(self):
        consent = give_consent(self.caller, self.dyzo_service, self.organisation)
        actions.withdraw_consent(actor=self.caller, consent=consent, method="phone")
        with self.assertRaisesMessage(CommandError, "withdrawn"):
            self.run_refer("--consent", consent.public_code)
        self.assertFalse(Referral.objects.exists())

    def test_it_refers_with_valid_consent_and_prints_json(self):
        consent = give_consent(self.caller, self.dyzo_service, self.organisation)
        out = self.run_refer("--consent", consent.public_code, "--urgency", "urgent", "--json")
        data = json.loads(out)
        referral = Referral.objects.get()
        self.assertEqual(data["referral"], referral.public_code)
        self.assertEqual(data["status"], "sent")
        self.assertEqual(referral.urgency, "urgent")

    def test_a_caller_cannot_refer_a_conversation_they_may_not_see(self):
        consent = give_consent(self.caller, self.dyzo_service, self.organisation)
        out = StringIO()
        with self.assertRaisesMessage(CommandError, "may not"):
            call_command(
                "refer",
                "--chapter=mechelen",
                f"--as={self.caller2.username}",
                f"--service={self.dyzo_service.public_code}",
                f"--conversation={self.conversation.public_code}",
                f"--consent={consent.public_code}",
                "--reason=x",
                stdout=out,
            )

    def test_another_chapters_user_finds_nothing(self):
        with self.assertRaisesMessage(CommandError, "Not found"):
            call_command(
                "refer",
                "--chapter=mechelen",
                f"--as={self.outsider.username}",
                f"--service={self.dyzo_service.public_code}",
                f"--conversation={self.conversation.public_code}",
                "--reason=x",
            )

    def test_an_unknown_chapter_is_a_clear_error(self):
        with self.assertRaisesMessage(CommandError, "No chapter"):
            call_command(
                "refer",
                "--chapter=gent",
                "--as=x",
                "--service=x",
                "--conversation=x",
                "--reason=x",
            )
