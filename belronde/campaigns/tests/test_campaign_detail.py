from django.urls import reverse
from django.utils import dateformat, timezone

from belronde.campaigns import actions
from belronde.campaigns.tests.fixtures import make_campaign
from belronde.testing import BelrondeTestCase


class CampaignDetailTests(BelrondeTestCase):
    def setUp(self):
        self.campaign = make_campaign(self, orgs=3)
        self.url = reverse("campaigns:detail", args=["mechelen", self.campaign.public_code])
        self.progress = reverse("campaigns:progress", args=["mechelen", self.campaign.public_code])

    def test_it_shows_live_progress_counts(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url)
        self.assertContains(response, 'data-testid="count-open">3<')
        a = actions.claim_next(actor=self.caller, campaign=self.campaign).assignment
        assert a is not None
        actions.record_attempt(actor=self.caller, assignment=a, outcome="refused")
        response = self.client.get(self.progress, headers={"HX-Request": "true"})
        self.assertContains(response, 'data-testid="count-refused">1<')
        self.assertNotContains(response, "<html")

    def test_status_changes_follow_the_rules(self):
        self.client.force_login(self.coordinator)
        status = reverse("campaigns:status", args=["mechelen", self.campaign.public_code])
        self.client.post(status, {"status": "closed"})
        self.campaign.refresh_from_db()
        self.assertEqual(self.campaign.status, "closed")
        response = self.client.post(status, {"status": "running"}, follow=True)
        self.assertContains(response, "kan niet")
        self.campaign.refresh_from_db()
        self.assertEqual(self.campaign.status, "closed")

    def test_it_is_403_for_a_caller_and_404_for_the_other_chapter(self):
        self.client.force_login(self.caller)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)


class StaleClaimTests(BelrondeTestCase):
    def test_a_stale_claim_is_shown_and_can_be_given_to_another_caller(self):
        import datetime as dt

        from django.utils import timezone

        from belronde.campaigns.models import Assignment, Claim

        campaign = make_campaign(self, orgs=2)
        a = actions.claim_next(actor=self.caller, campaign=campaign).assignment
        Assignment.objects.filter(pk=a.pk).update(claimed_at=timezone.now() - dt.timedelta(hours=1))
        self.client.force_login(self.coordinator)
        response = self.client.get(
            reverse("campaigns:detail", args=["mechelen", campaign.public_code])
        )
        self.assertContains(response, "Langer vastgehouden")
        self.assertContains(response, a.organisation.name)
        move = reverse("campaigns:move", args=["mechelen", a.public_code])
        self.client.post(move, {"caller": "carl.caller", "now": "1"})
        a.refresh_from_db()
        self.assertEqual((a.status, a.caller, a.claimed_by), ("open", self.caller2, None))
        self.assertEqual(Claim.objects.get(assignment=a).ended, Claim.Ended.REASSIGNED)

    def test_the_timeline_counts_calls_per_day(self):
        campaign = make_campaign(self, orgs=2)
        a = actions.claim_next(actor=self.caller, campaign=campaign).assignment
        assert a is not None
        actions.record_attempt(actor=self.caller, assignment=a, outcome="busy")
        self.client.force_login(self.coordinator)
        response = self.client.get(
            reverse("campaigns:progress", args=["mechelen", campaign.public_code])
        )
        self.assertEqual(sum(d["attempts"] for d in response.context["timeline"]), 1)
        html = response.content.decode()
        self.assertIn('role="img" aria-labelledby="timeline-title timeline-desc"', html)
        self.assertIn('<title id="timeline-title">Oproepen per dag</title>', html)
        self.assertIn("Oproepen in de laatste 14 dagen: 1, waarvan 0 met iemand", html)
        self.assertIn('class="chart-tick">1</text>', html)  # the y axis
        self.assertIn('class="chart-legend">Niet bereikt</text>', html)
        today = timezone.localdate()
        self.assertIn(f'<th scope="row">{dateformat.format(today, "D d/m")}</th>', html)
        self.assertIn("<caption>Oproepen per dag</caption>", html)
        self.assertIn("Toon de cijfers als tabel", html)

    def test_a_new_campaign_says_there_are_no_calls_yet(self):
        campaign = make_campaign(self, orgs=1)
        self.client.force_login(self.coordinator)
        response = self.client.get(
            reverse("campaigns:progress", args=["mechelen", campaign.public_code])
        )
        html = response.content.decode()
        self.assertIn("Nog geen oproepen in de laatste 14 dagen.", html)
        self.assertIn('class="chart-empty"', html)
        self.assertNotIn("Toon de cijfers als tabel", html)
