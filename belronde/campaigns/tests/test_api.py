import datetime as dt

from django.utils import timezone

from belronde.accounts.actions import create_api_token
from belronde.campaigns.models import Assignment
from belronde.campaigns.tests.fixtures import make_campaign
from belronde.testing import BelrondeTestCase


class CallRoundApiTests(BelrondeTestCase):
    def setUp(self):
        self.campaign = make_campaign(self, orgs=2, max_open_claims=1)
        _t, key = create_api_token(actor=self.caller, name="t")
        self.h = {"Authorization": f"Bearer {key}"}
        self.base = "/api/v1/chapters/mechelen"

    def post(self, path, data=None):
        return self.client.post(
            self.base + path, data or {}, content_type="application/json", headers=self.h
        )

    def test_campaigns_are_listed_with_code_and_status(self):
        data = self.client.get(self.base + "/campaigns", headers=self.h).json()
        self.assertEqual(
            [(c["code"], c["status"]) for c in data["items"]],
            [(self.campaign.public_code, "running")],
        )

    def test_claim_attempt_release_cycle(self):
        response = self.post(f"/campaigns/{self.campaign.public_code}/claim")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["status"], "claimed")
        self.assertIn("code", body["organisation"])
        self.assertTrue(body["script"]["items"])
        # the per-caller limit: 409 with a message
        limit = self.post(f"/campaigns/{self.campaign.public_code}/claim")
        self.assertEqual(limit.status_code, 409)
        self.assertIn("detail", limit.json())
        attempt = self.post(
            f"/assignments/{body['code']}/attempts", {"outcome": "no_answer", "note": "x"}
        )
        self.assertEqual(attempt.status_code, 201)
        self.assertEqual(attempt.json()["assignment"]["status"], "open")
        second = self.post(f"/campaigns/{self.campaign.public_code}/claim").json()
        released = self.post(f"/assignments/{second['code']}/release")
        self.assertEqual(released.json()["status"], "open")

    def test_a_callback_keeps_the_claim_and_needs_a_time(self):
        code = self.post(f"/campaigns/{self.campaign.public_code}/claim").json()["code"]
        self.assertEqual(
            self.post(f"/assignments/{code}/attempts", {"outcome": "callback"}).status_code, 400
        )
        when = (timezone.now() + dt.timedelta(hours=2)).isoformat()
        body = self.post(
            f"/assignments/{code}/attempts", {"outcome": "callback", "callback_at": when}
        ).json()
        self.assertEqual(body["assignment"]["status"], "claimed")

    def test_nothing_callable_is_204(self):
        Assignment.objects.update(status="done")
        self.assertEqual(
            self.post(f"/campaigns/{self.campaign.public_code}/claim").status_code, 204
        )

    def test_a_bad_outcome_is_422_and_another_chapter_404(self):
        code = self.post(f"/campaigns/{self.campaign.public_code}/claim").json()["code"]
        self.assertEqual(
            self.post(f"/assignments/{code}/attempts", {"outcome": "maybe"}).status_code, 422
        )
        _t, key = create_api_token(actor=self.outsider, name="t")
        response = self.client.get(
            f"{self.base}/campaigns/{self.campaign.public_code}",
            headers={"Authorization": f"Bearer {key}"},
        )
        self.assertEqual(response.status_code, 404)

    def test_a_round_past_its_end_date_is_409_with_the_reason_in_the_users_language(self):
        from belronde.campaigns.models import Campaign

        ended = timezone.localdate() - dt.timedelta(days=1)
        Campaign.objects.filter(pk=self.campaign.pk).update(
            starts_on=ended - dt.timedelta(days=30), ends_on=ended
        )
        response = self.post(f"/campaigns/{self.campaign.public_code}/claim")
        self.assertEqual(response.status_code, 409)
        self.assertEqual(
            response.json(),
            {
                "code": "outside_period",
                "detail": f"Deze belronde is afgelopen op {ended:%d/%m/%Y}: "
                "er worden geen oproepen meer gegeven.",
            },
        )
        self.assertFalse(Assignment.objects.filter(status="claimed").exists())

    def test_a_reached_call_can_plan_a_call_back(self):
        code = self.post(f"/campaigns/{self.campaign.public_code}/claim").json()["code"]
        when = (timezone.now() + dt.timedelta(days=7)).replace(microsecond=0)
        body = self.post(
            f"/assignments/{code}/attempts", {"outcome": "reached", "callback_at": when.isoformat()}
        ).json()
        self.assertEqual(body["outcome"], "reached")
        self.assertEqual(body["assignment"]["status"], "claimed")
        self.assertEqual(dt.datetime.fromisoformat(body["assignment"]["callback_at"]), when)
