from belronde.members.models import Person
from belronde.members.tests.fixtures import make_org
from belronde.testing import BelrondeTestCase


class PersonCreateTests(BelrondeTestCase):
    def setUp(self):
        self.org = make_org(self.mechelen, import_digest="abc")
        self.url = f"/c/mechelen/members/{self.org.public_code}/persons/new/"

    def data(self, **extra):
        data = {
            "name": "Els Peeters",
            "role": "zaakvoerder",
            "phone": "0471/23.45.67",
            "mobile": "",
            "email": "els@example.be",
            "language": "nl",
            "preferred_call_times": "na 14u",
        }
        data.update(extra)
        return data

    def test_the_first_person_becomes_the_main_contact_with_an_e164_phone(self):
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.post(self.url, self.data()).status_code, 302)
        person = Person.objects.get()
        self.assertEqual(
            (person.phone, person.is_primary, person.chapter), ("+32471234567", True, self.mechelen)
        )
        self.org.refresh_from_db()
        self.assertEqual(self.org.import_digest, "")

    def test_a_bad_phone_is_a_form_error(self):
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.post(self.url, self.data(phone="12345")).status_code, 400)
        self.assertFalse(Person.objects.exists())

    def test_the_outsider_gets_404_and_a_caller_403(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.post(self.url, self.data()).status_code, 404)
        self.client.force_login(self.caller)
        self.assertEqual(self.client.post(self.url, self.data()).status_code, 403)
