from django_tasks_db.models import DBTaskResult

from belronde.audit.models import AuditEvent
from belronde.audit.tests.test_check_view_volume import make_orgs
from belronde.audit.verbs import UNUSUAL_VOLUME
from belronde.members import actions
from belronde.members.tests.fixtures import make_org, make_person
from belronde.members.tests.scope import assign, make_campaign
from belronde.testing import BelrondeTestCase


class OrganisationDetailTests(BelrondeTestCase):
    def setUp(self):
        self.org = make_org(self.mechelen, nace_code="47241", nace_version="2008", employees=6)
        make_person(self.org, is_primary=True, phone="+32471234567")
        self.url = f"/c/mechelen/members/{self.org.public_code}/"
        self.campaign = make_campaign(self.mechelen)
        assign(self.campaign, self.org, caller=self.caller)  # a caller reads only their firms

    def test_it_shows_the_organisation_persons_and_sector(self):
        self.client.force_login(self.caller)
        response = self.client.get(self.url)
        self.assertContains(response, "0403.170.701")
        self.assertContains(response, "Els Peeters")
        self.assertContains(response, '<a href="tel:+32471234567">0471 23 45 67</a>', html=True)
        self.assertContains(response, "47241")
        self.assertNotContains(response, "Mark do-not-call")

    def test_it_records_who_looked_without_personal_content(self):
        self.client.force_login(self.caller)
        self.client.get(self.url)
        event = AuditEvent.objects.get(verb="organisation.viewed")
        self.assertEqual((event.actor, event.chapter), (self.caller, self.mechelen))
        self.assertEqual(event.object_type, "members.organisation")
        self.assertEqual(event.object_code, self.org.public_code)
        self.assertEqual(event.payload, {"page": "detail"})

    def test_it_SEC_BL_03_raises_one_alert_when_a_caller_opens_51_organisations(self):
        orgs = make_orgs(self.mechelen, 50)
        for org in orgs:
            assign(self.campaign, org, caller=self.caller)
        codes = [o.public_code for o in orgs] + [self.org.public_code]
        self.client.force_login(self.caller)
        for code in codes[:50]:
            self.assertEqual(self.client.get(f"/c/mechelen/members/{code}/").status_code, 200)
        self.assertFalse(AuditEvent.objects.filter(verb=UNUSUAL_VOLUME).exists())
        with self.captureOnCommitCallbacks(execute=True):
            self.client.get(self.url)
            self.client.get(self.url)
        alert = AuditEvent.objects.get(verb=UNUSUAL_VOLUME)
        self.assertEqual((alert.actor, alert.payload["count"]), (self.caller, 51))
        view = AuditEvent.objects.filter(object_code=self.org.public_code).earliest("pk")
        self.assertEqual(alert.request_id, view.request_id)  # raised by the 51st look
        self.assertEqual(
            DBTaskResult.objects.filter(
                task_path="belronde.audit.tasks.notify_unusual_volume"
            ).count(),
            1,
        )

    def test_the_coordinator_sees_the_history(self):
        actions.mark_do_not_call(actor=self.coordinator, organisation=self.org, reason="Vroeg het")
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url)
        records = [e for e in response.context["entries"] if e.kind == "record"]
        self.assertEqual(len(records), 1)  # views are in the audit log, not the history
        self.assertContains(response, "Vroeg het")
        self.assertContains(response, f"/c/mechelen/audit/?object_code={self.org.public_code}")

    def test_another_chapters_organisation_is_404_even_for_its_coordinator_role(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        other = make_org(self.lier, "0200000043", "Lier BV")
        self.client.force_login(self.coordinator)
        self.assertEqual(
            self.client.get(f"/c/mechelen/members/{other.public_code}/").status_code, 404
        )

    def test_a_partner_gets_403(self):
        self.client.force_login(self.partner)
        self.assertEqual(self.client.get(self.url).status_code, 403)
