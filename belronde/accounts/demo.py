"""Demo chapters and users of DESIGN.md section 6. Idempotent: running it twice changes nothing.

Other apps add their own demo loaders (see ``belronde.ops.management.commands.demo``).
"""

from __future__ import annotations

from dataclasses import dataclass

from belronde.accounts import actions
from belronde.accounts.models import Chapter, Membership, PartnerOrganisation, Region, User

DEMO_PASSWORD = "demo"
Role = Membership.Role


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    chapter: str | None
    first_name: str
    last_name: str
    language: str = "nl"
    partner: str | None = None


CHAPTERS = {
    "mechelen": ("Mechelen", ["2800", "2801", "2811", "2812"]),
    "lier": ("Lier", ["2500"]),
}

# Generated names (no real people).
USERS: list[DemoUser] = [
    DemoUser("coordinator.mechelen", Role.COORDINATOR, "mechelen", "Sanne", "Verhoeven"),
    DemoUser("caller1.mechelen", Role.CALLER, "mechelen", "Pieter", "Van den Broeck"),
    DemoUser("caller2.mechelen", Role.CALLER, "mechelen", "Els", "Wuyts"),
    DemoUser("caller3.mechelen", Role.CALLER, "mechelen", "Koen", "De Smedt"),
    DemoUser("caller4.mechelen", Role.CALLER, "mechelen", "Hilde", "Mertens"),
    DemoUser("caller5.mechelen", Role.CALLER, "mechelen", "Tom", "Janssens", "en"),
    DemoUser("caller6.mechelen", Role.CALLER, "mechelen", "Leen", "Peeters"),
    DemoUser("caller7.mechelen", Role.CALLER, "mechelen", "Bart", "Claes"),
    DemoUser("caller8.mechelen", Role.CALLER, "mechelen", "An", "Goossens"),
    DemoUser("coach.mechelen", Role.COACH, "mechelen", "Wim", "Aerts"),
    DemoUser("dyzo", Role.PARTNER, "mechelen", "Greet", "Maes", partner="dyzo"),
    DemoUser("stad.mechelen", Role.FUNDER, "mechelen", "Joris", "Willems"),
    DemoUser("coordinator.lier", Role.COORDINATOR, "lier", "Katrien", "Jacobs"),
    DemoUser("caller1.lier", Role.CALLER, "lier", "Dirk", "Hermans"),
    DemoUser("regio.antwerpen", Role.REGIONAL, None, "Marleen", "Michiels"),
]


def load(*, seed: int) -> dict[str, int]:
    del seed  # no randomness in accounts
    created = {"chapters": 0, "users": 0}
    region, _ = Region.objects.get_or_create(slug="antwerpen", defaults={"name": "Antwerpen"})
    chapters: dict[str, Chapter] = {}
    for slug, (name, codes) in CHAPTERS.items():
        chapter = Chapter.objects.filter(slug=slug).first()
        if chapter is None:
            chapter = actions.create_chapter(
                actor=None, slug=slug, name=name, region=region, postal_codes=codes
            )
            created["chapters"] += 1
        chapters[slug] = chapter
    dyzo, _ = PartnerOrganisation.objects.get_or_create(
        slug="dyzo", defaults={"name": "Dyzo", "website": "https://www.dyzo.be"}
    )
    for spec in USERS:
        user = User.objects.filter(username=spec.username).first()
        chapter = chapters[spec.chapter] if spec.chapter else None
        if user is None:
            actions.create_user(
                actor=None,
                username=spec.username,
                password=DEMO_PASSWORD,
                chapter=chapter,
                role=spec.role,
                region=region if spec.role == Role.REGIONAL else None,
                partner_organisation=dyzo if spec.partner else None,
                first_name=spec.first_name,
                last_name=spec.last_name,
                email=f"{spec.username}@example.org",
                language=spec.language,
            )
            created["users"] += 1
    return created
