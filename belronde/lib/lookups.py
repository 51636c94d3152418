"""``__in`` on integer columns that never overflows.

Django (since 5.0) answers an exact or range lookup with an out-of-range integer by "no rows"
instead of sending it to the database, but not ``__in``: on SQLite, whose driver binds at most 64
bits, ``filter(pk__in=[10**26])`` raises OverflowError, so a form's multiple-choice field given
such an id answered with a server error instead of "select a valid choice". This lookup drops
values the column cannot hold (no row can have them) before the query is built; installed for
every integer field (and so every primary key) by ``AccountsConfig.ready``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    lookup_name = "in"

    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():
            try:
                low, high = connection.ops.integer_field_range(
                    self.lhs.output_field.get_internal_type()
                )
            except KeyError:
                low = high = None
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def install() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
