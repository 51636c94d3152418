from django.urls import reverse

from belronde.audit.actions import record_event
from belronde.audit.models import AuditEvent
from belronde.testing import BelrondeTestCase


class EventListTests(BelrondeTestCase):
    url = reverse("audit:event_list", args=["mechelen"])

    def setUp(self):
        record_event(actor=self.caller, verb="user.profile_updated", chapter=self.mechelen)
        record_event(actor=self.outsider, verb="user.profile_updated", chapter=self.lier)

    def test_it_lists_this_chapters_events_only(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "bob.caller")
        self.assertNotContains(response, "otto.outsider")

    def test_it_filters_by_action_and_person(self):
        record_event(actor=self.coach, verb="token.created", chapter=self.mechelen)
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url, {"verb": "token.created"})
        self.assertContains(response, "cora.coach")
        self.assertNotContains(response, "bob.caller")
        response = self.client.get(self.url, {"actor": "bob"})
        self.assertContains(response, "bob.caller")
        self.assertNotContains(response, "cora.coach")

    def test_it_explains_an_impossible_date_range(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url, {"date_from": "2021-12-31", "date_to": "2021-01-01"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="id_date_to_error"')

    def test_it_returns_the_table_only_for_htmx(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url, headers={"HX-Request": "true"})
        self.assertNotContains(response, "<html")
        self.assertContains(response, "<table")

    def test_it_audits_who_looked(self):
        self.client.force_login(self.coordinator)
        self.client.get(self.url)
        self.assertTrue(
            AuditEvent.objects.filter(verb="audit.viewed", actor=self.coordinator).exists()
        )

    def test_it_is_403_for_a_caller(self):
        self.client.force_login(self.caller)
        self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_it_is_404_for_the_other_chapter(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
