"""Named test personas shared by every app's tests (plain objects.create, no factories).

Mechelen is "our" chapter; Lier is the other chapter whose coordinator plays the outsider.
"""

from __future__ import annotations

from typing import Any

from django.test import TestCase

from belronde.accounts.models import Chapter, Membership, PartnerOrganisation, Region, User

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
