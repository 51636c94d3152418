"""The empty choice of a select list speaks the user's language (Django 6.1's default does not)."""

from django.db import models
from django.utils import translation


def _blank_label() -> str:
    field = models.CharField(max_length=1, choices=[("a", "A")], blank=True).formfield()
    return str(dict(field.choices)[""])


def test_the_empty_choice_is_dutch_on_a_dutch_page():
    with translation.override("nl"):
        assert _blank_label() == "Kies…"


def test_the_empty_choice_is_english_on_an_english_page():
    with translation.override("en"):
        assert _blank_label() == "Choose…"
