"""The call screen's history (``access.contact_history``): a firm that was coached shows so in a
later round, with its health then and now; the outcome's category only."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from belronde.accounts.models import User
from belronde.coaching.models import Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.conversations.models import Conversation
from belronde.conversations.tests.fixtures import GREEN_ANSWERS, assign, make_conversation
from belronde.members.models import Organisation
from belronde.testing import BelrondeTestCase


class CallHistoryTests(BelrondeTestCase):
    def setUp(self) -> None:
        User.objects.filter(pk=self.caller2.pk).update(language="en")
        started = timezone.localdate() - dt.timedelta(days=200)
        self.trajectory = make_trajectory(
            self,
            name="Bakkerij Van den Broeck NV",
            status=Trajectory.Status.CLOSED,
            started_on=started,
        )
        self.org = self.trajectory.organisation
        Organisation.objects.filter(pk=self.org.pk).update(legal_form="NV")
        # the first round's conversation (red), months before this round
        assert self.trajectory.referral is not None
        Conversation.objects.filter(organisation=self.org).update(
            held_at=timezone.now() - dt.timedelta(days=210)
        )
        self.assignment = assign(self.caller2, self.org, claimed=True)
        self.url = reverse("campaigns:call", args=["mechelen", self.assignment.public_code])
        self.client.force_login(self.caller2)

    def test_it_shows_that_the_firm_was_coached_with_the_outcome_category_only(self) -> None:
        response = self.client.get(self.url)
        start = self.trajectory.started_on.strftime("%d/%m/%Y")
        end = self.trajectory.closed_on.strftime("%d/%m/%Y")
        self.assertContains(response, f"Coached from {start} to {end}: recovered")
        self.assertNotContains(response, "Plan loopt")  # never the coach's conclusion
        self.assertNotContains(response, self.trajectory.coach.display_name)

    def test_it_shows_the_health_then_and_now(self) -> None:
        response = self.client.get(self.url)
        then = (timezone.localdate() - dt.timedelta(days=210)).strftime("%d/%m/%Y")
        self.assertContains(response, 'data-testid="then-and-now"')
        self.assertContains(response, f"Then ({then})")
        self.assertContains(response, "not yet spoken to in this round")
        make_conversation(self.caller2, self.org, dict(GREEN_ANSWERS), assignment=self.assignment)
        response = self.client.get(self.url)
        today = timezone.localdate().strftime("%d/%m/%Y")
        self.assertContains(response, f"Now ({today})")
        self.assertContains(response, "green: doing fine")
        self.assertContains(response, "red: in trouble")

    def test_an_open_trajectory_says_since_when(self) -> None:
        other = make_trajectory(self, name="Slagerij Peeters")
        assignment = assign(self.caller2, other.organisation, claimed=True)
        response = self.client.get(
            reverse("campaigns:call", args=["mechelen", assignment.public_code])
        )
        since = other.started_on.strftime("%d/%m/%Y")
        self.assertContains(response, f"Coached by the federation since {since}.")
        self.assertNotContains(response, "Coached from")

    def test_a_firm_never_coached_shows_neither(self) -> None:
        from belronde.conversations.tests.fixtures import make_organisation

        assignment = assign(self.caller2, make_organisation(self.mechelen), claimed=True)
        response = self.client.get(
            reverse("campaigns:call", args=["mechelen", assignment.public_code])
        )
        self.assertNotContains(response, 'data-testid="helped"')
        self.assertNotContains(response, 'data-testid="then-and-now"')  # no earlier round
        self.assertContains(response, "First contact.")

    def test_it_names_the_firm_with_its_legal_form_once(self) -> None:
        response = self.client.get(self.url)
        self.assertContains(response, "<h1>Bakkerij Van den Broeck NV</h1>", html=True)
        self.assertNotContains(response, "NV NV")

    def test_it_is_404_for_the_outsider(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
