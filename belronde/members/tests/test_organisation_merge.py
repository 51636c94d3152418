from belronde.audit.models import AuditEvent
from belronde.members.models import Organisation, Person
from belronde.members.tests.fixtures import make_org, make_person
from belronde.testing import BelrondeTestCase


class MergeTests(BelrondeTestCase):
    def setUp(self):
        self.keep = make_org(self.mechelen, "0403170701", "Bakkerij Peeters")
        make_person(self.keep, "Els Peeters", is_primary=True)
        self.dupe = make_org(
            self.mechelen, "0200000043", "Bakkerij Peters", nace_code="47241", phone="+3215203040"
        )
        make_person(self.dupe, "Jan Peters", is_primary=True)
        self.url = f"/c/mechelen/members/{self.keep.public_code}/merge/"

    def test_it_asks_for_confirmation_then_merges_keeping_history(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url, {"duplicate": "0200.000.043"})
        self.assertEqual(response.context["duplicate"], self.dupe)
        self.assertEqual(Person.objects.filter(organisation=self.keep).count(), 1)
        response = self.client.post(self.url, {"duplicate": self.dupe.public_code, "confirm": "1"})
        self.assertEqual(response.status_code, 302)
        self.keep.refresh_from_db()
        self.dupe.refresh_from_db()
        self.assertEqual(self.dupe.merged_into, self.keep)
        self.assertEqual(self.keep.nace_code, "47241")
        self.assertEqual(self.keep.phone, "+3215203040")
        names = dict(self.keep.persons.values_list("name", "is_primary"))
        self.assertEqual(names, {"Els Peeters": True, "Jan Peters": False})
        self.assertEqual(AuditEvent.objects.filter(verb="organisation.merged").count(), 2)
        self.assertEqual(list(Organisation.objects.filter(merged_into__isnull=True)), [self.keep])
        detail = self.client.get(f"/c/mechelen/members/{self.dupe.public_code}/")
        self.assertContains(detail, "Bakkerij Peeters")

    def test_an_unknown_or_other_chapters_number_is_not_found(self):
        lier = make_org(self.lier, "0200000736", "Lier BV")
        self.client.force_login(self.coordinator)
        for value in ("0403.170.709", lier.enterprise_number, "NOPE"):
            response = self.client.post(self.url, {"duplicate": value, "confirm": "1"})
            self.assertEqual(response.status_code, 400)
        self.assertFalse(Organisation.objects.filter(merged_into__isnull=False).exists())

    def test_the_outsider_gets_404_and_a_caller_403(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.client.force_login(self.caller)
        self.assertEqual(self.client.get(self.url).status_code, 403)
