"""Objects for the coach's pages (tests and the permission matrix), made through the actions."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from belronde.accounts.models import Membership, User
from belronde.coaching import actions
from belronde.coaching.models import Document, PlanItem, Session, Trajectory
from belronde.coaching.tests.files import PDF, upload
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.testing import BelrondeTestCase, make_user


def second_coach(p: Any, username: str = "dirk.coach") -> User:
    """Another coach of Mechelen (not the trajectory's): a 404 for the persona's trajectories."""
    user = make_user(username, language="en")
    Membership.objects.create(user=user, role=Membership.Role.COACH, chapter=p.mechelen)
    return user


def plan_item_of(trajectory: Trajectory) -> PlanItem:
    return PlanItem.objects.filter(trajectory=trajectory).order_by("pk").first() or (
        actions.add_plan_item(
            actor=trajectory.coach,
            trajectory=trajectory,
            module="payment-plan",
            description="Afbetalingsplan met de RSZ aanvragen",
            owner="entrepreneur",
        )
    )


def logged_session(p: Any, trajectory: Trajectory, **kw: Any) -> Session:
    session, _created = actions.log_session(
        actor=p.coach,
        trajectory=trajectory,
        held_on=kw.get("held_on", timezone.localdate()),
        minutes=kw.get("minutes", 60),
        mode=kw.get("mode", Session.Mode.VISIT),
        notes=kw.get("notes", "Kasplan overlopen met de zaakvoerder."),
    )
    return session


def uploaded_document(p: Any, trajectory: Trajectory, name: str = "jaarrekening.pdf") -> Document:
    return actions.upload_document(actor=p.coach, trajectory=trajectory, upload=upload(name, PDF))


# Permission-matrix objects ---------------------------------------------------------------------


def matrix_plan_item(p: Any) -> dict[str, Any]:
    trajectory = make_trajectory(p, status=Trajectory.Status.COACHING)
    item = plan_item_of(trajectory)
    return {"chapter": "mechelen", "code": trajectory.public_code, "item": item.public_code}


def matrix_session(p: Any) -> dict[str, Any]:
    week_ago = timezone.localdate() - dt.timedelta(days=7)
    trajectory = make_trajectory(p, status=Trajectory.Status.COACHING, started_on=week_ago)
    session = logged_session(p, trajectory, held_on=timezone.localdate() - dt.timedelta(days=1))
    return {"chapter": "mechelen", "code": trajectory.public_code, "session": session.public_code}


def matrix_document(p: Any) -> dict[str, Any]:
    """A trajectory's document. Its bytes go to a throwaway folder: the matrix checks who may
    ask for it (404 / 403 come before the file is read); a coach's or coordinator's download then
    finds no file and is sent back to the trajectory (302). test_view_document downloads it."""
    trajectory = make_trajectory(p)
    with (
        tempfile.TemporaryDirectory(prefix="belronde-m-") as folder,
        override_settings(BELRONDE_DOCUMENTS_DIR=Path(folder)),
    ):
        document = uploaded_document(p, trajectory)
    return {"chapter": "mechelen", "code": trajectory.public_code, "token": document.token}


def temporary_documents_dir(case: Any) -> Path:
    """Documents of this test go to a temporary folder, removed afterwards."""
    import shutil

    folder = Path(tempfile.mkdtemp(prefix="belronde-docs-"))
    case.addCleanup(shutil.rmtree, folder, True)
    override = override_settings(BELRONDE_DOCUMENTS_DIR=folder)
    override.enable()
    case.addCleanup(override.disable)
    return folder


class PagesTestCase(BelrondeTestCase):
    """The personas, reading the pages in English: the tests check the English msgids, which
    stay the same when the Dutch catalogue changes."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        User.objects.update(language="en")

    def url(self, name: str, **kwargs: Any) -> str:
        return reverse(f"coaching:{name}", kwargs={"chapter": "mechelen", **kwargs})
