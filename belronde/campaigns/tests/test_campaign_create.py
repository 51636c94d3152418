from django.urls import reverse

from belronde.campaigns.models import Assignment, Campaign, Script
from belronde.campaigns.tests.fixtures import make_org
from belronde.testing import BelrondeTestCase


class CampaignCreateTests(BelrondeTestCase):
    url = reverse("campaigns:create", args=["mechelen"])

    def setUp(self):
        make_org(self.mechelen, "0403170701", "Groot", employees=12)
        make_org(self.mechelen, "0403170702", "Klein", employees=2)

    def data(self, **extra):
        script = Script.objects.get(chapter=self.mechelen)
        data = {
            "name": "Belronde najaar 2020",
            "starts_on": "2020-09-01",
            "ends_on": "2020-12-31",
            "script": script.pk,
            "employees_min": "5",
            "membership_statuses": ["member"],
            "max_attempts": 4,
            "min_hours_between_attempts": 4,
            "everyone_once_first": "on",
            "max_open_claims": 3,
            "claim_expiry_minutes": 120,
            "callers": [self.caller.pk],
            "hours_0": "09:00-12:00, 13:30-20:30",
        }
        data.update(extra)
        return data

    def test_it_creates_a_campaign_with_a_default_script(self):
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.get(self.url).status_code, 200)  # makes the default script
        response = self.client.post(self.url, self.data())
        campaign = Campaign.objects.get()
        self.assertRedirects(
            response, reverse("campaigns:detail", args=["mechelen", campaign.public_code])
        )
        self.assertEqual(campaign.segment, {"employees_min": 5, "membership_statuses": ["member"]})
        self.assertEqual(campaign.calling_hours, {"0": [["09:00", "12:00"], ["13:30", "20:30"]]})
        self.assertEqual(list(campaign.callers.all()), [self.caller])

    def test_starting_it_creates_the_assignments_of_the_segment(self):
        from belronde.campaigns import actions

        self.client.force_login(self.coordinator)
        self.client.get(self.url)
        self.client.post(self.url, self.data())
        campaign = Campaign.objects.get()
        actions.set_campaign_status(actor=self.coordinator, campaign=campaign, status="running")
        self.assertEqual(
            list(Assignment.objects.values_list("organisation__name", flat=True)), ["Groot"]
        )

    def test_it_explains_bad_input_per_field(self):
        self.client.force_login(self.coordinator)
        self.client.get(self.url)
        response = self.client.post(
            self.url, self.data(ends_on="2020-08-01", hours_1="9 tot 5", nace="Z9")
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="id_ends_on_error"')
        self.assertContains(response, 'id="id_hours_1_error"')
        self.assertContains(response, 'id="id_nace_error"')
        self.assertFalse(Campaign.objects.exists())

    def test_the_segment_preview_counts_live(self):
        self.client.force_login(self.coordinator)
        preview = reverse("campaigns:segment_preview", args=["mechelen"])
        self.assertContains(self.client.post(preview, {"employees_min": "5"}), "1 organisatie")
        self.assertContains(self.client.post(preview, {"employees_min": "0"}), "2 organisaties")
        self.assertContains(
            self.client.post(preview, {"postal_codes": "28"}), "geen Belgische postcode"
        )

    def test_it_is_403_for_a_caller_and_404_for_the_other_chapter(self):
        self.client.force_login(self.caller)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
