"""Fail when a Dutch catalogue has an untranslated or fuzzy message (run by `make messages`)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def problems(po: Path) -> list[str]:
    found: list[str] = []
    entries = po.read_text(encoding="utf-8").split("\n\n")
    for entry in entries[1:]:
        lines = [line for line in entry.strip().splitlines() if not line.startswith("#~")]
        if not lines:
            continue
        if any(line.startswith("#,") and "fuzzy" in line for line in lines):
            found.append(
                f"{po.relative_to(ROOT)}: fuzzy: {lines[-2] if len(lines) > 1 else lines[0]}"
            )
            continue
        msgstrs: list[str] = []
        current: list[str] | None = None
        for line in lines:
            if line.startswith("msgstr"):
                current = [line.split(" ", 1)[1]]
                msgstrs.append("")
            elif line.startswith('"') and current is not None:
                current.append(line)
            elif line.startswith("msgid"):
                current = None
            if current is not None and msgstrs:
                msgstrs[-1] = "".join(part.strip('"') for part in current)
        if msgstrs and any(m == "" for m in msgstrs):
            msgid = next((line for line in lines if line.startswith("msgid ")), lines[0])
            found.append(f"{po.relative_to(ROOT)}: untranslated: {msgid}")
    return found


def main() -> int:
    catalogues = sorted(ROOT.glob("belronde/**/locale/nl/LC_MESSAGES/django.po"))
    all_problems = [p for po in catalogues for p in problems(po)]
    for problem in all_problems:
        print(problem)
    if all_problems:
        print(f"{len(all_problems)} Dutch messages need a translation.", file=sys.stderr)
        return 1
    print(f"Dutch catalogues complete ({len(catalogues)} files).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
