import io

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from belronde.accounts.demo import USERS
from belronde.accounts.models import Chapter, Membership, User


@override_settings(DEBUG=True)
class DemoTests(TestCase):
    def test_it_creates_exactly_the_design_users_and_is_idempotent(self):
        call_command("demo", stdout=io.StringIO())
        counts = (User.objects.count(), Chapter.objects.count(), Membership.objects.count())
        call_command("demo", stdout=io.StringIO())
        self.assertEqual(
            (User.objects.count(), Chapter.objects.count(), Membership.objects.count()), counts
        )
        expected = {
            "coordinator.mechelen",
            *(f"caller{i}.mechelen" for i in range(1, 9)),
            "coach.mechelen",
            "dyzo",
            "stad.mechelen",
            "coordinator.lier",
            "caller1.lier",
            "regio.antwerpen",
        }
        self.assertEqual(set(User.objects.values_list("username", flat=True)), expected)
        self.assertEqual(len(USERS), len(expected))
        self.assertTrue(User.objects.get(username="caller1.mechelen").check_password("demo"))
        self.assertEqual(set(Chapter.objects.values_list("slug", flat=True)), {"mechelen", "lier"})
        dyzo = Membership.objects.get(user__username="dyzo")
        self.assertEqual((dyzo.role, dyzo.partner_organisation.slug), ("partner", "dyzo"))
        regional = Membership.objects.get(user__username="regio.antwerpen")
        self.assertEqual(regional.region.slug, "antwerpen")

    def test_it_refuses_when_a_real_user_has_logged_in(self):
        User.objects.create(username="real.person", last_login=timezone.now())
        with pytest.raises(CommandError, match="real.person"):
            call_command("demo")
        self.assertFalse(Chapter.objects.exists())

    @override_settings(DEBUG=False)
    def test_it_refuses_on_production_settings(self):
        with pytest.raises(CommandError, match="BELRONDE_DEBUG is off"):
            call_command("demo")
