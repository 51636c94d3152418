"""SEC-DP-04: every model field is classified, and the classification scrubs the logs."""

from __future__ import annotations

import json
import logging

from django.apps import apps

from belronde import privacy
from belronde.lib.logging import REDACTED, JsonFormatter, RequestIdFilter


def our_fields() -> set[tuple[str, str]]:
    return {
        (model._meta.label, field.name)
        for model in apps.get_models()
        if model.__module__.startswith("belronde.")
        for field in model._meta.concrete_fields
    }


def test_sec_dp_04_every_field_of_every_model_is_classified_once():
    table = privacy.classification()  # raises on a field listed twice
    unlisted = sorted(f"{m}.{f}" for m, f in our_fields() - set(table))
    assert unlisted == [], f"classify these fields in belronde/privacy.py: {unlisted}"
    stale = sorted(f"{m}.{f}" for m, f in set(table) - our_fields())
    assert stale == [], f"belronde/privacy.py lists fields that no longer exist: {stale}"
    assert set(table.values()) == set(privacy.CLASSES)


def test_what_people_tell_us_is_never_public():
    table = privacy.classification()
    for field in [
        ("campaigns.CallAttempt", "note"),
        ("conversations.Conversation", "answers"),
        ("conversations.Conversation", "health"),
        ("members.Person", "phone"),
        ("analyses.Figure", "value"),
        ("referrals.Referral", "shared_data"),
        ("accounts.User", "password"),
    ]:
        assert table[field] != privacy.PUBLIC, field


def format_line(**extra) -> dict:
    record = logging.LogRecord("belronde.test", logging.INFO, __file__, 1, "saved", (), None)
    record.__dict__.update(extra)
    RequestIdFilter().filter(record)
    return json.loads(JsonFormatter().format(record))


def test_sec_dp_04_the_logs_scrub_values_under_a_classified_name():
    line = format_line(note="heeft RSZ-achterstand", phone="+32471234567", rows=12, code="A1")
    assert line["note"] == REDACTED and line["phone"] == REDACTED
    assert line["rows"] == 12 and line["code"] == "A1"
    assert line["message"] == "saved" and line["logger"] == "belronde.test"
