#!/usr/bin/env python
"""Django's manage.py; the `belronde` command does the same with friendlier names."""

import sys

from belronde.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
