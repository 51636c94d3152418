"""Named test personas shared by every app's tests (plain objects.create, no factories).

Mechelen is "our" chapter; Lier is the other chapter whose coordinator plays the outsider.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from django.test import TestCase

from belronde.accounts.models import Chapter, Membership, PartnerOrganisation, Region, User

if TYPE_CHECKING:
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "correct horse battery staple"
Role = Membership.Role


def make_user(username: str, **extra: Any) -> User:
    user = User(username=username, email=f"{username}@example.org", **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


class Personas:
    """Creates the cast. Mixed into TestCase (``setUpTestData``) or used from pytest fixtures."""

    region: Region
    mechelen: Chapter
    lier: Chapter
    dyzo: PartnerOrganisation
    coordinator: User
    caller: User
    caller2: User
    coach: User
    partner: User
    funder: User
    regional: User
    outsider: User
    nobody: User

    @classmethod
    def create_personas(cls) -> None:
        cls.region = Region.objects.create(slug="antwerpen", name="Antwerpen")
        cls.mechelen = Chapter.objects.create(
            slug="mechelen", name="Mechelen", region=cls.region, postal_codes=["2800", "2801"]
        )
        other_region = Region.objects.create(slug="limburg", name="Limburg")
        cls.lier = Chapter.objects.create(
            slug="lier", name="Lier", region=other_region, postal_codes=["2500"]
        )
        cls.dyzo = PartnerOrganisation.objects.create(slug="dyzo", name="Dyzo")
        cls.coordinator = cls._member("alice.coordinator", Role.COORDINATOR, cls.mechelen)
        cls.caller = cls._member("bob.caller", Role.CALLER, cls.mechelen)
        cls.caller2 = cls._member("carl.caller", Role.CALLER, cls.mechelen)
        cls.coach = cls._member("cora.coach", Role.COACH, cls.mechelen)
        cls.partner = cls._member("pia.partner", Role.PARTNER, cls.mechelen, partner=cls.dyzo)
        cls.funder = cls._member("fien.funder", Role.FUNDER, cls.mechelen)
        cls.regional = make_user("rita.regional")
        Membership.objects.create(user=cls.regional, role=Role.REGIONAL, region=cls.region)
        cls.outsider = cls._member("otto.outsider", Role.COORDINATOR, cls.lier)
        cls.nobody = make_user("nina.nobody")

    @classmethod
    def _member(
        cls, username: str, role: str, chapter: Chapter, partner: PartnerOrganisation | None = None
    ) -> User:
        user = make_user(username)
        Membership.objects.create(
            user=user, role=role, chapter=chapter, partner_organisation=partner
        )
        return user

    @classmethod
    def persona(cls, name: str) -> User | None:
        """``"anonymous"`` gives None; other names are attributes (``"caller"``, ...)."""
        return None if name == "anonymous" else getattr(cls, name)


class BelrondeTestCase(Personas, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.create_personas()


# Two-factor authentication ----------------------------------------------------------------------


def add_totp_device(user: User) -> TOTPDevice:
    """A confirmed authenticator for ``user`` (as after enrolment, without recovery codes)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def totp_code(device: TOTPDevice, steps: int = 0) -> str:
    """What an authenticator app with this device's key shows now (or ``steps`` later)."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = time.time() + steps * device.step
    return str(totp.token()).zfill(device.digits)


def wrong_totp_code(device: TOTPDevice) -> str:
    """Six digits that no time step in or near the device's window accepts."""
    window = {totp_code(device, steps) for steps in range(-2, 4)}
    return next(code for code in (f"{n:06d}" for n in range(1_000_000)) if code not in window)


def next_totp_code(device: TOTPDevice) -> str:
    """A code the device accepts now: the first time step after the last one it accepted
    (within its tolerance of one step), computed from the key like an app would."""
    from django_otp.oath import hotp

    device.refresh_from_db()
    now_t = (int(time.time()) - device.t0) // device.step + device.drift
    t = max(device.last_t + 1, now_t)
    assert t <= now_t + device.tolerance, "no unused code in the device's window"
    return str(hotp(device.bin_key, t, digits=device.digits)).zfill(device.digits)


def verify_session(client: Client, device: TOTPDevice) -> None:
    """Mark the client's (signed-in) session as having entered a code from ``device``."""
    from django_otp import DEVICE_ID_SESSION_KEY

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
