"""What the API tests and the API's permission-matrix rows need besides tests/fixtures.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from belronde.accounts.actions import create_api_token
from belronde.accounts.models import Membership, User
from belronde.coaching import actions
from belronde.coaching.models import Trajectory
from belronde.coaching.tests.fixtures import accepted_referral, make_trajectory
from belronde.testing import BelrondeTestCase, make_user

#: the matrix's trajectories start on this date, and its session is logged on SESSION_DATE
STARTED_ON = dt.date(2024, 1, 8)
SESSION_DATE = "2024-01-15"


def another_coach(p: Any, username: str = "dirk.coach") -> User:
    """A second coach of Mechelen (the personas have one)."""
    found = User.objects.filter(username=username).first()
    if found is not None:
        return found
    user = make_user(username)
    Membership.objects.create(user=user, role=Membership.Role.COACH, chapter=p.mechelen)
    return user


def api_trajectory(p: Any, status: str = Trajectory.Status.INTAKE) -> dict[str, Any]:
    t = make_trajectory(p, status=status, started_on=STARTED_ON)
    return {"slug": "mechelen", "code": t.public_code}


def trajectory_of(
    p: Any, coach: User, *, name: str, started_on: dt.date | None = None
) -> Trajectory:
    """A trajectory that ``coach`` started (from a referral the coach persona accepted)."""
    referral = accepted_referral(p, name=name)
    return actions.start_trajectory(actor=coach, referral=referral, started_on=started_on)


class CoachingApiTestCase(BelrondeTestCase):
    """Calls the API with a token of the given user: ``self.call(user, "post", path, data)``;
    ``path`` is under /api/v1/chapters/mechelen unless it starts with /api/."""

    def setUp(self) -> None:
        super().setUp()
        self._keys: dict[int, str] = {}

    def call(
        self,
        user: User,
        method: str,
        path: str,
        data: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        if user.pk not in self._keys:
            _token, self._keys[user.pk] = create_api_token(actor=user, name="test")
        url = path if path.startswith("/api/") else f"/api/v1/chapters/mechelen{path}"
        sent = {"Authorization": f"Bearer {self._keys[user.pk]}", **(headers or {})}
        if method == "get":
            return self.client.get(url, data or {}, headers=sent)
        return getattr(self.client, method)(
            url,
            data=data if data is not None else {},
            content_type="application/json",
            headers=sent,
        )

    def assert_refused_to_the_other_roles(self, method: str, path: str, data: Any = None) -> None:
        """403 for the caller, the partner, the funder and the regional; 404 for the outsider."""
        for user in (self.caller, self.partner, self.funder, self.regional):
            response = self.call(user, method, path, data)
            self.assertEqual(response.status_code, 403, (user.username, response.content))
            self.assertNotIn(b"trajectory", response.content.lower())
        response = self.call(self.outsider, method, path, data)
        self.assertEqual(response.status_code, 404, response.content)
        response = self.call(self.outsider, method, path.replace("mechelen", "lier"), data)
        self.assertEqual(response.status_code, 404, response.content)
