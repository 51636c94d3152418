"""The one error type of the actions: a request that cannot be carried out.

Every app's action error subclasses :class:`ActionError` (``CallRoundError``, ``KnowledgeError``,
``ReferralError``, ``MembersError``, ...). An error carries

- ``message``: for the user, already in their language (the actions build it with gettext);
- ``code``: stable, for machines (the API's ``code`` field); a class attribute per subclass;
- ``status``: the HTTP status the API answers with; a class attribute per subclass.

The API turns any of them into its JSON error once (``belronde.api.api``); HTML views show one
through :func:`show_error`, on the form or as a message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib import messages

if TYPE_CHECKING:
    from django.forms import BaseForm
    from django.http import HttpRequest


class ActionError(Exception):
    """A request that cannot be carried out; ``message`` is for the user, ``code`` for the API."""

    code: ClassVar[str] = "invalid"
    status: ClassVar[int] = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = str(message)

    def as_json(self) -> dict[str, Any]:
        """The API's body for this error (a subclass may add fields, e.g. ``errors``)."""
        return {"detail": self.message, "code": self.code}


def show_error(
    request: HttpRequest,
    error: ActionError,
    *,
    form: BaseForm | None = None,
    field: str | None = None,
) -> None:
    """Show ``error`` to the person in an HTML page: on ``form`` (at ``field``, or above the
    fields) when the page shows that form again, otherwise as a message on the next page."""
    if form is not None:
        form.add_error(field, error.message)
    else:
        messages.error(request, error.message)
