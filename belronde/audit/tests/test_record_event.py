import pytest

from belronde.audit.actions import record_event
from belronde.audit.models import AuditEvent
from belronde.lib import requestid
from belronde.testing import BelrondeTestCase


class RecordEventTests(BelrondeTestCase):
    def test_it_records_actor_chapter_object_and_request_id(self):
        requestid.bind("req-12345678")
        event = record_event(
            actor=self.coordinator, verb="chapter.created", chapter=self.mechelen, obj=self.mechelen
        )
        self.assertEqual(event.actor_label, "alice.coordinator")
        self.assertEqual((event.object_type, event.object_code), ("accounts.chapter", "mechelen"))
        self.assertEqual(event.request_id, "req-12345678")

    def test_it_is_append_only(self):
        event = record_event(actor=None, verb="demo.loaded")
        event.verb = "changed"
        with pytest.raises(ValueError, match="append-only"):
            event.save()
        with pytest.raises(ValueError, match="append-only"):
            event.delete()
        self.assertEqual(AuditEvent.objects.get().verb, "demo.loaded")

    def test_it_refuses_long_free_text_in_the_payload(self):
        with pytest.raises(ValueError, match="too long"):
            record_event(actor=None, verb="demo.loaded", payload={"note": "x" * 500})
