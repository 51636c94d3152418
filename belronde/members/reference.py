"""Reference data for the member registry: NACE-BEL 2008/2025, Belgian postal codes, legal forms.

Loaded once from the CSV files in ``data/`` (sources and licences in ``data/README.md``). Plain
Python, no Django: the import validator and the forms share these lookups.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
NACE_VERSIONS = ("2008", "2025")

# NACE sections by 2-digit division, per version (NACE Rev. 2 and Rev. 2.1).
SECTIONS_2008 = [
    ("A", 1, 3),
    ("B", 5, 9),
    ("C", 10, 33),
    ("D", 35, 35),
    ("E", 36, 39),
    ("F", 41, 43),
    ("G", 45, 47),
    ("H", 49, 53),
    ("I", 55, 56),
    ("J", 58, 63),
    ("K", 64, 66),
    ("L", 68, 68),
    ("M", 69, 75),
    ("N", 77, 82),
    ("O", 84, 84),
    ("P", 85, 85),
    ("Q", 86, 88),
    ("R", 90, 93),
    ("S", 94, 96),
    ("T", 97, 98),
    ("U", 99, 99),
]
SECTIONS_2025 = [
    ("A", 1, 3),
    ("B", 5, 9),
    ("C", 10, 33),
    ("D", 35, 35),
    ("E", 36, 39),
    ("F", 41, 43),
    ("G", 46, 47),
    ("H", 49, 53),
    ("I", 55, 56),
    ("J", 58, 60),
    ("K", 61, 63),
    ("L", 64, 66),
    ("M", 68, 68),
    ("N", 69, 75),
    ("O", 77, 82),
    ("P", 84, 84),
    ("Q", 85, 85),
    ("R", 86, 88),
    ("S", 90, 93),
    ("T", 94, 96),
    ("U", 97, 98),
    ("V", 99, 99),
]


_NOT_ALNUM = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Case-, accent- and space-insensitive key: 'Sint-Katelijne-Waver ' -> 'sintkatelijnewaver'."""
    if text.isascii():
        return _NOT_ALNUM.sub("", text.lower())
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed.casefold() if c.isalnum())


_NOT_WORD = re.compile(r"[^\w\s]|_")


def fold_words(text: str) -> str:
    """Lower case without accents, words kept apart: 'Bakkerij Geëlen' -> 'bakkerij geelen'."""
    if text.isascii():
        return " ".join(_NOT_WORD.sub("", text.lower()).split())
    return " ".join(filter(None, (fold(word) for word in text.split())))


@lru_cache(maxsize=4096)
def fold_cached(text: str) -> str:
    """fold() for the few distinct values of a column (places, languages, legal forms)."""
    return fold(text)


@dataclass(frozen=True)
class NaceCode:
    version: str
    code: str  # digits only, 2 to 5
    level: int
    label_nl: str
    label_fr: str
    label_en: str

    @property
    def section(self) -> str:
        return section_for(self.code, self.version)

    def label(self, language: str) -> str:
        return {"fr": self.label_fr, "en": self.label_en}.get(language, self.label_nl)


@dataclass(frozen=True)
class NaceSection:
    version: str
    letter: str
    label_nl: str
    label_fr: str
    label_en: str

    def label(self, language: str) -> str:
        raw = {"fr": self.label_fr, "en": self.label_en}.get(language, self.label_nl)
        # "SECTIE G -- GROOT- EN DETAILHANDEL; ..." -> "Groot- en detailhandel; ..."
        # (section I's prefix has one dash and no space: "SECTIE I -VERSCHAFFEN ...")
        text = _SECTION_PREFIX.sub("", raw).strip()
        return text[:1].upper() + text[1:].lower()


_SECTION_PREFIX = re.compile(r"^(?:SECTIE|SECTION)\s+[A-Z]\s*-+\s*", re.IGNORECASE)
# Words that the published NACE-BEL lists break over two lines with a hyphen (a PDF's line
# ending, not a compound word): mended when the list is read. Compounds such as
# "niet-gespecialiseerde" or "navigatie-instrumenten" keep their hyphen.
_BROKEN_WORDS = {
    "maatschap-pelijke": "maatschappelijke",
    "gediffe-rentieerde": "gedifferentieerde",
    "afval-waterbeheer": "afvalwaterbeheer",
    "compu-ters": "computers",
    "huis-houdens": "huishoudens",
    "metaalbe-werking": "metaalbewerking",
    "meet-en": "meet- en",
}
_BROKEN_RE = re.compile("|".join(re.escape(w) for w in _BROKEN_WORDS), re.IGNORECASE)


def tidy_label(text: str) -> str:
    """A NACE-BEL label as published, without its typesetting: one space between words and the
    words that a line break had split whole again (in the case they were written in)."""

    def mend(match: re.Match[str]) -> str:
        found = match.group(0)
        mended = _BROKEN_WORDS[found.lower()]
        return mended.upper() if found.isupper() else mended

    return _BROKEN_RE.sub(mend, " ".join(text.split()))


@dataclass(frozen=True)
class PostalCode:
    code: str
    locality_nl: str
    locality_fr: str
    municipality_nl: str
    municipality_fr: str
    province_nl: str

    def names(self) -> set[str]:
        names = {self.locality_nl, self.locality_fr, self.municipality_nl, self.municipality_fr}
        # "Muizen (Mechelen)" is also written "Muizen"
        names |= {n.split(" (", 1)[0] for n in names}
        return {fold(n) for n in names if n}


@dataclass(frozen=True)
class LegalForm:
    code: str  # KBO JuridicalForm code, 3 digits
    abbreviation: str
    label_nl: str
    label_en: str

    def label(self, language: str) -> str:
        return self.label_en if language == "en" else self.label_nl


# Current abbreviations (Wetboek van vennootschappen en verenigingen, 2019) and the older ones
# still found in membership systems. KBO codes as in code.csv (JuridicalForm).
ABBREVIATIONS: dict[str, str] = {
    "610": "BV",
    "014": "NV",
    "706": "CV",
    "612": "CommV",
    "011": "VOF",
    "017": "VZW",
    "125": "IVZW",
    "026": "Private stichting",
    "029": "SON",
    "015": "BVBA",
    "010": "EBVBA",
    "012": "Comm.V",
    "013": "Comm.VA",
    "008": "CVBA",
    "006": "CVOA",
    "016": "CV (oud)",
    "025": "LV",
    "027": "SE",
    "060": "ESV",
    "065": "EESV",
    "030": "Buitenlandse onderneming",
    "051": "Andere rechtsvorm",
}
# Extra spellings that mean one of the forms above, folded (see fold()).
_EXTRA_ALIASES: dict[str, str] = {
    "srl": "610",
    "sa": "014",
    "sc": "706",
    "scomm": "612",
    "snc": "011",
    "asbl": "017",
    "aisbl": "125",
    "sprl": "015",
    "sprlu": "010",
    "scrl": "008",
    "scri": "006",
    "gcv": "012",
    "commva": "013",
    "cva": "013",
    "eenmanszaak": "",
    "natuurlijkpersoon": "",
    "zelfstandige": "",
    "personnephysique": "",
}
SOLE_TRADER = "Eenmanszaak"


def section_for(code: str, version: str = "2008") -> str:
    if len(code) < 2 or not code[:2].isdigit():
        return ""
    division = int(code[:2])
    for letter, low, high in SECTIONS_2025 if version == "2025" else SECTIONS_2008:
        if low <= division <= high:
            return letter
    return ""


@cache
def _nace(version: str) -> tuple[dict[str, NaceCode], dict[str, NaceSection]]:
    codes: dict[str, NaceCode] = {}
    sections: dict[str, NaceSection] = {}
    with (DATA_DIR / f"nacebel_{version}.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["level"] == "1":
                sections[row["code"]] = NaceSection(
                    version,
                    row["code"],
                    tidy_label(row["label_nl"]),
                    tidy_label(row["label_fr"]),
                    tidy_label(row["label_en"]),
                )
                continue
            codes[row["code"]] = NaceCode(
                version,
                row["code"],
                int(row["level"]),
                tidy_label(row["label_nl"]),
                tidy_label(row["label_fr"]),
                tidy_label(row["label_en"]),
            )
    return codes, sections


def nace_codes(version: str = "2008") -> dict[str, NaceCode]:
    return _nace(version)[0]


def nace_sections(version: str = "2008") -> dict[str, NaceSection]:
    return _nace(version)[1]


def find_nace(code: str, version: str | None = None) -> NaceCode | None:
    """The NACE-BEL code ``code`` (digits) in ``version``, or in 2008 then 2025 when None."""
    for v in (version,) if version else NACE_VERSIONS:
        found = nace_codes(v).get(code)
        if found is not None:
            return found
    return None


def nace_label(code: str, version: str | None, language: str) -> str:
    """The words of NACE-BEL ``code`` in its ``version`` (when not known: 2008, then 2025) and
    in ``language`` (nl, fr or en; Dutch otherwise); "" for an unknown code."""
    found = find_nace(code, version or None) if code else None
    return found.label((language or "nl")[:2]) if found else ""


@cache
def postal_codes() -> dict[str, PostalCode]:
    """Belgian postal codes; a code with several localities keeps the first (main) one."""
    found: dict[str, PostalCode] = {}
    with (DATA_DIR / "be_postal_codes.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            found.setdefault(
                row["postal_code"],
                PostalCode(
                    row["postal_code"],
                    row["locality_nl"],
                    row["locality_fr"],
                    row["municipality_nl"],
                    row["municipality_fr"],
                    row["province_nl"],
                ),
            )
    return found


@cache
def postal_code_names() -> dict[str, frozenset[str]]:
    """Folded names (localities and municipality, NL and FR) accepted for each postal code."""
    names: dict[str, set[str]] = {}
    with (DATA_DIR / "be_postal_codes.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            pc = PostalCode(
                row["postal_code"],
                row["locality_nl"],
                row["locality_fr"],
                row["municipality_nl"],
                row["municipality_fr"],
                row["province_nl"],
            )
            names.setdefault(pc.code, set()).update(pc.names())
    return {code: frozenset(n) for code, n in names.items()}


@cache
def legal_forms() -> dict[str, LegalForm]:
    """Legal forms by KBO code."""
    found: dict[str, LegalForm] = {}
    with (DATA_DIR / "kbo_juridical_forms_nbb_subset.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            code = row["code"]
            found[code] = LegalForm(
                code, ABBREVIATIONS.get(code, ""), row["label_nl"], row["label_en"]
            )
    return found


@cache
def _legal_form_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for form in legal_forms().values():
        for name in (form.label_nl, form.label_en):
            aliases.setdefault(fold(name), form.code)
    for code, abbreviation in ABBREVIATIONS.items():
        aliases[fold(abbreviation)] = code
    aliases.update(_EXTRA_ALIASES)
    return aliases


def find_legal_form(value: str) -> str | None:
    """The stored form of a legal form given as code, abbreviation or name; None if unknown.

    Returns the abbreviation ("BV") where one exists, else the KBO code; a sole trader is
    "Eenmanszaak".
    """
    value = value.strip()
    if not value:
        return ""
    if value.isdigit() and len(value) <= 3:
        code = value.zfill(3)
        form = legal_forms().get(code)
        if form is None:
            return None
        return form.abbreviation or code
    alias = _legal_form_aliases().get(fold_cached(value))
    if alias is None:
        return None
    code = alias
    if code == "":
        return SOLE_TRADER
    form = legal_forms().get(code)
    return (form.abbreviation if form else "") or ABBREVIATIONS.get(code, code)


def legal_form_choices() -> list[str]:
    """Abbreviations offered in forms, most common first."""
    return ["BV", "NV", "CV", "CommV", "VOF", "VZW", SOLE_TRADER, "BVBA", "CVBA", "Comm.V"]
