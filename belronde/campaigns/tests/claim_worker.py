"""A claiming process for CONC-CLAIM-02: a fresh interpreter, not a fork of the test runner.

Forking pytest copies whatever threads, locks and database sockets the runner holds at that
moment (a live server, a background import, psycopg's state); a child that inherits a lock held by
another thread waits forever, and a child that closes an inherited socket closes the parent's
connection too. So the test starts these workers as ordinary subprocesses instead.

    DATABASE_URL=postgres://.../test_db python -m belronde.campaigns.tests.claim_worker \
        CAMPAIGN_PK USER_PK PER_ROUND

Each line "go" on stdin starts a round of PER_ROUND calls of ``claim_next``; the worker answers
with one JSON line: the primary keys of the assignments it claimed and the codes of the refusals
it was given. End of input ends the worker.
"""

from __future__ import annotations

import json
import os
import sys


def main(argv: list[str]) -> int:
    campaign_pk, user_pk, per_round = (int(a) for a in argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "belronde.settings")
    import django

    django.setup()
    from django.db import connections

    from belronde.accounts.models import User
    from belronde.campaigns import actions
    from belronde.campaigns.models import Campaign

    campaign = Campaign.objects.get(pk=campaign_pk)
    user = User.objects.get(pk=user_pk)
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        if line.strip() != "go":
            continue
        claimed: list[int] = []
        refused: list[str] = []
        for _ in range(per_round):
            try:
                result = actions.claim_next(actor=user, campaign=campaign)
            except actions.CallRoundError as exc:
                refused.append(exc.code)
                continue
            if result.assignment:
                claimed.append(result.assignment.pk)
        print(json.dumps({"claimed": claimed, "refused": refused}), flush=True)
    connections.close_all()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
