"""The theme tagger: which crisis themes an entrepreneur's open answers touch on.

Pure Python (no Django), so it is measured and tested without a database. A theme is a slug and
a list of Dutch keywords and phrases written by people (the coordinator edits them); a text gets
every theme one of whose keywords occurs in it. The result names the keywords that matched, so
the caller sees *why* a theme was suggested and can correct it.

Keyword syntax (case and accents do not matter):

- ``huur``: the word *huur* exactly;
- ``huur*``: a word starting with *huur* (huurcontract, huurachterstand);
- ``*huur``: a word ending with *huur* (winkelhuur): Dutch glues compounds together;
- ``*huur*``: a word containing *huur*;
- ``btw schuld``: a phrase, word after word (each word may use the stars above);
- ``niet ... betalen``: ``...`` stands for up to three other words in between
  (Dutch puts the verb at the end: "de lonen niet meer betalen").

A hyphen separates words, in texts and keywords alike: "RSZ-bijdragen" is matched by ``rsz``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

GAP = "..."
MAX_GAP = 3
_WORD_RE = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> str:
    """Lowercase, without accents (ë -> e), apostrophes dropped ('s avonds -> s avonds)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return _WORD_RE.findall(normalise(text))


@dataclass(frozen=True)
class _Token:
    stem: str
    prefix: bool  # the word may go on after the stem ("huur*")
    suffix: bool  # the word may start before the stem ("*huur")

    def matches(self, word: str) -> bool:
        if self.prefix and self.suffix:
            return self.stem in word
        if self.prefix:
            return word.startswith(self.stem)
        if self.suffix:
            return word.endswith(self.stem)
        return word == self.stem


@dataclass(frozen=True)
class Keyword:
    """One compiled keyword or phrase; ``None`` in ``parts`` is a gap of up to MAX_GAP words."""

    text: str
    parts: tuple[_Token | None, ...]

    def occurs_in(self, text_words: Sequence[str]) -> bool:
        return self.find_in(text_words) is not None

    def find_in(self, text_words: Sequence[str]) -> str | None:
        """The words of the text that this keyword matched first ("omzetdaling" for
        ``omzet*``), or None: what a person heard, not the pattern that found it."""
        for start in range(len(text_words)):
            end = self._end_at(text_words, start, 0)
            if end is not None:
                return " ".join(w for w in text_words[start:end] if w)
        return None

    def _end_at(self, text_words: Sequence[str], position: int, part: int) -> int | None:
        """Where a match starting at ``position`` ends (exclusive), or None."""
        if part == len(self.parts):
            return position
        token = self.parts[part]
        if token is None:
            for skip in range(MAX_GAP + 1):
                if (
                    position + skip > len(text_words)
                    or "" in text_words[position : position + skip]
                ):
                    break
                end = self._end_at(text_words, position + skip, part + 1)
                if end is not None:
                    return end
            return None
        if position >= len(text_words) or not token.matches(text_words[position]):
            return None
        return self._end_at(text_words, position + 1, part + 1)


class KeywordError(ValueError):
    """A keyword that cannot be used; the message says which and why."""


def compile_keyword(text: str) -> Keyword:
    raw = text.strip()
    # a hyphen separates words in texts ("RSZ-bijdragen" is "rsz bijdragen"), so in keywords too
    pieces = normalise(raw).replace("-", " ").split()
    if not pieces:
        raise KeywordError(f"{text!r} is empty.")
    parts: list[_Token | None] = []
    for piece in pieces:
        if piece == GAP:
            if not parts or parts[-1] is None:
                raise KeywordError(f"{text!r}: '...' must stand between two words.")
            parts.append(None)
            continue
        prefix = piece.endswith("*")
        suffix = piece.startswith("*")
        stem = piece.strip("*")
        if not _WORD_RE.fullmatch(stem):
            raise KeywordError(f"{text!r}: {piece!r} is not a word (letters, digits and *).")
        if (prefix or suffix) and len(stem) < 3:
            raise KeywordError(f"{text!r}: a word with * needs at least three letters.")
        parts.append(_Token(stem, prefix, suffix))
    if parts[-1] is None:
        raise KeywordError(f"{text!r}: '...' must stand between two words.")
    return Keyword(raw, tuple(parts))


def check_keywords(keywords: Iterable[str]) -> list[str]:
    """The keywords cleaned (stripped, no empties, no duplicates); KeywordError when one is bad."""
    clean: list[str] = []
    for keyword in keywords:
        keyword = " ".join(keyword.split())
        if not keyword:
            continue
        compile_keyword(keyword)
        if keyword.lower() not in {k.lower() for k in clean}:
            clean.append(keyword)
    return clean


@dataclass(frozen=True)
class ThemeSpec:
    slug: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Suggestion:
    slug: str
    matched: tuple[str, ...] = field(default_factory=tuple)  # the keywords, as written
    heard: tuple[str, ...] = field(default_factory=tuple)  # the words of the text they matched


class Tagger:
    """Compiled once per theme list, applied to many texts."""

    def __init__(self, themes: Iterable[ThemeSpec]) -> None:
        self.themes: list[tuple[str, list[Keyword]]] = []
        for theme in themes:
            compiled = []
            for keyword in theme.keywords:
                try:
                    compiled.append(compile_keyword(keyword))
                except KeywordError:
                    continue  # a bad keyword never stops tagging; the edit form refuses them
            self.themes.append((theme.slug, compiled))

    def suggest(self, *texts: str) -> list[Suggestion]:
        """Every theme whose keywords occur in the texts, in the theme list's order."""
        text_words: list[str] = []
        for text in texts:
            if text:
                text_words.extend(words(text))
                text_words.append("")  # a phrase never spans two answers
        found: list[Suggestion] = []
        for slug, keywords in self.themes:
            hits = [(k.text, k.find_in(text_words)) for k in keywords]
            matched = tuple(keyword for keyword, words_heard in hits if words_heard is not None)
            if matched:
                heard = tuple(dict.fromkeys(w for _, w in hits if w is not None))
                found.append(Suggestion(slug, matched, heard))
        return found

    def slugs(self, *texts: str) -> list[str]:
        return [s.slug for s in self.suggest(*texts)]


@dataclass(frozen=True)
class ThemeScore:
    slug: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float | None:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else None

    @property
    def recall(self) -> float | None:
        actual = self.true_positives + self.false_negatives
        return self.true_positives / actual if actual else None


def evaluate(
    tagger: Tagger, cases: Iterable[tuple[str, Iterable[str]]], slugs: Sequence[str]
) -> list[ThemeScore]:
    """Precision and recall per theme over (text, expected themes) cases; the last row is micro."""
    counts = {slug: [0, 0, 0] for slug in slugs}
    for text, expected in cases:
        want = set(expected)
        got = set(tagger.slugs(text))
        for slug in slugs:
            if slug in got and slug in want:
                counts[slug][0] += 1
            elif slug in got:
                counts[slug][1] += 1
            elif slug in want:
                counts[slug][2] += 1
    scores = [ThemeScore(slug, *counts[slug]) for slug in slugs]
    total = ThemeScore(
        "all (micro)",
        sum(s.true_positives for s in scores),
        sum(s.false_positives for s in scores),
        sum(s.false_negatives for s in scores),
    )
    return [*scores, total]


def format_scores(scores: Sequence[ThemeScore]) -> str:
    def pct(value: float | None) -> str:
        return "   n/a" if value is None else f"{value * 100:5.1f}%"

    lines = [f"{'theme':<22} {'TP':>3} {'FP':>3} {'FN':>3} {'precision':>9} {'recall':>7}"]
    for s in scores:
        lines.append(
            f"{s.slug:<22} {s.true_positives:>3} {s.false_positives:>3} {s.false_negatives:>3} "
            f"{pct(s.precision):>9} {pct(s.recall):>7}"
        )
    return "\n".join(lines)
