import io
import json

import pytest
from django.core.management import CommandError, call_command

from belronde.accounts.models import ApiToken, Chapter, Membership, User
from belronde.audit.models import AuditEvent
from belronde.testing import BelrondeTestCase


class CreateChapterTests(BelrondeTestCase):
    def test_it_creates_a_chapter_in_a_new_region(self):
        out = io.StringIO()
        call_command(
            "createchapter",
            "gent",
            name="Gent",
            region="oost-vlaanderen",
            postal_codes="9000, 9030",
            json=True,
            stdout=out,
        )
        chapter = Chapter.objects.get(slug="gent")
        self.assertEqual(chapter.postal_codes, ["9000", "9030"])
        self.assertEqual(chapter.region.slug, "oost-vlaanderen")
        self.assertEqual(json.loads(out.getvalue())["slug"], "gent")
        self.assertTrue(
            AuditEvent.objects.filter(verb="chapter.created", object_code="gent").exists()
        )

    def test_it_refuses_a_bad_postal_code_and_writes_nothing(self):
        with pytest.raises(CommandError, match="123 is not a Belgian postal code"):
            call_command("createchapter", "gent", name="Gent", region="ov", postal_codes="9000,123")
        self.assertFalse(Chapter.objects.filter(slug="gent").exists())

    def test_it_refuses_a_duplicate_slug(self):
        with pytest.raises(CommandError, match="already exists"):
            call_command("createchapter", "mechelen", name="M", region="antwerpen")


class CreateUserTests(BelrondeTestCase):
    def test_it_reads_the_password_from_stdin(self):
        import sys

        old = sys.stdin
        sys.stdin = io.StringIO("s3cret-pass-phrase\n")
        try:
            call_command(
                "createuser", "new.coach", chapter="mechelen", role="coach", password_stdin=True
            )
        finally:
            sys.stdin = old
        user = User.objects.get(username="new.coach")
        self.assertTrue(user.check_password("s3cret-pass-phrase"))
        self.assertEqual(Membership.objects.get(user=user).role, "coach")

    def test_a_partner_needs_an_organisation(self):
        with pytest.raises(CommandError, match="partner organisation"):
            call_command("createuser", "p", chapter="mechelen", role="partner")
        self.assertFalse(User.objects.filter(username="p").exists())

    def test_a_regional_user_covers_the_region(self):
        call_command("createuser", "reg", chapter="mechelen", role="regional")
        membership = Membership.objects.get(user__username="reg")
        self.assertEqual((membership.region, membership.chapter), (self.region, None))

    def test_a_taken_username_is_refused(self):
        with pytest.raises(CommandError, match="already exists"):
            call_command("createuser", "BOB.caller", chapter="mechelen", role="caller")


class CreateTokenTests(BelrondeTestCase):
    def test_it_prints_a_working_token(self):
        out = io.StringIO()
        call_command("createtoken", "alice.coordinator", stdout=out)
        key = out.getvalue().strip()
        self.assertTrue(ApiToken.objects.filter(key_digest=ApiToken.digest(key)).exists())
        response = self.client.get(
            "/api/v1/chapters/mechelen", headers={"Authorization": f"Bearer {key}"}
        )
        self.assertEqual(response.status_code, 200)

    def test_an_unknown_user_is_an_error(self):
        with pytest.raises(CommandError, match="No active user"):
            call_command("createtoken", "ghost")
