from django.urls import reverse

from belronde.audit.actions import record_event
from belronde.audit.models import AuditEvent
from belronde.audit.verbs import UNUSUAL_VOLUME
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

    def alert(self):
        return record_event(
            actor=self.caller2,
            verb=UNUSUAL_VOLUME,
            chapter=self.mechelen,
            payload={"count": 51, "threshold": 50, "window_minutes": 60},
        )

    def test_it_SEC_BL_03_shows_alerts_prominently_in_dutch(self):
        self.alert()
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url)
        self.assertContains(response, "1 waarschuwing in de laatste 7 dagen.")
        self.assertContains(response, 'href="?alerts=on"')
        self.assertContains(response, '<tr class="audit-alert">', count=1)
        self.assertContains(response, '<strong class="tag tag-alert">Waarschuwing</strong>')
        self.assertContains(response, "Ongewoon veel dossiers geopend")
        self.assertContains(
            response,
            "51 verschillende dossiers geopend binnen 60 minuten (meer dan 50 is ongewoon)",
        )

    def test_it_SEC_BL_03_shows_alerts_prominently_in_english(self):
        self.alert()
        self.coordinator.language = "en"
        self.coordinator.save(update_fields=["language"])
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url)
        self.assertContains(response, "1 alert in the last 7 days.")
        self.assertContains(response, '<strong class="tag tag-alert">Alert</strong>')
        self.assertContains(response, "Unusually many cases opened")
        self.assertContains(response, "51 different cases opened within 60 minutes")

    def test_it_SEC_BL_03_filters_the_alerts(self):
        self.alert()
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url, {"alerts": "on"})
        self.assertEqual([e.verb for e in response.context["page"]], [UNUSUAL_VOLUME])
        self.assertContains(response, "carl.caller")
        self.assertNotContains(response, "bob.caller")

    def test_it_says_nothing_of_alerts_when_there_are_none(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url)
        self.assertEqual(response.context["recent_alerts"], 0)
        self.assertNotContains(response, "audit-alert")
        self.assertNotContains(response, "?alerts=on")

    def test_it_is_403_for_a_caller(self):
        self.client.force_login(self.caller)
        self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_it_is_404_for_the_other_chapter(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
