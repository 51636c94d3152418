"""Fill Dutch msgstrs from a JSON file of {msgid: msgstr} (or {msgid: [singular, plural]}).

Usage: .venv/bin/python scripts/po_fill.py translations.json [more.json ...]
Applies to every belronde catalogue; only empty or fuzzy entries are filled, existing ones kept
unless --overwrite is given. Prints what is still missing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    overwrite = "--overwrite" in argv
    files = [a for a in argv if not a.startswith("--")]
    table: dict[str, str | list[str]] = {}
    for name in files:
        table.update(json.loads(Path(name).read_text(encoding="utf-8")))
    missing = 0
    for path in sorted(ROOT.glob("belronde/**/locale/nl/LC_MESSAGES/django.po")):
        po = polib.pofile(str(path), wrapwidth=100)
        for entry in po:
            if entry.obsolete:
                continue
            done = entry.translated() and "fuzzy" not in entry.flags
            if done and not overwrite:
                continue
            value = table.get(entry.msgid)
            if value is None:
                missing += 1
                print(f"missing: {path.relative_to(ROOT)}: {entry.msgid!r}")
                continue
            if entry.msgid_plural:
                forms = value if isinstance(value, list) else [value, value]
                entry.msgstr_plural = {0: forms[0], 1: forms[1]}
            else:
                entry.msgstr = value if isinstance(value, str) else value[0]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.save(str(path))
    print(f"{missing} still missing")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
