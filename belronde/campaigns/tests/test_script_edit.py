from django.urls import reverse

from belronde.campaigns import actions
from belronde.testing import BelrondeTestCase


class ScriptEditTests(BelrondeTestCase):
    def setUp(self):
        self.script = actions.create_script(
            actor=self.coordinator, chapter=self.mechelen, name="Najaar"
        )
        self.url = reverse("campaigns:script_edit", args=["mechelen", self.script.public_code])
        self.client.force_login(self.coordinator)

    def post_data(self, items, **extra):
        data = {
            "name": "Najaar",
            "intro_nl": "Dag!",
            "intro_en": "Hello!",
            "items-TOTAL_FORMS": str(len(items)),
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
        }
        for i, item in enumerate(items):
            for key, value in item.items():
                data[f"items-{i}-{key}"] = value
        data.update(extra)
        return data

    def test_saving_makes_a_new_version_and_keeps_the_old_one(self):
        response = self.client.get(self.url)
        self.assertContains(response, "Hoe gaat het?")
        items = [
            {
                "key": "mood",
                "type": "scale",
                "label_nl": "Stemming",
                "min": "1",
                "max": "10",
                "ORDER": "2",
            },
            {
                "key": "health",
                "type": "single",
                "label_nl": "Gezondheid",
                "required": "on",
                "maps_to": "health",
                "choices": "green | Groen | Green\nred | Rood | Red",
                "ORDER": "1",
            },
        ]
        response = self.client.post(self.url, self.post_data(items))
        self.assertRedirects(response, self.url)
        self.script.refresh_from_db()
        current = self.script.current
        self.assertEqual(current.number, 2)
        self.assertEqual([i["key"] for i in current.items], ["health", "mood"])
        self.assertEqual(current.items[1]["max"], 10)
        self.assertEqual(self.script.versions.get(number=1).items[0]["key"], "how_is_it_going")

    def test_a_bad_script_is_explained_and_not_saved(self):
        items = [{"key": "x", "type": "single", "label_nl": "Kies", "choices": "only"}]
        response = self.client.post(self.url, self.post_data(items))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "minstens twee keuzes")
        self.assertEqual(self.script.versions.count(), 1)

    def test_it_is_403_for_a_caller_and_404_for_another_chapter(self):
        self.client.force_login(self.caller)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
