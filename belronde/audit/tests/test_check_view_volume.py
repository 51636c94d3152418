"""SEC-BL-03: whoever opens more than BELRONDE_UNUSUAL_VIEWS_PER_HOUR distinct cases of a chapter
within an hour raises one alert event, and the coordinators' e-mail is queued for the worker."""

import datetime as dt

from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from belronde.audit.actions import record_event
from belronde.audit.models import AuditEvent
from belronde.audit.verbs import UNUSUAL_VOLUME
from belronde.members.models import Organisation
from belronde.testing import BelrondeTestCase


def make_orgs(chapter, count, first=3_100_000):
    """``count`` organisations with valid, distinct enterprise numbers (plain bulk_create)."""
    return Organisation.objects.bulk_create(
        Organisation(
            chapter=chapter,
            enterprise_number=f"{n:08d}{97 - n % 97:02d}",
            name=f"Firma {n}",
        )
        for n in range(first, first + count)
    )


class CheckViewVolumeTests(BelrondeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.orgs = make_orgs(cls.mechelen, 60)
        cls.lier_orgs = make_orgs(cls.lier, 5)

    def view(self, org, actor=None, chapter=None):
        return record_event(
            actor=actor or self.caller,
            verb="organisation.viewed",
            chapter=chapter or self.mechelen,
            obj=org,
            payload={"page": "detail"},
        )

    def view_all(self, orgs, actor=None):
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            for org in orgs:
                self.view(org, actor)
        return callbacks

    def alerts(self, actor=None):
        return AuditEvent.objects.filter(verb=UNUSUAL_VOLUME, actor=actor or self.caller)

    def queued(self):
        return DBTaskResult.objects.filter(task_path="belronde.audit.tasks.notify_unusual_volume")

    def backdate(self, minutes):
        """Views recorded ``minutes`` ago (events are append-only: written so, not moved)."""
        at = timezone.now() - dt.timedelta(minutes=minutes)
        for org in self.orgs[:50]:
            AuditEvent.objects.create(
                at=at,
                actor=self.caller,
                actor_label=self.caller.username,
                chapter=self.mechelen,
                verb="organisation.viewed",
                object_type="members.organisation",
                object_code=org.public_code,
            )

    def test_it_SEC_BL_03_raises_no_alert_for_50_distinct_cases(self):
        callbacks = self.view_all(self.orgs[:50])
        self.assertFalse(self.alerts().exists())
        self.assertEqual(callbacks, [])
        self.assertFalse(self.queued().exists())

    def test_it_SEC_BL_03_raises_one_alert_on_the_51st_distinct_case_and_queues_the_mail(self):
        self.view_all(self.orgs[:50])
        callbacks = self.view_all(self.orgs[50:51])
        alert = self.alerts().get()
        self.assertEqual(alert.chapter, self.mechelen)
        self.assertEqual(alert.actor_label, "bob.caller")
        self.assertEqual(alert.payload, {"count": 51, "threshold": 50, "window_minutes": 60})
        self.assertEqual((alert.object_type, alert.object_code), ("", ""))
        self.assertEqual(len(callbacks), 1)
        [task] = self.queued()
        self.assertEqual(task.args_kwargs["args"], [alert.pk])

    def test_it_SEC_BL_03_counts_a_case_opened_again_once(self):
        self.view_all(self.orgs[:50])
        self.view_all(self.orgs[:50])
        self.view_all(self.orgs[:10])
        self.assertFalse(self.alerts().exists())
        self.view_all(self.orgs[50:51])
        self.assertEqual(self.alerts().get().payload["count"], 51)

    def test_it_SEC_BL_03_counts_each_kind_of_case_apart(self):
        self.view_all(self.orgs[:49])
        # an analysis and a conversation are other cases than the organisation they are about
        org = self.orgs[0]
        for verb, object_type in (
            ("analysis.viewed", "analyses.financialanalysis"),
            ("conversation.viewed", "conversations.conversation"),
        ):
            AuditEvent.objects.create(
                actor=self.caller,
                chapter=self.mechelen,
                verb=verb,
                object_type=object_type,
                object_code=org.public_code,
            )
        self.assertFalse(self.alerts().exists())
        self.view_all(self.orgs[:1])
        self.assertEqual(self.alerts().get().payload["count"], 51)

    def test_it_SEC_BL_03_ignores_views_older_than_an_hour(self):
        self.backdate(minutes=61)
        self.view_all(self.orgs[50:60])
        self.assertFalse(self.alerts().exists())

    def test_it_SEC_BL_03_counts_views_within_the_hour(self):
        self.backdate(minutes=59)
        self.view_all(self.orgs[50:51])
        self.assertEqual(self.alerts().get().payload["count"], 51)

    def test_it_SEC_BL_03_raises_no_second_alert_in_the_same_hour(self):
        self.view_all(self.orgs[:51])
        callbacks = self.view_all(self.orgs[51:60])
        self.assertEqual(self.alerts().count(), 1)
        self.assertEqual(callbacks, [])
        self.assertEqual(self.queued().count(), 1)

    def test_it_SEC_BL_03_raises_a_new_alert_once_the_last_is_an_hour_old(self):
        AuditEvent.objects.create(
            at=timezone.now() - dt.timedelta(minutes=61),
            actor=self.caller,
            chapter=self.mechelen,
            verb=UNUSUAL_VOLUME,
            payload={"count": 51},
        )
        self.view_all(self.orgs[:51])
        self.assertEqual(self.alerts().count(), 2)

    def test_it_SEC_BL_03_does_not_count_another_chapters_views(self):
        self.view_all(self.orgs[:50])
        for org in self.lier_orgs:
            self.view(org, chapter=self.lier)
        self.assertFalse(self.alerts().exists())

    def test_it_SEC_BL_03_watches_each_person_apart(self):
        self.view_all(self.orgs[:30])
        self.view_all(self.orgs[30:60], actor=self.caller2)
        self.assertFalse(AuditEvent.objects.filter(verb=UNUSUAL_VOLUME).exists())

    def test_it_SEC_BL_03_counts_a_coordinators_views_too(self):
        self.view_all(self.orgs[:51], actor=self.coordinator)
        self.assertEqual(self.alerts(self.coordinator).count(), 1)

    def test_it_SEC_BL_03_ignores_events_without_a_case(self):
        for _ in range(60):
            record_event(actor=self.caller, verb="audit.viewed", chapter=self.mechelen)
        self.view_all(self.orgs[:50])
        self.assertFalse(self.alerts().exists())

    @override_settings(BELRONDE_UNUSUAL_VIEWS_PER_HOUR=5)
    def test_it_SEC_BL_03_follows_the_setting(self):
        self.view_all(self.orgs[:5])
        self.assertFalse(self.alerts().exists())
        self.view_all(self.orgs[5:6])
        alert = self.alerts().get()
        self.assertEqual(alert.payload, {"count": 6, "threshold": 5, "window_minutes": 60})
