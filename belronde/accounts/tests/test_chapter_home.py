from django.urls import reverse

from belronde.testing import BelrondeTestCase


class ChapterHomeTests(BelrondeTestCase):
    url = reverse("accounts:chapter_home", args=["mechelen"])

    def test_it_shows_the_chapter_and_role(self):
        self.client.force_login(self.caller)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Afdeling Mechelen")
        self.assertContains(response, "Beller")

    def test_it_is_404_for_another_chapter(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_is_404_for_a_chapter_that_does_not_exist(self):
        self.client.force_login(self.coordinator)
        url = reverse("accounts:chapter_home", args=["nowhere"])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_regional_staff_enter_every_chapter_of_their_region(self):
        self.client.force_login(self.regional)
        self.assertEqual(self.client.get(self.url).status_code, 200)
        other = reverse("accounts:chapter_home", args=["lier"])
        self.assertEqual(self.client.get(other).status_code, 404)

    def test_it_shows_role_based_navigation(self):
        self.client.force_login(self.coordinator)
        audit = reverse("audit:event_list", args=["mechelen"])
        self.assertContains(self.client.get(self.url), audit)
        self.client.force_login(self.caller)
        self.assertNotContains(self.client.get(self.url), audit)

    def test_the_switcher_lists_every_chapter_of_a_multi_chapter_user(self):
        from belronde.accounts.models import Membership

        Membership.objects.create(user=self.caller, role="caller", chapter=self.lier)
        self.client.force_login(self.caller)
        response = self.client.get(self.url)
        self.assertContains(response, reverse("accounts:chapter_home", args=["lier"]))
        self.assertEqual(
            self.client.get(reverse("accounts:chapter_home", args=["lier"])).status_code, 200
        )


class ReferredFirmsCardTests(BelrondeTestCase):
    """The caller's card "Firms you referred": their trajectories' status, in one query."""

    url = reverse("accounts:chapter_home", args=["mechelen"])

    def setUp(self):
        from belronde.accounts.models import User

        User.objects.filter(pk__in=[self.caller.pk, self.caller2.pk]).update(language="en")

    def test_it_lists_the_firms_the_caller_referred_with_their_status(self):
        from belronde.coaching.models import Trajectory
        from belronde.coaching.tests.fixtures import make_trajectory

        open_one = make_trajectory(self, name="Bakkerij Van den Broeck NV")
        make_trajectory(self, name="Slagerij Peeters", status=Trajectory.Status.CLOSED)
        self.client.force_login(self.caller)
        response = self.client.get(self.url)
        self.assertContains(response, 'data-testid="card-referred"')
        self.assertContains(response, "Bakkerij Van den Broeck NV BV")  # its stored form: BV
        since = open_one.started_on.strftime("%d/%m/%Y")
        self.assertContains(response, f"coached since {since}")
        self.assertContains(response, "completed: recovered")
        self.assertNotContains(response, "Plan loopt")  # never the coach's conclusion

    def test_it_has_no_card_for_a_caller_who_referred_nobody(self):
        from belronde.coaching.tests.fixtures import make_trajectory

        make_trajectory(self)  # referred by the caller persona, not by caller2
        self.client.force_login(self.caller2)
        self.assertNotContains(self.client.get(self.url), 'data-testid="card-referred"')
        self.client.force_login(self.coach)
        self.assertNotContains(self.client.get(self.url), 'data-testid="card-referred"')

    def test_it_reads_the_card_in_one_query_however_many_firms(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from belronde.coaching.tests.fixtures import make_trajectory

        def card_queries():
            self.client.force_login(self.caller)
            with CaptureQueriesContext(connection) as queries:
                self.client.get(self.url)
            sql = [q["sql"] for q in queries]
            return len(sql), len([q for q in sql if "coaching_trajectory" in q])

        make_trajectory(self, name="Eerste Zaak")
        card_queries()  # the first visit also remembers the chapter
        total, card = card_queries()
        self.assertEqual(card, 1)
        for i in range(4):
            make_trajectory(self, name=f"Zaak {i}")
        self.assertEqual(card_queries(), (total, 1))  # the firms' names come with it
