from django.urls import reverse

from belronde.campaigns.models import Assignment, CallerProfile
from belronde.campaigns.tests.fixtures import make_campaign
from belronde.testing import BelrondeTestCase


class DistributionViewTests(BelrondeTestCase):
    def setUp(self):
        self.campaign = make_campaign(self, orgs=4)
        self.url = reverse("campaigns:distribution", args=["mechelen", self.campaign.public_code])

    def test_propose_move_and_publish(self):
        CallerProfile.objects.create(
            chapter=self.mechelen, user=self.caller, conflict_numbers=["0403170700"]
        )
        self.client.force_login(self.coordinator)
        self.client.post(self.url, {"operation": "propose"})
        rows = Assignment.objects.filter(campaign=self.campaign)
        self.assertEqual(
            sorted(rows.values_list("proposed_caller__username", flat=True)),
            ["bob.caller", "bob.caller", "carl.caller", "carl.caller"],
        )
        self.assertEqual(
            rows.get(organisation__enterprise_number="0403170700").proposed_caller, self.caller2
        )
        self.assertContains(self.client.get(self.url), "brengt de verdeling in evenwicht")
        # moving a contact to a caller with a conflict is refused with a reason
        conflicted = rows.get(organisation__enterprise_number="0403170700")
        move = reverse("campaigns:move", args=["mechelen", conflicted.public_code])
        response = self.client.post(move, {"caller": "bob.caller"}, headers={"HX-Request": "true"})
        self.assertEqual(response.status_code, 409)
        other = rows.exclude(pk=conflicted.pk).filter(proposed_caller=self.caller).first()
        response = self.client.post(
            reverse("campaigns:move", args=["mechelen", other.public_code]),
            {"caller": "carl.caller"},
            headers={"HX-Request": "true"},
        )
        self.assertContains(response, "met de hand verplaatst")
        self.assertFalse(rows.filter(caller__isnull=False).exists())
        self.client.post(self.url, {"operation": "publish"})
        self.assertEqual(rows.filter(caller=self.caller2).count(), 3)

    def test_rebalance_moves_from_the_most_to_the_least_loaded(self):
        Assignment.objects.filter(campaign=self.campaign).update(caller=self.caller)
        self.client.force_login(self.coordinator)
        self.client.post(self.url, {"operation": "rebalance"})
        rows = Assignment.objects.filter(campaign=self.campaign)
        self.assertEqual(
            (rows.filter(caller=self.caller).count(), rows.filter(caller=self.caller2).count()),
            (2, 2),
        )

    def test_it_is_403_for_a_caller(self):
        self.client.force_login(self.caller)
        self.assertEqual(self.client.get(self.url).status_code, 403)
