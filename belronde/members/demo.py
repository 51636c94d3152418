"""Demo members: about 600 in Mechelen and 150 in Lier, deterministic for a seed.

Names come from Faker nl_BE; enterprise numbers (mod 97) and phone numbers are generated and
checked with python-stdnum and phonenumbers (Faker's nl_BE phones are mostly invalid). Sectors
and size bands follow the shape of a Flemish city's SME membership: many one-person businesses,
about a quarter with 5 or more employees; retail, horeca, construction and services first.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import phonenumbers
from django.db import transaction
from django.utils import timezone
from faker import Faker

from belronde.accounts.models import Chapter
from belronde.members.models import Organisation, Person
from belronde.members.normalise import band_for
from belronde.members.reference import find_nace, postal_codes

COUNTS = {"mechelen": 600, "lier": 150}
PLACES = {
    "mechelen": [("2800", 70), ("2801", 10), ("2811", 10), ("2812", 10)],
    "lier": [("2500", 100)],
}
STREETS = {
    "2800": [
        "Bruul",
        "IJzerenleen",
        "Onze-Lieve-Vrouwestraat",
        "Grote Markt",
        "Befferstraat",
        "Hoogstraat",
        "Adegemstraat",
        "Leopoldstraat",
        "Frederik de Merodestraat",
        "Nekkerspoel",
        "Battelsesteenweg",
        "Brusselsesteenweg",
        "Liersesteenweg",
        "Tervuursesteenweg",
        "Guido Gezellelaan",
        "Hanswijkstraat",
        "Veemarkt",
        "Katelijnestraat",
        "Schaliënstraat",
        "Vismarkt",
        "Zandpoortvest",
        "Kerkhofweg",
    ],
    "2801": ["Heffensesteenweg", "Dorpsstraat", "Kerkstraat", "Leuvensesteenweg"],
    "2811": ["Hombeeksesteenweg", "Kerkstraat", "Kapelstraat", "Leest-Dorp"],
    "2812": ["Muizenhoekstraat", "Leuvensesteenweg", "Kerkstraat", "Nieuwstraat"],
    "2500": [
        "Antwerpsestraat",
        "Grote Markt",
        "Lisperstraat",
        "Mechelsestraat",
        "Kolveniersvest",
        "Kesselsesteenweg",
        "Berlaarsesteenweg",
        "Rechtestraat",
        "Zimmerplein",
        "Aarschotsesteenweg",
        "Koning Albertlaan",
    ],
}
# (NACE-BEL 2008 code, weight, name patterns); {last} a family name, {first} a first name
SECTORS = [
    ("47111", 4, ["Superette {last}", "Buurtwinkel {last}"]),
    ("47241", 3, ["Bakkerij {last}", "Brood & Banket {last}"]),
    ("47711", 4, ["Boetiek {first}", "Mode {last}"]),
    ("47761", 2, ["Bloemen {first}", "Bloemenhuis {last}"]),
    ("47782", 1, ["Optiek {last}"]),
    ("47530", 1, ["Interieur {last}"]),
    ("56101", 6, ["Restaurant {word}", "Brasserie {word}", "Eethuis {last}"]),
    ("56301", 5, ["Café {word}", "Taverne {word}"]),
    ("56102", 2, ["Frituur {first}", "Broodjesbar {first}"]),
    ("41201", 3, ["Bouwbedrijf {last}", "{last} Bouw"]),
    ("43221", 3, ["Sanitair {last}", "{last} Verwarming"]),
    ("43211", 3, ["Elektro {last}", "{last} Elektriciteit"]),
    ("43320", 2, ["Schrijnwerkerij {last}"]),
    ("43341", 2, ["Schilderwerken {last}"]),
    ("69201", 4, ["Boekhoudkantoor {last}", "{last} & Partners"]),
    ("70220", 3, ["{last} Consult", "Adviesbureau {last}"]),
    ("71111", 2, ["Architectenbureau {last}"]),
    ("73110", 2, ["Reclamebureau {word}", "{word} Communicatie"]),
    ("62010", 4, ["{last} IT", "{word} Software"]),
    ("46391", 2, ["Groothandel {last}"]),
    ("46693", 2, ["{last} Techniek"]),
    ("96021", 5, ["Kapsalon {first}", "Haarstudio {first}"]),
    ("96022", 2, ["Schoonheidssalon {first}"]),
    ("86230", 2, ["Tandartspraktijk {last}"]),
    ("86901", 1, ["Kinesitherapie {last}"]),
    ("10711", 1, ["Bakkerij-Patisserie {last}"]),
    ("25620", 2, ["Metaalwerken {last}", "{last} Metaal"]),
    ("49410", 3, ["Transport {last}", "{last} Logistics"]),
    ("68311", 2, ["Immo {word}", "Immo {last}"]),
    ("45201", 3, ["Garage {last}", "Autoservice {last}"]),
    ("45111", 1, ["Autohandel {last}"]),
    ("55100", 1, ["Hotel {word}"]),
    ("85599", 1, ["Opleidingscentrum {word}"]),
]
WORDS = [
    "De Kroon",
    "Het Anker",
    "De Zwaan",
    "Den Dijle",
    "Sint-Rombout",
    "Het Vlietje",
    "De Vismarkt",
    "Zoutwerf",
    "De Gulden Spoor",
    "Nekker",
    "Het Pand",
    "Lamot",
    "De Zimmer",
    "Het Begijnhof",
    "De Nete",
    "Kolveniers",
    "Zuidpark",
    "Hanswijk",
]
# (band, weight, low, high)
BANDS = [
    ("0", 40, 0, 0),
    ("1-4", 32, 1, 4),
    ("5-9", 13, 5, 9),
    ("10-19", 8, 10, 19),
    ("20-49", 4, 20, 49),
    ("50-249", 2.5, 50, 249),
    ("250+", 0.5, 250, 400),
]
FORMS = [
    ("BV", 55),
    ("NV", 10),
    ("Eenmanszaak", 22),
    ("CommV", 5),
    ("VOF", 3),
    ("CV", 3),
    ("VZW", 2),
]
ROLES = [
    "zaakvoerder",
    "bestuurder",
    "eigenaar",
    "zaakvoerster",
    "financieel directeur",
    "office manager",
    "gedelegeerd bestuurder",
]
TIMES = ["", "", "", "voormiddag", "na 14u", "niet op maandag", "tussen 12u en 13u30"]


def enterprise_number(rng: random.Random) -> str:
    base = rng.randint(2_000_000, 19_999_999)
    return f"{base:08d}{97 - base % 97:02d}"


def be_phone(rng: random.Random, landline: str) -> str:
    """A valid Belgian number in E.164: a mobile (047x-049x) or a landline of the zone."""
    while True:
        if rng.random() < 0.55:
            prefix, digits = (
                rng.choice(
                    ["0470", "0472", "0475", "0477", "0478", "0485", "0486", "0494", "0495", "0496"]
                ),
                6,
            )
        else:
            prefix, digits = landline, 9 - len(landline)
        candidate = prefix + str(rng.randrange(10 ** (digits - 1), 10**digits))
        number = phonenumbers.parse(candidate, "BE")
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _weighted(rng: random.Random, items: list[Any], weight_index: int = 1) -> Any:
    return rng.choices(items, weights=[item[weight_index] for item in items], k=1)[0]


def load(*, seed: int) -> dict[str, int]:
    created = {"organisations": 0, "contact_persons": 0}
    for slug, count in COUNTS.items():
        chapter = Chapter.objects.filter(slug=slug).first()
        if chapter is None or Organisation.objects.filter(chapter=chapter).exists():
            continue
        orgs, persons = _generate(chapter, count, seed + sum(map(ord, slug)))
        with transaction.atomic():
            Organisation.objects.bulk_create(orgs, batch_size=500)
            saved = {o.enterprise_number: o for o in Organisation.objects.filter(chapter=chapter)}
            for person, number in persons:
                person.organisation = saved[number]
            Person.objects.bulk_create([p for p, _ in persons], batch_size=500)
        created["organisations"] += len(orgs)
        created["contact_persons"] += len(persons)
    return created


def _generate(
    chapter: Chapter, count: int, seed: int
) -> tuple[list[Organisation], list[tuple[Person, str]]]:
    rng = random.Random(seed)
    fake = Faker("nl_BE")
    fake.seed_instance(seed)
    landline = "03" if chapter.slug == "lier" else "015"
    now = timezone.now()
    numbers: set[str] = set()
    orgs: list[Organisation] = []
    persons: list[tuple[Person, str]] = []
    for _i in range(count):
        number = enterprise_number(rng)
        while number in numbers:
            number = enterprise_number(rng)
        numbers.add(number)
        code, _w, patterns = _weighted(rng, SECTORS)
        nace = find_nace(code, "2008")
        assert nace is not None, code
        first, last = fake.first_name(), fake.last_name()
        name = rng.choice(patterns).format(first=first, last=last, word=rng.choice(WORDS))
        form = _weighted(rng, FORMS)[0]
        band = _weighted(rng, BANDS[:3] if form == "Eenmanszaak" else BANDS)
        employees = rng.randint(band[2], band[3])
        postal_code = _weighted(rng, PLACES[chapter.slug])[0]
        status = rng.choices(["member", "prospect", "former"], weights=[90, 6, 4], k=1)[0]
        org = Organisation(
            chapter=chapter,
            enterprise_number=number,
            name=name if form == "Eenmanszaak" else f"{name} {form}",
            legal_form=form,
            nace_code=nace.code,
            nace_version="2008",
            employees=employees,
            size_band=band_for(employees),
            street=rng.choice(STREETS[postal_code]),
            house_number=str(rng.randint(1, 180)) + rng.choice(["", "", "", "", "A", " bus 2"]),
            postal_code=postal_code,
            municipality=postal_codes()[postal_code].locality_nl.split(" (")[0],
            phone=be_phone(rng, landline) if rng.random() < 0.6 else "",
            membership_status=status,
            member_since=dt.date(2024, 1, 1) - dt.timedelta(days=rng.randint(0, 25 * 365)),
            created_at=now,
            updated_at=now,
        )
        if rng.random() < 0.02:
            org.do_not_call = True
            org.do_not_call_reason = rng.choice(
                ["Vroeg om niet gebeld te worden", "Zaak stopgezet", "Gerechtelijke reorganisatie"]
            )
            org.do_not_call_at = now
        org.refresh_derived()
        orgs.append(org)
        contacts = 1 if rng.random() < 0.8 else 2
        for index in range(contacts):
            c_first = first if index == 0 else fake.first_name()
            c_last = last if index == 0 else fake.last_name()
            language = rng.choices(["nl", "fr", "en"], weights=[94, 5, 1], k=1)[0]
            domain = "".join(ch for ch in last.lower() if ch.isalnum()) or "mail"
            persons.append(
                (
                    Person(
                        chapter=chapter,
                        name=f"{c_first} {c_last}",
                        role=rng.choice(ROLES) if index == 0 else rng.choice(ROLES[4:]),
                        phone=be_phone(rng, landline) if rng.random() < 0.5 else "",
                        mobile=_mobile(rng) if rng.random() < 0.9 else "",
                        email=f"{_ascii(c_first)}@{domain}.be" if rng.random() < 0.85 else "",
                        language=language,
                        preferred_call_times=rng.choice(TIMES),
                        is_primary=index == 0,
                        created_at=now,
                        updated_at=now,
                    ),
                    number,
                )
            )
    return orgs, persons


def _mobile(rng: random.Random) -> str:
    while True:
        candidate = rng.choice(
            ["0470", "0472", "0475", "0477", "0478", "0485", "0486", "0494", "0495", "0496"]
        ) + str(rng.randrange(100_000, 1_000_000))
        number = phonenumbers.parse(candidate, "BE")
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _ascii(text: str) -> str:
    import unicodedata

    return "".join(
        c for c in unicodedata.normalize("NFKD", text.lower()) if c.isascii() and c.isalnum()
    )
