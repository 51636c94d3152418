"""`belronde coaching late --chapter SLUG [--json]`: the chapter's late activities, oldest
first, as a table or a JSON list; an unknown chapter exits non-zero with a one-line reason."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from belronde.coaching import actions
from belronde.coaching.models import Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.coaching.tests.fixtures_api import another_coach, trajectory_of
from belronde.testing import BelrondeTestCase, Personas

ROOT = Path(settings.BASE_DIR)


def late(*args: str) -> str:
    out = StringIO()
    call_command("coaching", "late", *args, stdout=out)
    return out.getvalue()


class LateCommandTest(BelrondeTestCase):
    def setUp(self) -> None:
        self.today = timezone.localdate()
        self.started = self.today - dt.timedelta(days=30)
        self.trajectory = make_trajectory(self, started_on=self.started)

    def test_it_prints_the_late_activities_as_a_table(self) -> None:
        lines = late("--chapter", "mechelen").splitlines()
        self.assertEqual(
            lines[0].split(),
            ["Trajectory", "Firm", "Coach", "Activity", "Due", "on", "Days", "late"],
        )
        self.assertTrue(set(lines[1]) <= {"-", " "})
        analysis, plan = lines[2], lines[3]
        for line, days in ((analysis, 7), (plan, 21)):
            due = self.started + dt.timedelta(days=days)
            self.assertIn(self.trajectory.public_code, line)
            self.assertIn("Bakkerij Peeters BV", line)
            self.assertIn(self.coach.username, line)
            self.assertIn(due.strftime("%d/%m/%Y"), line)
            self.assertTrue(line.endswith(str((self.today - due).days)))
        self.assertEqual(lines[-1], "2 late activities in Mechelen.")

    def test_it_prints_a_json_list(self) -> None:
        rows = json.loads(late("--chapter", "mechelen", "--json"))
        due = self.started + dt.timedelta(days=7)
        self.assertEqual(len(rows), 2)
        self.assertEqual(
            {k: v for k, v in rows[0].items() if k != "activity"},
            {
                "trajectory": self.trajectory.public_code,
                "organisation": "Bakkerij Peeters BV",
                "coach": self.coach.username,
                "kind": "analysis",
                "due_on": due.isoformat(),
                "days_late": 23,
            },
        )
        self.assertTrue(rows[0]["activity"])
        self.assertEqual([r["days_late"] for r in rows], [23, 9])

    def test_it_leaves_out_what_is_done_closed_or_not_due_yet(self) -> None:
        actions.waive_analysis(actor=self.coach, trajectory=self.trajectory, reason="Klein.")
        make_trajectory(self, name="Drukkerij Wouters")  # started today: nothing late
        closed = make_trajectory(
            self, name="Slagerij Janssens", started_on=self.started, status=Trajectory.Status.CLOSED
        )
        rows = json.loads(late("--chapter", "mechelen", "--json"))
        self.assertEqual(
            [(r["trajectory"], r["kind"]) for r in rows], [(self.trajectory.public_code, "plan")]
        )
        self.assertNotIn(closed.public_code, late("--chapter", "mechelen"))

    def test_it_lists_one_coach_with_coach(self) -> None:
        other = another_coach(self)
        theirs = trajectory_of(self, other, name="Slagerij Janssens", started_on=self.started)
        everyone = {r["trajectory"] for r in json.loads(late("--chapter", "mechelen", "--json"))}
        self.assertEqual(everyone, {self.trajectory.public_code, theirs.public_code})
        only = json.loads(late("--chapter", "mechelen", "--coach", other.username, "--json"))
        self.assertEqual({r["trajectory"] for r in only}, {theirs.public_code})

    def test_it_refuses_a_coach_of_another_chapter(self) -> None:
        with self.assertRaisesMessage(CommandError, "is not a coach of chapter mechelen"):
            late("--chapter", "mechelen", "--coach", self.caller.username)

    def test_it_says_so_when_nothing_is_late(self) -> None:
        self.assertEqual(late("--chapter", "lier").strip(), "No late activities in Lier.")
        self.assertEqual(json.loads(late("--chapter", "lier", "--json")), [])

    def test_an_unknown_chapter_is_an_error_naming_the_known_ones(self) -> None:
        with self.assertRaises(CommandError) as refused:
            late("--chapter", "gent")
        self.assertEqual(str(refused.exception), "No chapter gent. Known chapters: lier, mechelen.")


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def belronde(*args: str) -> subprocess.CompletedProcess[str]:
    """The `belronde` console script (or ``python -m belronde`` where it is not installed)."""
    script = Path(sys.executable).with_name("belronde")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "belronde"]
    env = {**os.environ, "DATABASE_URL": database_url(), "BELRONDE_DEBUG": "true"}
    return subprocess.run(
        [*command, *args, "--skip-checks"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_the_console_script_prints_json_and_refuses_an_unknown_chapter_in_one_line() -> None:
    Personas.create_personas()
    trajectory = make_trajectory(Personas, started_on=timezone.localdate() - dt.timedelta(days=8))
    good = belronde("coaching", "late", "--chapter", "mechelen", "--json")
    assert good.returncode == 0, good.stderr
    rows = json.loads(good.stdout)
    assert [(r["trajectory"], r["kind"], r["days_late"]) for r in rows] == [
        (trajectory.public_code, "analysis", 1)
    ]
    bad = belronde("coaching", "late", "--chapter", "gent")
    assert bad.returncode != 0
    lines = [line for line in bad.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "No chapter gent." in lines[0], bad.stderr
    assert bad.stdout == ""
