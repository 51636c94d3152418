"""``POST /api/v1/chapters/{slug}/assignments/{code}/attempts`` and the round's period (issue 14,
point 6): after the end date 409 ``outside_period`` naming the date, on the last day 201."""

import datetime as dt

from django.utils import timezone

from belronde.accounts.actions import create_api_token
from belronde.accounts.models import User
from belronde.campaigns.models import Assignment, CallAttempt, Campaign
from belronde.campaigns.tests.fixtures import make_campaign
from belronde.testing import BelrondeTestCase


class AttemptApiPeriodTests(BelrondeTestCase):
    def setUp(self):
        self.campaign = make_campaign(self, orgs=1)
        User.objects.filter(pk=self.caller.pk).update(language="en")
        _t, key = create_api_token(actor=self.caller, name="t")
        self.h = {"Authorization": f"Bearer {key}"}
        self.base = "/api/v1/chapters/mechelen"
        claimed = self.post(f"/campaigns/{self.campaign.public_code}/claim")
        self.assertEqual(claimed.status_code, 200)
        self.code = claimed.json()["code"]

    def post(self, path, data=None):
        return self.client.post(
            self.base + path, data or {}, content_type="application/json", headers=self.h
        )

    def end(self, day):
        Campaign.objects.filter(pk=self.campaign.pk).update(ends_on=day)

    def test_it_answers_409_outside_period_after_the_end_date(self):
        yesterday = timezone.localdate() - dt.timedelta(days=1)
        self.end(yesterday)
        response = self.post(f"/assignments/{self.code}/attempts", {"outcome": "no_answer"})
        self.assertEqual(response.status_code, 409)
        self.assertEqual(
            response.json(),
            {
                "code": "outside_period",
                "detail": f"This call round ended on {yesterday:%d/%m/%Y}: no more call "
                "attempts are recorded.",
            },
        )
        self.assertFalse(CallAttempt.objects.exists())
        self.assertEqual(Assignment.objects.get(public_code=self.code).status, "claimed")

    def test_it_records_an_attempt_on_the_last_day(self):
        self.end(timezone.localdate())
        response = self.post(f"/assignments/{self.code}/attempts", {"outcome": "busy"})
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json()["outcome"], "busy")

    def test_it_answers_400_for_a_call_back_after_the_end_date(self):
        self.end(timezone.localdate())
        when = (timezone.now() + dt.timedelta(days=3)).isoformat()
        response = self.post(
            f"/assignments/{self.code}/attempts", {"outcome": "callback", "callback_at": when}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["code"], "invalid")
        self.assertIn("plan the call-back on or before that day", response.json()["detail"])
        self.assertFalse(CallAttempt.objects.exists())

    def test_it_is_404_for_the_other_chapter(self):
        self.end(timezone.localdate() - dt.timedelta(days=1))
        _t, key = create_api_token(actor=self.outsider, name="t")
        response = self.client.post(
            f"{self.base}/assignments/{self.code}/attempts",
            {"outcome": "busy"},
            content_type="application/json",
            headers={"Authorization": f"Bearer {key}"},
        )
        self.assertEqual(response.status_code, 404)
