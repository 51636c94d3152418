from belronde.audit.models import AuditEvent
from belronde.members.tests.fixtures import make_org
from belronde.testing import BelrondeTestCase


class DoNotCallTests(BelrondeTestCase):
    def setUp(self):
        self.org = make_org(self.mechelen)
        self.url = f"/c/mechelen/members/{self.org.public_code}/do-not-call/"

    def test_it_marks_with_reason_who_and_when_then_lifts_it(self):
        self.client.force_login(self.coordinator)
        self.assertEqual(
            self.client.post(self.url, {"reason": "Vroeg om niet gebeld te worden"}).status_code,
            302,
        )
        self.org.refresh_from_db()
        self.assertTrue(self.org.do_not_call)
        self.assertEqual(self.org.do_not_call_by, self.coordinator)
        self.assertIsNotNone(self.org.do_not_call_at)
        self.client.post(self.url, {"action": "clear"})
        self.org.refresh_from_db()
        self.assertFalse(self.org.do_not_call)
        verbs = list(
            AuditEvent.objects.filter(object_code=self.org.public_code).values_list(
                "verb", flat=True
            )
        )
        self.assertEqual(sorted(verbs), ["organisation.do_not_call", "organisation.may_call_again"])

    def test_a_reason_is_required(self):
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.post(self.url, {"reason": ""}).status_code, 400)
        self.org.refresh_from_db()
        self.assertFalse(self.org.do_not_call)

    def test_the_outsider_gets_404_and_a_caller_403(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.post(self.url, {"reason": "x"}).status_code, 404)
        self.client.force_login(self.caller)
        self.assertEqual(self.client.post(self.url, {"reason": "x"}).status_code, 403)
