from collections import Counter

from django.core.management import call_command
from django.test import override_settings
from stdnum.be import vat

from belronde.members.models import Organisation, Person
from belronde.members.reference import find_nace
from belronde.testing import BelrondeTestCase


@override_settings(DEBUG=True)
class MembersDemoTests(BelrondeTestCase):
    @classmethod
    def setUpTestData(cls):
        pass  # the demo makes its own chapters

    def test_the_demo_members_are_realistic_valid_deterministic_and_idempotent(self):
        import io

        call_command("demo", stdout=io.StringIO())
        mechelen = Organisation.objects.filter(chapter__slug="mechelen")
        self.assertEqual(mechelen.count(), 600)
        self.assertEqual(Organisation.objects.filter(chapter__slug="lier").count(), 150)
        self.assertTrue(
            all(
                vat.is_valid(n)
                for n in Organisation.objects.values_list("enterprise_number", flat=True)
            )
        )
        self.assertEqual(
            set(mechelen.values_list("postal_code", flat=True)), {"2800", "2801", "2811", "2812"}
        )
        self.assertEqual(
            set(mechelen.values_list("municipality", flat=True)),
            {"Mechelen", "Heffen", "Hombeek", "Muizen"},
        )
        self.assertTrue(all(find_nace(c) for c in mechelen.values_list("nace_code", flat=True)))
        sections = Counter(mechelen.values_list("nace_section", flat=True))
        self.assertGreater(len(sections), 8)
        bigger = mechelen.filter(employees__gte=5).count()
        self.assertTrue(90 < bigger < 250, bigger)  # about a quarter has 5 or more employees
        import phonenumbers

        phones = [p for row in Person.objects.values_list("phone", "mobile") for p in row if p]
        self.assertTrue(all(phonenumbers.is_valid_number(phonenumbers.parse(p)) for p in phones))
        call_command("demo", stdout=io.StringIO())
        self.assertEqual(Organisation.objects.count(), 750)
        from belronde.members.demo import _generate

        chapter = mechelen.first().chapter
        one = [(o.enterprise_number, o.name, o.employees) for o in _generate(chapter, 50, 7)[0]]
        two = [(o.enterprise_number, o.name, o.employees) for o in _generate(chapter, 50, 7)[0]]
        self.assertEqual(one, two)
