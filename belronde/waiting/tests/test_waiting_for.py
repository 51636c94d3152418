"""What waits for the coordinator: one list for the navigation's counter and the overview."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from belronde.testing import BelrondeTestCase
from belronde.waiting.access import waiting_for
from belronde.waiting.tests.fixtures import make_waiting


class WaitingForTests(BelrondeTestCase):
    def access(self, user, slug="mechelen"):
        from belronde.accounts.access import get_chapter_access

        return get_chapter_access(user, slug)

    def test_nothing_waits_in_a_new_chapter(self):
        self.assertEqual(waiting_for(self.access(self.coordinator), self.coordinator), [])

    def test_it_counts_each_kind_with_its_oldest_and_a_link(self):
        make_waiting(self, age=dt.timedelta(hours=3))
        items = {i.key: i for i in waiting_for(self.access(self.coordinator), self.coordinator)}
        self.assertEqual(set(items), {"proposals", "questions", "practices", "stale_claims"})
        self.assertEqual({i.count for i in items.values()}, {1})
        for item in items.values():
            assert item.oldest is not None
            self.assertLess(item.oldest, timezone.now() - dt.timedelta(hours=2, minutes=59))
        self.assertEqual(items["proposals"].url, "/c/mechelen/referrals/?status=proposed")
        self.assertEqual(items["questions"].url, "/c/mechelen/knowledge/questions/?status=open")

    def test_a_claim_of_a_few_minutes_is_not_stale(self):
        make_waiting(self, age=dt.timedelta(minutes=10))
        keys = [i.key for i in waiting_for(self.access(self.coordinator), self.coordinator)]
        self.assertNotIn("stale_claims", keys)
        self.assertIn("proposals", keys)

    def test_only_the_own_chapter_and_only_for_its_coordinators(self):
        make_waiting(self)
        self.assertEqual(waiting_for(self.access(self.outsider, "lier"), self.outsider), [])
        for user in (self.caller, self.coach, self.funder):
            self.assertEqual(waiting_for(self.access(user), user), [])

    def test_the_navigation_and_the_overview_show_the_counts(self):
        make_waiting(self)
        url = reverse("accounts:chapter_home", args=["mechelen"])
        self.client.force_login(self.coordinator)
        response = self.client.get(url)
        self.assertContains(response, 'data-testid="nav-waiting">4<', html=False)
        self.assertContains(
            response,
            '<a href="/c/mechelen/referrals/?status=proposed">Doorverwijsvoorstellen om te'
            ' versturen</a> <span class="count">1</span>',
            html=True,
        )
        # everywhere in the chapter, not only on the overview
        members = self.client.get(reverse("members:organisation_list", args=["mechelen"]))
        self.assertContains(members, 'data-testid="nav-waiting"')
        # the other chapter's coordinator and the caller see no counter
        self.client.force_login(self.caller)
        self.assertNotContains(self.client.get(url), 'data-testid="nav-waiting"')
        self.client.force_login(self.outsider)
        lier = self.client.get(reverse("accounts:chapter_home", args=["lier"]))
        self.assertNotContains(lier, 'data-testid="nav-waiting"')
        self.assertContains(lier, "Er wacht niets op jou.")

    def test_the_overview_cards_are_links(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("accounts:chapter_home", args=["mechelen"]))
        self.assertContains(
            response,
            f'<a href="{reverse("campaigns:my_calls", args=["mechelen"])}">Gesprekken</a>',
            html=True,
        )
        self.client.force_login(self.partner)
        response = self.client.get(reverse("accounts:chapter_home", args=["mechelen"]))
        self.assertContains(response, reverse("referrals:partner_inbox", args=["mechelen"]))
