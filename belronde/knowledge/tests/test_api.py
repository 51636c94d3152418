from belronde.accounts.actions import create_api_token
from belronde.conversations.tests.fixtures import make_conversation, make_organisation
from belronde.knowledge.models import BestPractice, Question
from belronde.testing import BelrondeTestCase


class KnowledgeApiTests(BelrondeTestCase):
    def api(self, user, method, path, data=None):
        _token, key = create_api_token(actor=user, name="t")
        kwargs: dict[str, object] = {"headers": {"Authorization": f"Bearer {key}"}}
        if method == "post":
            kwargs.update(content_type="application/json", data=data or {})
        return getattr(self.client, method)(f"/api/v1/chapters/mechelen{path}", **kwargs)

    def test_raise_answer_publish_and_search(self):
        conversation = make_conversation(self.caller, make_organisation(self.mechelen))
        response = self.api(
            self.caller,
            "post",
            "/questions",
            {
                "text": "Hoe vraag ik de hinderpremie aan?",
                "theme": "rules_measures",
                "conversation": conversation.public_code,
            },
        )
        self.assertEqual(response.status_code, 201)
        code = response.json()["code"]
        self.assertEqual(response.json()["conversation"], conversation.public_code)
        self.assertEqual(
            self.api(self.caller, "post", f"/questions/{code}/answer", {"text": "x"}).status_code,
            403,
        )
        answered = self.api(
            self.coordinator, "post", f"/questions/{code}/answer", {"text": "Via VLAIO."}
        )
        self.assertEqual(answered.json()["status"], "answered")
        self.assertEqual(self.api(self.caller, "get", "/faq?q=premie").json()["count"], 0)
        self.api(self.coordinator, "post", f"/questions/{code}/publish", {"publish": True})
        found = self.api(self.caller, "get", "/faq?q=premie").json()
        self.assertEqual([a["text"] for a in found["items"]], ["Via VLAIO."])
        mine = self.api(self.caller, "get", f"/questions/{code}").json()
        self.assertEqual(mine["answer"]["text"], "Via VLAIO.")

    def test_grouping_through_the_api(self):
        a = self.api(self.caller, "post", "/questions", {"text": "Hoe krijg ik de premie?"})
        b = self.api(self.caller2, "post", "/questions", {"text": "Premie aanvragen, hoe?"})
        response = self.api(
            self.coordinator,
            "post",
            f"/questions/{b.json()['code']}/group",
            {"under": a.json()["code"]},
        )
        self.assertEqual(response.json()["grouped_under"], a.json()["code"])
        self.assertEqual(Question.objects.filter(same_as__isnull=False).count(), 1)

    def test_an_unknown_theme_is_404(self):
        response = self.api(self.caller, "post", "/questions", {"text": "Vraag?", "theme": "x"})
        self.assertEqual(response.status_code, 404)

    def test_best_practices_submit_review_and_library(self):
        response = self.api(
            self.caller,
            "post",
            "/best-practices",
            {
                "title": "Samen inkopen",
                "text": "Vijf winkels kopen samen in.",
                "sharing": "anonymous",
            },
        )
        self.assertEqual(response.status_code, 201)
        code = response.json()["code"]
        self.assertEqual(self.api(self.caller2, "get", "/best-practices").json()["count"], 0)
        self.assertEqual(self.api(self.caller2, "get", f"/best-practices/{code}").status_code, 403)
        reviewed = self.api(
            self.coordinator, "post", f"/best-practices/{code}/review", {"publish": True}
        )
        self.assertEqual(reviewed.json()["status"], "published")
        self.assertEqual(self.api(self.caller2, "get", "/best-practices").json()["count"], 1)
        queue = self.api(self.coordinator, "get", "/best-practices?status=submitted").json()
        self.assertEqual(queue["count"], 0)

    def test_a_practice_without_consent_cannot_be_published(self):
        code = self.api(
            self.caller,
            "post",
            "/best-practices",
            {"title": "Intern", "text": "Niet te delen, enkel intern.", "sharing": "internal"},
        ).json()["code"]
        response = self.api(
            self.coordinator, "post", f"/best-practices/{code}/review", {"publish": True}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(BestPractice.objects.get().status, "submitted")

    def test_themes_are_for_coordinators(self):
        self.assertEqual(len(self.api(self.coordinator, "get", "/themes").json()), 11)
        self.assertEqual(self.api(self.caller, "get", "/themes").status_code, 403)
        self.assertEqual(self.api(self.outsider, "get", "/themes").status_code, 404)
