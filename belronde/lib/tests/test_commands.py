import io

import pytest
from django.core.management import CommandError, call_command

from belronde.testing import BelrondeTestCase


class ChapterOptionTests(BelrondeTestCase):
    def test_an_unknown_chapter_is_a_clear_error(self):
        with pytest.raises(
            CommandError, match="No chapter nowhere. Known chapters: lier, mechelen."
        ):
            call_command("createuser", "x", chapter="nowhere", role="caller")

    def test_the_error_can_be_dutch(self):
        with pytest.raises(CommandError, match="Geen afdeling nowhere"):
            call_command("createuser", "x", chapter="nowhere", role="caller", language="nl")

    def test_it_resolves_the_chapter(self):
        out = io.StringIO()
        call_command(
            "createuser", "new.caller", chapter="mechelen", role="caller", json=True, stdout=out
        )
        assert '"chapter": "mechelen"' in out.getvalue()
