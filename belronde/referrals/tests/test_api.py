"""The referrals API: consent then referral (GDPR-CONS-04 via the API), the partner's accept,
decline and close, withdrawal (GDPR-CONS-02) and field-level isolation (SEC-AC-05)."""

from belronde.accounts.actions import create_api_token
from belronde.audit.models import AuditEvent
from belronde.conversations.tests.fixtures import (
    give_consent,
    make_conversation,
    make_organisation,
    make_person,
    make_services,
)
from belronde.referrals.models import Referral
from belronde.testing import BelrondeTestCase


class ReferralApiTests(BelrondeTestCase):
    def setUp(self):
        self.organisation = make_organisation(self.mechelen)
        self.person = make_person(self.organisation)
        self.conversation = make_conversation(self.caller, self.organisation, person=self.person)
        self.coaching, self.dyzo_service = make_services(self.mechelen, self.dyzo)

    def api(self, user, method, path, data=None):
        _token, key = create_api_token(actor=user, name="test")
        call = getattr(self.client, method)
        kwargs: dict[str, object] = {"headers": {"Authorization": f"Bearer {key}"}}
        if method == "post":
            kwargs["content_type"] = "application/json"
            kwargs["data"] = data or {}
        return call(f"/api/v1/chapters/mechelen{path}", **kwargs)

    def record_consent(self, answer="given"):
        return self.api(
            self.caller,
            "post",
            "/consents",
            {
                "service": self.dyzo_service.public_code,
                "conversation": self.conversation.public_code,
                "answer": answer,
                "method": "phone",
                "text_language": "nl",
                "text_version": 1,
            },
        )

    def refer(self, consent_code=None):
        data = {
            "service": self.dyzo_service.public_code,
            "conversation": self.conversation.public_code,
            "reason": "RSZ-achterstand",
            "urgency": "high",
        }
        if consent_code:
            data["consent"] = consent_code
        return self.api(self.caller, "post", "/referrals", data)

    def test_it_refuses_a_referral_without_consent_gdpr_cons_04(self):
        response = self.refer()
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["code"], "consent_required")
        self.assertIn("toestemming", response.json()["detail"])  # in the caller's language
        self.assertFalse(Referral.objects.exists())

    def test_it_refuses_a_referral_with_a_refused_consent_gdpr_cons_04(self):
        consent = self.record_consent(answer="refused").json()
        self.assertEqual(consent["state"], "refused")
        self.assertEqual(self.refer(consent["code"]).status_code, 409)
        self.assertFalse(Referral.objects.exists())

    def test_consent_then_referral_then_partner_follow_up(self):
        response = self.record_consent()
        self.assertEqual(response.status_code, 201)
        consent = response.json()
        self.assertEqual(consent["captured_by"], self.caller.username)
        self.assertEqual(consent["text_version"], 1)
        self.assertEqual(len(consent["text_sha256"]), 64)
        response = self.refer(consent["code"])
        self.assertEqual(response.status_code, 201)
        code = response.json()["code"]
        self.assertEqual(response.json()["status"], "sent")

        inbox = self.api(self.partner, "get", "/partner/referrals").json()
        self.assertEqual([r["code"] for r in inbox["items"]], [code])
        detail = self.api(self.partner, "get", f"/partner/referrals/{code}").json()
        self.assertEqual(detail["shared"]["organisation_name"], "Brasserie De Klok")
        body = str(detail)
        for never in ("health", "'red'", "liquidity", "turnover", "omzet is gehalveerd"):
            self.assertNotIn(never, body)  # SEC-AC-05
        self.assertEqual(
            self.api(self.partner, "post", f"/partner/referrals/{code}/accept").json()["status"],
            "accepted",
        )
        closed = self.api(
            self.partner,
            "post",
            f"/partner/referrals/{code}/close",
            {"outcome": "helped", "feedback": "Plan loopt."},
        )
        self.assertEqual(closed.status_code, 200)
        mine = self.api(self.caller, "get", f"/referrals/{code}").json()
        self.assertEqual((mine["status"], mine["feedback"]), ("closed", "Plan loopt."))
        # both looks at the referral are audited, the partner's and the caller's
        looks = AuditEvent.objects.filter(verb="referral.viewed", object_code=code)
        self.assertEqual({e.actor for e in looks}, {self.partner, self.caller})

    def test_the_partner_declines_with_a_reason(self):
        consent = give_consent(self.caller, self.dyzo_service, self.organisation)
        code = self.refer(consent.public_code).json()["code"]
        response = self.api(
            self.partner, "post", f"/partner/referrals/{code}/decline", {"reason": "Vol."}
        )
        self.assertEqual(response.json()["status"], "declined")
        again = self.api(
            self.partner, "post", f"/partner/referrals/{code}/decline", {"reason": "Vol."}
        )
        self.assertEqual(again.status_code, 409)

    def test_withdrawal_via_the_api_cuts_the_partner_off_gdpr_cons_02(self):
        consent = give_consent(self.caller, self.dyzo_service, self.organisation)
        code = self.refer(consent.public_code).json()["code"]
        self.assertEqual(
            self.api(self.partner, "get", f"/partner/referrals/{code}").status_code, 200
        )
        response = self.api(
            self.caller, "post", f"/consents/{consent.public_code}/withdraw", {"method": "email"}
        )
        self.assertEqual(response.json()["state"], "withdrawn")
        self.assertEqual(
            self.api(self.partner, "get", f"/partner/referrals/{code}").status_code, 404
        )
        self.assertEqual(self.api(self.partner, "get", "/partner/referrals").json()["count"], 0)

    def test_a_coach_handles_a_coaching_referral(self):
        consent = give_consent(self.caller, self.coaching, self.organisation)
        code = self.api(
            self.caller,
            "post",
            "/referrals",
            {
                "service": self.coaching.public_code,
                "conversation": self.conversation.public_code,
                "consent": consent.public_code,
                "reason": "Cijfers nakijken.",
            },
        ).json()["code"]
        self.assertEqual(self.api(self.coach, "post", f"/referrals/{code}/accept").status_code, 200)
        response = self.api(
            self.coach, "post", f"/referrals/{code}/close", {"outcome": "helped", "feedback": "OK"}
        )
        self.assertEqual(response.json()["outcome"], "helped")
        # the partner cannot touch a coaching referral
        self.assertEqual(
            self.api(self.partner, "get", f"/partner/referrals/{code}").status_code, 404
        )

    def test_services_show_their_consent_texts(self):
        response = self.api(self.caller, "get", "/services")
        names = [s["name"] for s in response.json()["items"]]
        self.assertEqual(names, ["Ondernemersbegeleiding", "Dyzo begeleiding"])
        detail = self.api(self.caller, "get", f"/services/{self.dyzo_service.public_code}").json()
        self.assertEqual({t["language"] for t in detail["consent_texts"]}, {"nl", "en"})

    def test_a_caller_cannot_refer_by_organisation_code_alone(self):
        consent = give_consent(self.caller, self.dyzo_service, self.organisation)
        response = self.api(
            self.caller,
            "post",
            "/referrals",
            {
                "service": self.dyzo_service.public_code,
                "organisation": self.organisation.public_code,
                "consent": consent.public_code,
                "reason": "x",
            },
        )
        self.assertEqual(response.status_code, 403)

    def test_another_chapter_is_404(self):
        self.assertEqual(self.api(self.outsider, "get", "/referrals").status_code, 404)
        self.assertEqual(self.api(self.outsider, "get", "/partner/referrals").status_code, 404)
