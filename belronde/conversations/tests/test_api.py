from belronde.accounts.actions import create_api_token
from belronde.conversations.models import Conversation
from belronde.conversations.tests.fixtures import (
    assign,
    make_conversation,
    make_organisation,
    make_person,
)
from belronde.testing import BelrondeTestCase


class ConversationApiTests(BelrondeTestCase):
    def setUp(self):
        self.organisation = make_organisation(self.mechelen)
        self.person = make_person(self.organisation)
        self.conversation = make_conversation(self.caller, self.organisation, person=self.person)

    def api(self, user, method, path, data=None):
        _token, key = create_api_token(actor=user, name="t")
        kwargs: dict[str, object] = {"headers": {"Authorization": f"Bearer {key}"}}
        if method == "post":
            kwargs.update(content_type="application/json", data=data or {})
        return getattr(self.client, method)(f"/api/v1/chapters/mechelen{path}", **kwargs)

    def test_the_detail_has_answers_themes_and_the_triage_reasons(self):
        data = self.api(
            self.caller, "get", f"/conversations/{self.conversation.public_code}"
        ).json()
        self.assertEqual(data["health"], "red")
        self.assertEqual(data["themes"], ["turnover", "tax_social_arrears", "financing_banks"])
        self.assertTrue(data["triage"]["refer"])
        codes = [r["code"] for r in data["triage"]["reasons"]]
        self.assertEqual(
            codes, ["health_red", "short_liquidity", "public_arrears", "asks_for_help"]
        )
        self.assertTrue(data["is_latest"])

    def test_the_list_is_filtered_for_a_caller(self):
        make_conversation(self.caller2, make_organisation(self.mechelen, "Andere"))
        data = self.api(self.caller, "get", "/conversations").json()
        self.assertEqual([c["code"] for c in data["items"]], [self.conversation.public_code])
        self.assertEqual(self.api(self.coordinator, "get", "/conversations").json()["count"], 2)

    def test_entering_and_correcting_through_the_api(self):
        other = make_organisation(self.mechelen, "Garage Wouters")
        assign(self.caller, other)
        response = self.api(
            self.caller,
            "post",
            "/conversations",
            {"organisation": other.public_code, "answers": {"health": "purple"}},
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"], [{"field": "health", "code": "choice"}])
        response = self.api(
            self.caller,
            "post",
            "/conversations",
            {
                "organisation": other.public_code,
                "answers": {"health": "orange", "what_is_hard": "De huur blijft lopen."},
            },
        )
        self.assertEqual(response.status_code, 201)
        code = response.json()["code"]
        self.assertEqual(response.json()["themes"], ["rent_fixed_costs"])
        fixed = self.api(
            self.caller,
            "post",
            f"/conversations/{code}/themes",
            {"themes": ["liquidity"], "version": 1},
        )
        self.assertEqual(fixed.status_code, 201)
        self.assertEqual(fixed.json()["version"], 2)
        stale = self.api(
            self.caller,
            "post",
            f"/conversations/{code}/themes",
            {"themes": ["staff"], "version": 1},
        )
        self.assertEqual(stale.status_code, 409)
        self.assertEqual(Conversation.objects.filter(organisation=other).count(), 2)

    def test_no_referral_is_recorded(self):
        response = self.api(
            self.caller,
            "post",
            f"/conversations/{self.conversation.public_code}/no-referral",
            {"note": "Volgt het zelf op."},
        )
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json()["decision"], "no_referral")

    def test_partners_get_403_and_outsiders_404(self):
        path = f"/conversations/{self.conversation.public_code}"
        self.assertEqual(self.api(self.partner, "get", path).status_code, 403)
        self.assertEqual(self.api(self.outsider, "get", path).status_code, 404)
