"""The `belronde` console command: a thin wrapper over Django's management commands.

`belronde import-members ...` runs the management command `import_members`; every command
accepts Django's usual options. Configuration errors exit non-zero with a one-line reason.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "belronde.settings")
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")

    from belronde.lib.env import ConfigurationError

    try:
        import django

        django.setup()
    except ConfigurationError as exc:
        print(f"belronde: configuration error: {exc}", file=sys.stderr)
        return 2

    from django.core.management import execute_from_command_line

    from belronde.lib import requestid

    requestid.bind()
    execute_from_command_line(["belronde", *args])
    return 0
