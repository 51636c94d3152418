import sys

from belronde.cli import main

sys.exit(main(sys.argv[1:]))
