"""Audit verbs and their human labels.

Each app lists its verbs in ``<app>/verbs.py`` as ``VERBS = {"noun.verbed": _("Label")}``;
this module gathers them for the audit page's filter and labels.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: unusual activity: one person opened more distinct cases within an hour than allowed (SEC-BL-03)
UNUSUAL_VOLUME = "access.unusual_volume"

VERBS: dict[str, Promise] = {
    "audit.viewed": _("Audit log viewed"),
    "demo.loaded": _("Demo data loaded"),
    UNUSUAL_VOLUME: _("Unusually many cases opened"),
}

#: verbs the audit page shows as alerts (highlighted, with their own filter)
ALERTS: frozenset[str] = frozenset({UNUSUAL_VOLUME})


@cache
def all_verbs() -> dict[str, Promise]:
    found: dict[str, Promise] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("belronde."):
            continue
        try:
            module = import_module(f"{config.name}.verbs")
        except ModuleNotFoundError:
            continue
        found.update(getattr(module, "VERBS", {}))
    return found


def label(verb: str) -> str:
    return str(all_verbs().get(verb, verb))
