from belronde.members.models import Person
from belronde.members.tests.fixtures import make_org, make_person
from belronde.testing import BelrondeTestCase


class PersonEditTests(BelrondeTestCase):
    def setUp(self):
        self.org = make_org(self.mechelen)
        self.els = make_person(self.org, "Els Peeters", is_primary=True)
        self.jan = make_person(self.org, "Jan Peeters")
        self.url = f"/c/mechelen/members/{self.org.public_code}/persons/{self.jan.public_code}/"

    def test_making_someone_the_main_contact_unmarks_the_other(self):
        self.client.force_login(self.coordinator)
        data = {
            "name": "Jan Peeters",
            "role": "",
            "phone": "",
            "mobile": "0475 12 34 56",
            "email": "",
            "language": "fr",
            "preferred_call_times": "",
            "is_primary": "on",
        }
        self.assertEqual(self.client.post(self.url, data).status_code, 302)
        self.assertEqual(
            dict(Person.objects.values_list("name", "is_primary")),
            {"Els Peeters": False, "Jan Peeters": True},
        )
        self.jan.refresh_from_db()
        self.assertEqual((self.jan.mobile, self.jan.language), ("+32475123456", "fr"))

    def test_removing_the_main_contact_promotes_another(self):
        self.client.force_login(self.coordinator)
        url = f"/c/mechelen/members/{self.org.public_code}/persons/{self.els.public_code}/"
        self.assertEqual(self.client.post(url, {"action": "delete"}).status_code, 302)
        self.assertEqual(
            list(Person.objects.values_list("name", "is_primary")), [("Jan Peeters", True)]
        )

    def test_a_person_of_another_organisation_is_404(self):
        other = make_org(self.mechelen, "0200000043", "Ander")
        self.client.force_login(self.coordinator)
        url = f"/c/mechelen/members/{other.public_code}/persons/{self.jan.public_code}/"
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_outsider_gets_404_and_a_coach_403(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.client.force_login(self.coach)
        self.assertEqual(self.client.get(self.url).status_code, 403)
