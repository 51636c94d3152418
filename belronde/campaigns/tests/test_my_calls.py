"""The caller's queues (``caller_views.my_calls``): each row's link is on the firm's name, its
date stays text; a round outside its period says so instead of offering a call (issue 12)."""

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from belronde.campaigns import actions
from belronde.campaigns.models import Assignment, Campaign
from belronde.campaigns.tests.fixtures import make_campaign
from belronde.testing import BelrondeTestCase


def section(html: str, testid: str) -> str:
    return html.split(f'data-testid="{testid}"')[1].split("</ul>")[0]


def links(fragment: str) -> list[str]:
    """The text of every link in an HTML fragment."""
    return [
        re.sub(r"\s+", " ", text).strip()
        for text in re.findall(r"<a [^>]*>(.*?)</a>", fragment, re.S)
    ]


class MyCallsTests(BelrondeTestCase):
    def setUp(self):
        self.campaign = make_campaign(self, orgs=4)
        self.url = reverse("campaigns:my_calls", args=["mechelen"])
        self.client.force_login(self.caller)
        rows = list(Assignment.objects.filter(campaign=self.campaign).order_by("pk"))
        self.today, self.later, self.done, self.given = rows
        now = timezone.now()
        soon = timezone.localtime() + dt.timedelta(minutes=20)
        if soon.date() != timezone.localdate():
            self.skipTest("20 minutes from now is tomorrow: no call-back today to list")
        for row, when in ((self.today, soon), (self.later, now + dt.timedelta(days=3))):
            claimed = actions.claim_assignment(actor=self.caller, assignment=row)
            actions.record_attempt(
                actor=self.caller, assignment=claimed, outcome="callback", callback_at=when
            )
        done = actions.claim_assignment(actor=self.caller, assignment=self.done)
        actions.record_attempt(actor=self.caller, assignment=done, outcome="refused")
        Assignment.objects.filter(pk=self.given.pk).update(caller=self.caller)

    def html(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_the_link_of_each_queue_row_is_on_the_firms_name(self):
        html = self.html()
        for testid, row in (
            ("callbacks-today", self.today),
            ("later-callbacks", self.later),
            ("done-today", self.done),
        ):
            fragment = section(html, testid)
            self.assertIn(row.organisation.name, links(fragment), testid)
            call = reverse("campaigns:call", args=["mechelen", row.public_code])
            self.assertIn(f'href="{call}">{row.organisation.name}</a>', fragment, testid)
        # the dates and times are text, never a link
        for testid in ("callbacks-today", "later-callbacks", "done-today"):
            for text in links(section(html, testid)):
                self.assertIsNone(re.search(r"\d{1,2}[:/]\d{2}", text), (testid, text))
        given = section(html, "given")
        self.assertIn(self.given.organisation.name, given)

    def test_a_round_past_its_end_date_says_so_and_offers_no_call(self):
        ended = timezone.localdate() - dt.timedelta(days=1)
        Campaign.objects.filter(pk=self.campaign.pk).update(
            starts_on=ended - dt.timedelta(days=30), ends_on=ended
        )
        html = self.html()
        self.assertIn('data-testid="round-ended"', html)
        self.assertIn(f"Deze belronde is afgelopen op {ended:%d/%m/%Y}", html)
        self.assertNotIn('data-testid="next-call"', html)
        self.assertNotIn('data-testid="given"', html)  # nothing to claim there any more

    def test_a_round_that_starts_later_says_when(self):
        starts = timezone.localdate() + dt.timedelta(days=3)
        Campaign.objects.filter(pk=self.campaign.pk).update(
            starts_on=starts, ends_on=starts + dt.timedelta(days=30)
        )
        html = self.html()
        self.assertIn(f"Deze belronde begint op {starts:%d/%m/%Y}", html)
        self.assertNotIn('data-testid="next-call"', html)

    def test_the_wrong_role_is_403_and_a_stranger_to_the_chapter_404(self):
        self.client.force_login(self.funder)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
