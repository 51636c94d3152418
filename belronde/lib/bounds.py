"""Upper and lower bounds for numbers typed into forms.

A number field without bounds lets 10**30 through to the database, which overflows the column
(a server error on both databases); every integer and decimal field of a form is bounded
(tests/security/test_code_rules.py checks it)."""

from decimal import Decimal

#: the largest version counter a form may send back (a PostgreSQL ``integer``)
VERSION_MAX = 2**31 - 1
#: the largest number a script item's minimum or maximum may be
ANSWER_LIMIT = Decimal("1e12")
