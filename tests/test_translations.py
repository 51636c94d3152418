"""The Dutch catalogues are complete and up to date with the code (the CI's translation check).

- no untranslated or fuzzy entry in any nl catalogue (scripts/check_catalogues.py);
- every message the code marks for translation is in its app's catalogue, translated: the
  catalogues are regenerated from a copy of the sources with the same ``makemessages`` calls as
  ``make messages``, and compared with the committed ones;
- each compiled ``.mo`` says what its ``.po`` says;
- one word for the member firms: "onderneming(en)", never "organisatie(s)" or "bedrijven"
  (partner organisations are another thing, and keep their word).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(ROOT.glob("belronde/**/locale/nl/LC_MESSAGES/django.po"))
sys.path.insert(0, str(ROOT / "scripts"))
import check_catalogues  # noqa: E402


def _entries(po_path: Path) -> dict[tuple[str | None, str], polib.POEntry]:
    return {(e.msgctxt, e.msgid): e for e in polib.pofile(str(po_path)) if not e.obsolete}


def test_no_dutch_message_is_untranslated_or_fuzzy():
    assert len(CATALOGUES) >= 10
    problems = [p for po in CATALOGUES for p in check_catalogues.problems(po)]
    assert problems == []


def test_the_compiled_catalogues_match_their_sources():
    for po_path in CATALOGUES:
        mo = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(po_path.with_suffix(".mo")))}
        po = {k: e.msgstr for k, e in _entries(po_path).items() if e.translated()}
        missing = {k for k in po if mo.get(k) != po[k]}
        assert not missing, f"{po_path.relative_to(ROOT)}: compile it again: {sorted(missing)[:3]}"


@pytest.mark.skipif(
    shutil.which("xgettext") is None and not os.environ.get("CI"),
    reason="GNU gettext (xgettext) is not installed",
)
def test_every_message_of_the_code_is_in_the_catalogue(tmp_path):
    copy = tmp_path / "belronde"
    shutil.copytree(
        ROOT / "belronde",
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "static", "data", "*.mo", "*.sqlite3"),
    )
    belronde = [sys.executable, "-m", "belronde"]
    env = {**os.environ, "BELRONDE_DEBUG": "true"}
    args = ["makemessages", "-l", "nl", "--no-obsolete", "--no-location", "-v", "0"]
    args += ["-i", "tests/*"]
    apps = sorted(p.parent for p in copy.glob("*/apps.py"))
    for app in apps:
        subprocess.run([*belronde, *args], cwd=app, env=env, check=True)
    ignores = [arg for app in apps for arg in ("-i", f"{app.name}/*")]
    subprocess.run([*belronde, *args, "-i", "testing.py", *ignores], cwd=copy, env=env, check=True)
    regenerated = sorted(copy.glob("**/locale/nl/LC_MESSAGES/django.po"))
    assert len(regenerated) == len(CATALOGUES)
    assert sum(len(_entries(fresh)) for fresh in regenerated) > 1000  # it really read the code
    missing: list[str] = []
    for fresh in regenerated:
        committed_path = ROOT / "belronde" / fresh.relative_to(copy)
        committed = _entries(committed_path) if committed_path.exists() else {}
        for key in _entries(fresh):
            entry = committed.get(key)
            if entry is None or not entry.translated():
                missing.append(f"{committed_path.relative_to(ROOT)}: {key[1][:80]!r}")
    assert not missing, "run `make messages` and translate:\n" + "\n".join(missing)


def test_one_word_for_the_member_firms():
    wrong = re.compile(r"\b(organisaties?|bedrijven)\b", re.IGNORECASE)
    found = [
        f"{po.relative_to(ROOT)}: {e.msgstr[:80]!r}"
        for po in CATALOGUES
        if "/analyses/" not in str(po)  # finance theory speaks of firms in general
        for e in polib.pofile(str(po))
        if wrong.search(e.msgstr)
    ]
    assert found == []
