import pytest
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from belronde.accounts import actions
from belronde.accounts.actions import TwoFactorError, TwoFactorThrottled, verify_second_factor
from belronde.audit.models import AuditEvent
from belronde.testing import BelrondeTestCase, next_totp_code, totp_code, wrong_totp_code


class VerifySecondFactorTests(BelrondeTestCase):
    def setUp(self):
        self.device = actions.start_totp_enrolment(actor=self.coach)
        self.codes = actions.confirm_totp_device(
            actor=self.coach, device=self.device, code=next_totp_code(self.device)
        )

    def unthrottle(self):
        past = timezone.now() - timezone.timedelta(hours=1)
        TOTPDevice.objects.update(throttling_failure_timestamp=past)
        StaticDevice.objects.update(throttling_failure_timestamp=past)

    def test_it_accepts_a_code_from_the_key_and_records_its_time_step(self):
        before = TOTPDevice.objects.get(pk=self.device.pk).last_t
        device = verify_second_factor(
            actor=self.coach, code=next_totp_code(self.device), kind="totp"
        )
        self.assertEqual(device.pk, self.device.pk)
        self.assertGreater(TOTPDevice.objects.get(pk=self.device.pk).last_t, before)
        self.assertEqual(AuditEvent.objects.get(verb="mfa.verified").payload["kind"], "totp")

    def test_it_refuses_the_same_code_twice_and_any_earlier_one(self):
        code = next_totp_code(self.device)
        verify_second_factor(actor=self.coach, code=code, kind="totp")
        with pytest.raises(TwoFactorError, match="al gebruikt"):
            verify_second_factor(actor=self.coach, code=code, kind="totp")
        self.unthrottle()
        with pytest.raises(TwoFactorError):
            verify_second_factor(actor=self.coach, code=totp_code(self.device, -1), kind="totp")

    def test_a_refused_code_is_audited_and_counted_even_though_it_raises(self):
        wrong = wrong_totp_code(self.device)
        with pytest.raises(TwoFactorError):
            verify_second_factor(actor=self.coach, code=wrong, kind="totp", stage="login")
        self.device.refresh_from_db()
        self.assertEqual(self.device.throttling_failure_count, 1)
        event = AuditEvent.objects.get(verb="mfa.verify_failed")
        self.assertEqual(
            event.payload, {"kind": "totp", "stage": "login", "throttled": False, "failures": 1}
        )

    def test_wrong_codes_of_either_kind_hold_back_both(self):
        with pytest.raises(TwoFactorError):
            verify_second_factor(actor=self.coach, code="aaaa-bbbb-cccc", kind="recovery")
        with pytest.raises(TwoFactorThrottled):
            verify_second_factor(actor=self.coach, code=next_totp_code(self.device), kind="totp")
        with pytest.raises(TwoFactorThrottled):
            verify_second_factor(actor=self.coach, code=self.codes[0], kind="recovery")
        self.assertEqual(StaticDevice.objects.get(user=self.coach).token_set.count(), 10)

    def test_the_wait_doubles_with_each_wrong_code(self):
        for failures in (1, 2, 3, 4):
            self.unthrottle()
            with pytest.raises(TwoFactorError):
                verify_second_factor(
                    actor=self.coach, code=wrong_totp_code(self.device), kind="totp"
                )
            self.device.refresh_from_db()
            self.assertEqual(self.device.throttling_failure_count, failures)
            allowed, data = self.device.verify_is_allowed()
            self.assertFalse(allowed)
            wait = (data["locked_until"] - timezone.now()).total_seconds()
            self.assertAlmostEqual(wait, 2 ** (failures - 1), delta=0.5)

    def test_a_recovery_code_works_once_in_any_notation(self):
        code = self.codes[5]
        device = verify_second_factor(
            actor=self.coach, code=code.upper().replace("-", " "), kind="recovery"
        )
        self.assertIsInstance(device, StaticDevice)
        self.assertEqual(device.token_set.count(), 9)
        with pytest.raises(TwoFactorError, match="herstelcode"):
            verify_second_factor(actor=self.coach, code=code, kind="recovery")
        event = AuditEvent.objects.get(verb="mfa.verified")
        self.assertEqual(event.payload["recovery_codes_left"], 9)
        self.assertNotIn(code, str(list(AuditEvent.objects.values_list("payload", flat=True))))

    def test_another_users_recovery_code_does_not_work(self):
        other = actions.start_totp_enrolment(actor=self.coordinator)
        their_codes = actions.confirm_totp_device(
            actor=self.coordinator, device=other, code=next_totp_code(other)
        )
        with pytest.raises(TwoFactorError):
            verify_second_factor(actor=self.coach, code=their_codes[0], kind="recovery")

    def test_a_user_without_a_device_cannot_verify(self):
        with pytest.raises(TwoFactorError, match="niet ingesteld"):
            verify_second_factor(actor=self.caller, code="123456", kind="totp")

    def test_an_unconfirmed_device_does_not_count(self):
        pending = actions.start_totp_enrolment(actor=self.caller)
        with pytest.raises(TwoFactorError, match="niet ingesteld"):
            verify_second_factor(actor=self.caller, code=next_totp_code(pending), kind="totp")
