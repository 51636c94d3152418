"""How well the default themes tag Dutch answers: precision and recall per theme.

Run with ``-s`` to see the tables. The development set is what the keywords were tuned on, the
held-out set was only scored afterwards. The thresholds are floors that a change to the keyword
list must not break; the numbers themselves are reported in the issue's closing note.
"""

from belronde.themes.defaults import DEFAULT_THEMES
from belronde.themes.tagger import Tagger, ThemeSpec, evaluate, format_scores
from belronde.themes.tests.tagger_cases import DEVELOPMENT, HELD_OUT

SLUGS = [t.slug for t in DEFAULT_THEMES]
TAGGER = Tagger(ThemeSpec(t.slug, t.keywords) for t in DEFAULT_THEMES)


def report(title, cases):
    scores = evaluate(TAGGER, cases, SLUGS)
    print(f"\n{title} ({len(cases)} answers)\n{format_scores(scores)}")
    return scores


def test_there_are_at_least_60_examples_covering_every_theme():
    assert len(DEVELOPMENT) + len(HELD_OUT) >= 60
    assert len(DEVELOPMENT) >= 60
    covered = {slug for _text, themes in DEVELOPMENT + HELD_OUT for slug in themes}
    assert covered == set(SLUGS)
    assert any(not themes for _text, themes in DEVELOPMENT)  # answers with no theme at all


def test_precision_and_recall_on_the_development_set():
    scores = report("Development set", DEVELOPMENT)
    total = scores[-1]
    assert total.precision >= 0.85
    assert total.recall >= 0.95
    for score in scores[:-1]:
        assert score.recall >= 0.8, score.slug
        assert score.precision >= 0.65, score.slug


def test_precision_and_recall_on_the_held_out_set():
    scores = report("Held-out set", HELD_OUT)
    total = scores[-1]
    assert total.precision >= 0.8
    assert total.recall >= 0.8


def test_precision_and_recall_on_all_answers():
    total = report("All answers", DEVELOPMENT + HELD_OUT)[-1]
    assert total.precision >= 0.85
    assert total.recall >= 0.9
