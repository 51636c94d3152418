"""``members.actions.mark_do_not_call``: the one way a firm becomes do-not-call (its page, the
API and a call's outcome all go through it)."""

import datetime as dt

from django.utils import timezone

from belronde.audit.models import AuditEvent
from belronde.campaigns import actions as campaign_actions
from belronde.campaigns.models import Assignment, Campaign
from belronde.campaigns.tests.fixtures import make_campaign
from belronde.members import actions
from belronde.testing import BelrondeTestCase

Status = Assignment.Status


class MarkDoNotCallTests(BelrondeTestCase):
    def setUp(self):
        self.campaign = make_campaign(self, orgs=2)
        self.assignment = self.campaign.assignments.order_by("pk")[0]
        self.org = self.assignment.organisation
        # the same firm in a second campaign
        other = Campaign.objects.create(
            chapter=self.mechelen,
            name="Belronde voorjaar",
            starts_on=self.campaign.starts_on,
            ends_on=self.campaign.ends_on + dt.timedelta(days=1),
            status=Campaign.Status.RUNNING,
            script=self.campaign.script,
            segment={},
        )
        self.elsewhere = Assignment.objects.create(
            chapter=self.mechelen, campaign=other, organisation=self.org
        )

    def test_it_moves_the_version_on_and_closes_the_firms_open_assignments(self):
        version = self.org.version
        actions.mark_do_not_call(actor=self.coordinator, organisation=self.org, reason=" Failliet ")
        self.assertEqual(self.org.version, version + 1)
        self.assertEqual(self.org.do_not_call_reason, "Failliet")
        for assignment in (self.assignment, self.elsewhere):
            assignment.refresh_from_db()
            self.assertEqual(assignment.status, Status.DO_NOT_CALL)
        others = Assignment.objects.exclude(organisation=self.org)
        self.assertFalse(others.filter(status=Status.DO_NOT_CALL).exists())

    def test_a_contact_being_called_keeps_its_caller(self):
        claimed = campaign_actions.claim_assignment(actor=self.caller, assignment=self.assignment)
        assert claimed is not None
        actions.mark_do_not_call(actor=self.coordinator, organisation=self.org, reason="Failliet")
        self.assignment.refresh_from_db()
        self.assertEqual(
            (self.assignment.status, self.assignment.claimed_by), (Status.CLAIMED, self.caller)
        )

    def test_a_do_not_call_outcome_does_the_same(self):
        claimed = campaign_actions.claim_assignment(actor=self.caller, assignment=self.assignment)
        assert claimed is not None
        version = self.org.version
        campaign_actions.record_attempt(
            actor=self.caller, assignment=self.assignment, outcome="do_not_call", note=""
        )
        self.org.refresh_from_db()
        self.assertTrue(self.org.do_not_call)
        self.assertEqual(self.org.version, version + 1)
        self.assertEqual(
            self.org.do_not_call_reason, "Vroeg tijdens een gesprek om niet meer gebeld te worden."
        )
        for assignment in (self.assignment, self.elsewhere):
            assignment.refresh_from_db()
            self.assertEqual(assignment.status, Status.DO_NOT_CALL)
        self.assertEqual(
            AuditEvent.objects.filter(
                verb="organisation.do_not_call", object_code=self.org.public_code
            ).count(),
            1,
        )

    def test_a_stale_edit_form_is_refused_afterwards(self):
        version = self.org.version
        actions.mark_do_not_call(actor=self.coordinator, organisation=self.org, reason="Failliet")
        with self.assertRaises(actions.StaleEdit):
            actions.update_organisation(
                actor=self.coordinator,
                organisation=self.org,
                data={"name": "Nieuwe naam"},
                version=version,
            )
        assert self.org.do_not_call_at is not None
        self.assertLess(self.org.do_not_call_at, timezone.now() + dt.timedelta(seconds=1))
