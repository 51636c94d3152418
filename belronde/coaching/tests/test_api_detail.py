"""GET /api/v1/chapters/{slug}/trajectories/{code}: the trajectory with its timeline, plan,
sessions (current versions), analyses, documents (no download URL) and follow-ups; its version
as the ETag."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from django.test import override_settings
from django.utils import timezone

from belronde.accounts.models import User
from belronde.analyses import actions as analysis_actions
from belronde.coaching import actions
from belronde.coaching.models import Trajectory
from belronde.coaching.tests import files
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.coaching.tests.fixtures_api import CoachingApiTestCase, another_coach

S = Trajectory.Status


class TrajectoryDetailApiTest(CoachingApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.today = timezone.localdate()
        self.trajectory = make_trajectory(self, started_on=self.today - dt.timedelta(days=10))
        self.path = f"/trajectories/{self.trajectory.public_code}"

    def get(self, user: User | None = None) -> Any:
        response = self.call(user or self.coach, "get", self.path)
        self.assertEqual(response.status_code, 200, response.content)
        return response

    def test_it_shows_the_timeline_with_each_activitys_state(self) -> None:
        body = self.get().json()
        started = self.today - dt.timedelta(days=10)
        self.assertEqual(body["code"], self.trajectory.public_code)
        self.assertEqual(body["status"], "intake")
        self.assertEqual(
            [(a["kind"], a["due_on"], a["done_on"], a["state"]) for a in body["activities"]],
            [
                ("analysis", (started + dt.timedelta(days=7)).isoformat(), None, "late"),
                ("plan", (started + dt.timedelta(days=21)).isoformat(), None, "due"),
                ("follow_up", (started + dt.timedelta(days=45)).isoformat(), None, "due"),
                ("follow_up", (started + dt.timedelta(days=90)).isoformat(), None, "due"),
                ("closure", (started + dt.timedelta(days=120)).isoformat(), None, "due"),
            ],
        )
        self.assertTrue(all(a["label"] for a in body["activities"]))
        self.assertEqual((body["late"], body["next_due"]), (1, body["activities"][0]["due_on"]))
        self.assertEqual(body["referral"], self.trajectory.referral.public_code)

    def test_it_answers_the_version_as_the_etag(self) -> None:
        response = self.get()
        self.assertEqual(response["ETag"], f'"v{self.trajectory.version}"')
        self.assertEqual(response.json()["version"], self.trajectory.version)
        actions.transition(actor=self.coach, trajectory=self.trajectory, to=S.ANALYSIS)
        again = self.get()
        self.assertEqual(again["ETag"], f'"v{self.trajectory.version + 1}"')
        self.assertEqual(again.json()["status"], "analysis")

    def test_it_shows_analyses_plan_items_sessions_and_documents(self) -> None:
        analysis = analysis_actions.create_analysis(
            actor=self.coach, chapter=self.mechelen, organisation=self.trajectory.organisation
        )
        actions.link_analysis(actor=self.coach, trajectory=self.trajectory, analysis=analysis)
        item = actions.add_plan_item(
            actor=self.coach,
            trajectory=self.trajectory,
            module="payment-plan",
            description="Afbetalingsplan met de RSZ",
            owner="accountant",
            due_on=self.today + dt.timedelta(days=14),
        )
        session, _created = actions.log_session(
            actor=self.coach,
            trajectory=self.trajectory,
            held_on=self.today - dt.timedelta(days=2),
            minutes=60,
            mode="visit",
            notes="Eerste gesprek.",
        )
        corrected = actions.correct_session(
            actor=self.coach,
            session=session,
            held_on=self.today - dt.timedelta(days=2),
            minutes=75,
            mode="visit",
            notes="Eerste gesprek, met de boekhouder.",
        )
        with tempfile.TemporaryDirectory() as folder:
            with override_settings(BELRONDE_DOCUMENTS_DIR=Path(folder)):
                document = actions.upload_document(
                    actor=self.coach,
                    trajectory=self.trajectory,
                    upload=files.upload("jaarrekening.pdf", files.PDF),
                )
            body = self.get().json()
        self.assertEqual(body["analyses"], [analysis.public_code])
        self.assertEqual(
            body["plan_items"],
            [
                {
                    "code": item.public_code,
                    "module": "payment-plan",
                    "module_label": item.module.label,
                    "description": "Afbetalingsplan met de RSZ",
                    "owner": "accountant",
                    "due_on": (self.today + dt.timedelta(days=14)).isoformat(),
                    "done_on": None,
                    "version": 1,
                }
            ],
        )
        # the current version only: the correction replaces what it supersedes
        self.assertEqual(len(body["sessions"]), 1)
        self.assertEqual(body["sessions"][0]["code"], corrected.public_code)
        self.assertEqual((body["sessions"][0]["minutes"], body["sessions"][0]["version"]), (75, 2))
        self.assertEqual(body["sessions"][0]["notes"], "Eerste gesprek, met de boekhouder.")
        self.assertEqual(body["sessions"][0]["recorded_by"], self.coach.username)
        self.assertEqual(len(body["documents"]), 1)
        self.assertEqual(
            {k: v for k, v in body["documents"][0].items() if k != "uploaded_at"},
            {"name": "jaarrekening.pdf", "kind": "pdf", "size": len(files.PDF)},
        )
        # no download URL or token in the API
        self.assertNotIn(document.token, self.get().content.decode())
        self.assertNotIn(document.stored_as, self.get().content.decode())

    def test_it_shows_the_follow_ups_after_the_close(self) -> None:
        actions.close_trajectory(
            actor=self.coach,
            trajectory=self.trajectory,
            outcome="restructured",
            conclusion="Afbetalingsplan loopt.",
        )
        body = self.get().json()
        self.assertEqual((body["status"], body["outcome"]), ("closed", "restructured"))
        self.assertEqual(body["conclusion"], "Afbetalingsplan loopt.")
        self.assertEqual([f["months"] for f in body["follow_ups"]], [6, 12])
        self.assertEqual(
            body["follow_ups"][0]["due_on"], (self.today + dt.timedelta(days=182)).isoformat()
        )
        self.assertEqual(
            {a["state"] for a in body["activities"] if a["kind"] != "closure"}, {"skipped"}
        )

    def test_the_coordinator_sees_every_trajectory(self) -> None:
        self.assertEqual(self.get(self.coordinator).json()["code"], self.trajectory.public_code)

    def test_another_coach_gets_a_404(self) -> None:
        response = self.call(another_coach(self), "get", self.path)
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Bakkerij", response.content.decode())

    def test_it_is_404_for_an_unknown_code(self) -> None:
        self.assertEqual(self.call(self.coach, "get", "/trajectories/UNKNOWN234").status_code, 404)

    def test_the_partner_and_the_funder_never_get_the_trajectory(self) -> None:
        for user in (self.partner, self.funder):
            response = self.call(user, "get", self.path)
            self.assertEqual(response.status_code, 403)
            self.assertNotIn("Bakkerij", response.content.decode())
            self.assertFalse(response.has_header("ETag"))

    def test_it_is_403_for_other_roles_and_404_for_the_outsider(self) -> None:
        self.assert_refused_to_the_other_roles("get", self.path)
