"""Which questions are alike: content words compared by overlap (pure Python, no Django).

Good enough to put "Hoe vraag ik de hinderpremie aan?" next to "Kan ik nog een hinderpremie
aanvragen?" in the coordinator's queue; the coordinator decides whether they are one question.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from belronde.themes.tagger import words

STOPWORDS = frozenset(
    [
        "aan",
        "al",
        "alle",
        "als",
        "and",
        "at",
        "be",
        "bij",
        "but",
        "by",
        "dan",
        "dat",
        "de",
        "den",
        "der",
        "des",
        "deze",
        "die",
        "dit",
        "do",
        "doe",
        "doen",
        "door",
        "dus",
        "een",
        "en",
        "er",
        "for",
        "ge",
        "geen",
        "had",
        "heb",
        "hebben",
        "heeft",
        "het",
        "hier",
        "hij",
        "hoe",
        "hoeveel",
        "hun",
        "i",
        "ik",
        "in",
        "is",
        "it",
        "ja",
        "je",
        "jij",
        "jullie",
        "kan",
        "kun",
        "kunnen",
        "maar",
        "me",
        "meer",
        "met",
        "mij",
        "mijn",
        "moet",
        "moeten",
        "na",
        "naar",
        "niet",
        "nog",
        "nu",
        "of",
        "om",
        "on",
        "ons",
        "onze",
        "ook",
        "op",
        "or",
        "over",
        "te",
        "ten",
        "ter",
        "the",
        "to",
        "tot",
        "u",
        "uit",
        "uw",
        "van",
        "veel",
        "voor",
        "waar",
        "wanneer",
        "wat",
        "we",
        "wel",
        "welk",
        "welke",
        "wie",
        "wij",
        "wil",
        "willen",
        "worden",
        "wordt",
        "you",
        "zal",
        "ze",
        "zich",
        "zij",
        "zijn",
        "zo",
        "zou",
        "zullen",
    ]
)
SUFFIXES = ("ingen", "heden", "ing", "en", "er", "e", "s")


def stem(word: str) -> str:
    """A crude Dutch stem: strip one common ending from longer words (aanvragen -> aanvrag)."""
    for suffix in SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_stems(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 2)


def similarity(a: str, b: str) -> float:
    """Overlap of content stems (Jaccard), 0 to 1; a shared compound part counts too."""
    sa, sb = content_stems(a), content_stems(b)
    if not sa or not sb:
        return 0.0
    shared = len(sa & sb)
    # compounds: "hinderpremie" and "premie" share a part
    for x in sa - sb:
        if any(len(y) >= 5 and (y in x or x in y) for y in sb - sa):
            shared += 1
    return min(1.0, shared / len(sa | sb))


@dataclass(frozen=True)
class Similar:
    key: str
    score: float


def most_similar(
    text: str, candidates: Iterable[tuple[str, str]], *, threshold: float = 0.25, limit: int = 3
) -> list[Similar]:
    """The candidates ``(key, text)`` most like ``text``, best first, above the threshold."""
    scored = [Similar(key, similarity(text, other)) for key, other in candidates]
    found = [s for s in scored if s.score >= threshold]
    found.sort(key=lambda s: (-s.score, s.key))
    return found[:limit]


def groups(items: Sequence[tuple[str, str]], *, threshold: float = 0.3) -> list[list[str]]:
    """Cluster ``(key, text)`` items: each item joins the first group with a similar member."""
    clusters: list[list[tuple[str, str]]] = []
    for key, text in items:
        for cluster in clusters:
            if any(similarity(text, other) >= threshold for _k, other in cluster):
                cluster.append((key, text))
                break
        else:
            clusters.append([(key, text)])
    return [[k for k, _t in cluster] for cluster in clusters]
