"""Sharing the open contacts out again (``actions.rebalance``): what a coordinator expects after
adding callers to a published distribution, or taking one away (issue 12)."""

import datetime as dt

from django.db.models import F
from django.utils import timezone

from belronde.audit.models import AuditEvent
from belronde.campaigns import actions
from belronde.campaigns.models import Assignment, CallerProfile, CampaignCaller
from belronde.campaigns.tests.fixtures import make_campaign
from belronde.testing import BelrondeTestCase

Status = Assignment.Status


class RebalanceTests(BelrondeTestCase):
    def setUp(self):
        self.campaign = make_campaign(self, orgs=6)
        # published to the first caller only; the second joins later
        CampaignCaller.objects.filter(campaign=self.campaign, user=self.caller2).delete()
        Assignment.objects.filter(campaign=self.campaign).update(
            caller=self.caller, proposed_caller=self.caller
        )
        self.rows = Assignment.objects.filter(campaign=self.campaign)

    def join(self, user):
        actions.set_callers(
            actor=self.coordinator, campaign=self.campaign, users=[self.caller, user]
        )

    def loads(self):
        return (
            self.rows.filter(caller=self.caller).count(),
            self.rows.filter(caller=self.caller2).count(),
        )

    def test_it_gives_a_caller_added_later_a_fair_share(self):
        self.join(self.caller2)
        moved = actions.rebalance(actor=self.coordinator, campaign=self.campaign)
        self.assertEqual(moved, 3)
        self.assertEqual(self.loads(), (3, 3))
        # the proposal follows, so publishing again changes nothing
        self.assertFalse(self.rows.exclude(proposed_caller_id=F("caller_id")).exists())
        event = AuditEvent.objects.get(verb="campaign.rebalanced")
        self.assertEqual(event.payload, {"moved": 3, "from_former_callers": 0})

    def test_untried_contacts_move_before_retried_ones(self):
        tried = list(self.rows.order_by("pk")[:3])
        Assignment.objects.filter(pk__in=[r.pk for r in tried]).update(attempts=1)
        self.join(self.caller2)
        actions.rebalance(actor=self.coordinator, campaign=self.campaign)
        self.assertEqual(
            set(self.rows.filter(caller=self.caller2).values_list("attempts", flat=True)), {0}
        )

    def test_contacts_being_called_or_with_a_call_back_stay_with_their_caller(self):
        claimed = actions.claim_next(actor=self.caller, campaign=self.campaign).assignment
        later = self.rows.exclude(pk=claimed.pk).first()
        Assignment.objects.filter(pk=later.pk).update(
            callback_by=self.caller, callback_at=timezone.now() + dt.timedelta(days=1)
        )
        self.join(self.caller2)
        actions.rebalance(actor=self.coordinator, campaign=self.campaign)
        claimed.refresh_from_db()
        later.refresh_from_db()
        self.assertEqual((claimed.caller, claimed.status), (self.caller, Status.CLAIMED))
        self.assertEqual(later.caller, self.caller)
        self.assertEqual(self.loads(), (4, 2))  # 4 movable rows shared 2/2, plus the two kept

    def test_it_never_gives_a_contact_the_caller_declared_a_conflict_with(self):
        numbers = list(self.rows.values_list("organisation__enterprise_number", flat=True))
        CallerProfile.objects.create(
            chapter=self.mechelen, user=self.caller2, conflict_numbers=numbers[:5]
        )
        self.join(self.caller2)
        actions.rebalance(actor=self.coordinator, campaign=self.campaign)
        self.assertEqual(
            list(
                self.rows.filter(caller=self.caller2).values_list(
                    "organisation__enterprise_number", flat=True
                )
            ),
            numbers[5:],
        )

    def test_contacts_of_a_caller_who_left_go_to_the_remaining_callers(self):
        self.join(self.caller2)
        actions.set_callers(actor=self.coordinator, campaign=self.campaign, users=[self.caller2])
        moved = actions.rebalance(actor=self.coordinator, campaign=self.campaign)
        self.assertEqual(moved, 6)
        self.assertEqual(self.loads(), (0, 6))
        event = AuditEvent.objects.get(verb="campaign.rebalanced")
        self.assertEqual(event.payload["from_former_callers"], 6)

    def test_without_callers_nothing_moves(self):
        actions.set_callers(actor=self.coordinator, campaign=self.campaign, users=[])
        self.assertEqual(actions.rebalance(actor=self.coordinator, campaign=self.campaign), 0)
