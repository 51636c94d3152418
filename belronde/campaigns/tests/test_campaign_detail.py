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


class NextStepTests(BelrondeTestCase):
    """Issue 12: after creating a round the page says what comes next, at every status, and
    never a misleading "0 van 0 contacten"."""

    def setUp(self):
        import datetime as dt

        from belronde.campaigns.tests.fixtures import make_org

        for i in range(3):
            make_org(self.mechelen, f"04031707{i:02d}", f"Firma {i}")
        script = actions.create_script(actor=self.coordinator, chapter=self.mechelen, name="S")
        today = timezone.localdate()
        self.campaign = actions.create_campaign(
            actor=self.coordinator,
            chapter=self.mechelen,
            script=script,
            name="Belronde najaar",
            starts_on=today,
            ends_on=today + dt.timedelta(days=30),
            segment={"employees_min": 5},
        )
        self.code = self.campaign.public_code
        self.url = reverse("campaigns:detail", args=["mechelen", self.code])
        self.client.force_login(self.coordinator)

    def step(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        return response.context["step"].code, response

    def test_it_asks_for_callers_first(self):
        code, response = self.step()
        self.assertEqual(code, "add_callers")
        self.assertContains(response, "Volgende stap: Bellers toevoegen")
        self.assertContains(response, "Kies de bellers")

    def test_a_new_round_says_it_is_not_distributed_yet_instead_of_0_of_0(self):
        actions.set_callers(
            actor=self.coordinator, campaign=self.campaign, users=[self.caller, self.caller2]
        )
        code, response = self.step()
        self.assertEqual(code, "distribute")
        self.assertContains(response, "Nog niet verdeeld: 3 ondernemingen in de doelgroep.")
        self.assertContains(response, 'name="operation" value="propose"')
        self.assertContains(response, "Nog geen contacten: die worden gemaakt")
        self.assertNotContains(response, "0 van 0 contacten")
        progress = self.client.get(reverse("campaigns:progress", args=["mechelen", self.code]))
        self.assertNotContains(progress, "0 van 0 contacten")

    def test_each_status_shows_its_one_next_step_and_what_it_does(self):
        actions.set_callers(
            actor=self.coordinator, campaign=self.campaign, users=[self.caller, self.caller2]
        )
        distribution = reverse("campaigns:distribution", args=["mechelen", self.code])
        self.assertRedirects(self.client.post(distribution, {"operation": "propose"}), distribution)
        code, response = self.step()
        self.assertEqual(code, "publish")
        self.assertContains(response, "Het voorstel is nog niet gepubliceerd (3 contacten).")
        response = self.client.post(distribution, {"operation": "publish"}, follow=True)
        self.assertContains(response, "De bellers zien hun contacten zodra de belronde gestart is")
        code, response = self.step()
        self.assertEqual(code, "start")
        self.assertContains(response, "Starten geeft oproepen: vanaf")
        self.assertContains(response, 'name="status" value="running"')
        status = reverse("campaigns:status", args=["mechelen", self.code])
        self.client.post(status, {"status": "running"})
        code, response = self.step()
        self.assertEqual(code, "calling")
        self.assertContains(response, "Pauzeren stopt even met oproepen geven")
        self.client.post(status, {"status": "paused"})
        code, response = self.step()
        self.assertEqual(code, "resume")
        self.assertContains(response, "Verder bellen")
        self.client.post(status, {"status": "closed"})
        self.assertEqual(self.step()[0], "closed")

    def test_a_round_past_its_end_date_offers_to_close_it(self):
        import datetime as dt

        from belronde.campaigns.models import Campaign

        actions.set_campaign_status(
            actor=self.coordinator, campaign=self.campaign, status="running"
        )
        yesterday = timezone.localdate() - dt.timedelta(days=1)
        Campaign.objects.filter(pk=self.campaign.pk).update(
            starts_on=yesterday - dt.timedelta(days=30), ends_on=yesterday
        )
        code, response = self.step()
        self.assertEqual(code, "ended")
        self.assertContains(response, "afgelopen")
        self.assertContains(response, 'name="status" value="closed"')
        self.assertContains(response, "Wijzig de einddatum")


class SegmentExplainedTests(BelrondeTestCase):
    """Issue 12: "135 in the segment, 133 contacts" explained, with the real reasons."""

    def setUp(self):
        from belronde.members.models import Organisation, Person

        self.campaign = make_campaign(self, orgs=6)
        orgs = list(Organisation.objects.filter(chapter=self.mechelen).order_by("pk"))
        # imported after the start: in the segment, not a contact yet
        from belronde.campaigns.tests.fixtures import make_org

        make_org(self.mechelen, "0403170799", "Nieuw BV")
        # asked during a call never to be called again
        Organisation.objects.filter(pk=orgs[0].pk).update(
            do_not_call=True, do_not_call_reason="vroeg het zelf"
        )
        # a duplicate merged into another firm
        Organisation.objects.filter(pk=orgs[1].pk).update(merged_into=orgs[2])
        # a new import says it has fewer employees now
        Organisation.objects.filter(pk=orgs[3].pk).update(employees=2)
        # no phone number at all
        Person.objects.filter(organisation=orgs[4]).update(phone="", mobile="")
        self.url = reverse("campaigns:detail", args=["mechelen", self.campaign.public_code])
        self.client.force_login(self.coordinator)

    def test_it_explains_the_difference_with_the_numbers(self):
        response = self.client.get(self.url)
        self.assertContains(
            response, "4 ondernemingen in de doelgroep · 6 contacten in deze belronde"
        )
        for text in (
            "1 onderneming kwam in de doelgroep (bijvoorbeeld door een import)",
            "1 contact vroeg om niet meer gebeld te worden",
            "1 contact werd als dubbel samengevoegd",
            "1 contact past niet meer in de doelgroep (bijvoorbeeld minder werknemers",
            "1 open contact heeft geen telefoonnummer",
        ):
            self.assertContains(response, text)
        numbers = response.context["segment"]
        self.assertEqual(
            numbers["in_segment"],
            numbers["contacts"]
            - numbers["do_not_call"]
            - numbers["merged"]
            - numbers["left"]
            + numbers["new"],
        )

    def test_the_new_firms_can_be_added_to_the_pool_from_the_next_step(self):
        from belronde.campaigns.models import Assignment

        response = self.client.get(self.url)
        self.assertEqual(response.context["step"].code, "add_new")
        distribution = reverse(
            "campaigns:distribution", args=["mechelen", self.campaign.public_code]
        )
        response = self.client.post(distribution, {"operation": "add_new", "back": "detail"})
        self.assertRedirects(response, self.url)
        added = Assignment.objects.get(campaign=self.campaign, organisation__name="Nieuw BV")
        self.assertIsNone(added.caller)
        self.assertNotContains(self.client.get(self.url), "kwam in de doelgroep")

    def test_it_is_403_for_a_caller_and_404_for_the_other_chapter(self):
        self.client.force_login(self.caller)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
