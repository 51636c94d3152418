"""Password rules beyond Django's: no password made only of words anyone could guess here.

Django's validators refuse short, common and all-digit passwords and ones like the username.
This one refuses passwords whose letters are nothing but context words (the product, the
federation, the chapters and regions, "welkom", "wachtwoord", ...) around digits and symbols:
``Mechelen2020!``, ``welkom123456`` and ``Belronde-Lier-2021`` are out; a passphrase that merely
contains such a word, like ``mechelen is mooi in de zomer``, is fine (ASVS 6.1.2, 6.2.11).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: Words that say nothing about the person but everything about the place and the product.
BASE_WORDS = frozenset(
    {
        "admin",
        "azerty",
        "belgie",
        "belgium",
        "belronde",
        "bellen",
        "demo",
        "dyzo",
        "federatie",
        "geheim",
        "hallo",
        "login",
        "motdepasse",
        "ondernemer",
        "paswoord",
        "password",
        "passwort",
        "qwerty",
        "secret",
        "stad",
        "test",
        "unizo",
        "vlaanderen",
        "wachtwoord",
        "welkom",
        "welcome",
    }
)
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)


def _letters(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in plain if "a" <= ch <= "z")


def _made_of(text: str, words: frozenset[str]) -> bool:
    """Whether ``text`` splits entirely into ``words`` (word-break by dynamic programming)."""
    if not text:
        return False
    lengths = sorted({len(w) for w in words}, reverse=True)
    reachable = [True] + [False] * len(text)
    for end in range(1, len(text) + 1):
        reachable[end] = any(
            size <= end and reachable[end - size] and text[end - size : end] in words
            for size in lengths
        )
    return reachable[-1]


def context_words(user: Any = None) -> frozenset[str]:
    from belronde.accounts.models import Chapter, PartnerOrganisation, Region

    words = set(BASE_WORDS)
    for model in (Chapter, Region, PartnerOrganisation):
        for slug, name in model.objects.values_list("slug", "name"):
            for value in (slug, name, *re.split(r"[\W_]+", f"{slug} {name}")):
                if len(_letters(value)) >= 3:
                    words.add(_letters(value))
    if user is not None:
        for attribute in ("username", "first_name", "last_name"):
            for part in re.split(r"[\W_\d]+", str(getattr(user, attribute, "") or "")):
                if len(_letters(part)) >= 3:
                    words.add(_letters(part))
    return frozenset(words)


class ContextWordsValidator:
    def validate(self, password: str, user: Any = None) -> None:
        words = context_words(user)
        candidates = {_letters(password), _letters(password.lower().translate(_LEET))}
        if any(_made_of(candidate, words) for candidate in candidates):
            raise ValidationError(
                _(
                    "This password is made of words anyone could guess here, such as the "
                    "chapter, the federation or the year. Choose a phrase of your own."
                ),
                code="password_context_words",
            )

    def get_help_text(self) -> str:
        return _(
            "Your password cannot be just the name of the chapter, the federation or this "
            "application with digits or symbols."
        )
