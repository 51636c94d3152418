"""What every app's models share: the public code and the append-only row.

- ``new_public_code``: the 10-character code a model shows in URLs and reads aloud on the phone
  (no 0/O or 1/I), never the primary key.
- ``AppendOnly``: a row that is written once. ``save`` on a stored row and ``delete`` raise, each
  with the model's own words; a model that allows one narrow change (a consent's withdrawal)
  says so in ``allows_update``. The database triggers of the audit log add the same rule below
  the ORM; this base keeps a bulk of code from ever trying.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any, ClassVar

from django.db import models

PUBLIC_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud on the phone


def new_public_code() -> str:
    return "".join(secrets.choice(PUBLIC_CODE_ALPHABET) for _ in range(10))


class AppendOnly(models.Model):
    """An abstract base for rows that are written once (see the module docstring)."""

    #: why a stored row cannot be saved again (shown in the ValueError)
    update_refused: ClassVar[str] = "These rows are append-only."
    #: why a row cannot be deleted; None when deleting is allowed (it goes with its parent)
    delete_refused: ClassVar[str | None] = "These rows are append-only."

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self.allows_update(kwargs.get("update_fields")):
            raise ValueError(self.update_refused)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self.delete_refused is not None:
            raise ValueError(self.delete_refused)
        return super().delete(*args, **kwargs)

    def allows_update(self, update_fields: Iterable[str] | None) -> bool:
        """Whether saving a stored row with these ``update_fields`` is the one change allowed."""
        return False
