"""POST /api/v1/finance/score and /api/v1/finance/alarms."""

from belronde.accounts.actions import create_api_token
from belronde.analyses.tests.examples import EXAMPLE_A
from belronde.testing import BelrondeTestCase


class FinanceApiTests(BelrondeTestCase):
    def setUp(self):
        _token, key = create_api_token(actor=self.caller, name="t")
        self.headers = {"Authorization": f"Bearer {key}"}

    def post(self, path, data, **extra):
        return self.client.post(
            path, data, content_type="application/json", headers=self.headers, **extra
        )

    def test_it_needs_a_token(self):
        response = self.client.post(
            "/api/v1/finance/score", {"total_assets": 1}, content_type="application/json"
        )
        self.assertEqual(response.status_code, 401)

    def test_any_signed_in_user_may_compute_a_score_from_codes(self):
        response = self.post("/api/v1/finance/score", {"codes": EXAMPLE_A, "schema": "abbreviated"})
        self.assertEqual(response.status_code, 200, response.content)
        data = response.json()
        zpp = next(s for s in data["scores"] if s["model"] == "altman_z_double_prime")
        self.assertEqual((zpp["score"], zpp["zone"]), (2.046, "grey"))
        self.assertEqual(zpp["components"]["X4"]["weight"], 1.05)
        self.assertEqual(
            {n["model"] for n in data["not_computable"]}, {"altman_z", "altman_z_prime"}
        )

    def test_it_computes_from_named_fields(self):
        body = {"total_assets": 200000, "current_assets": 50000, "current_liabilities": 120000,
                "retained_earnings": -60000, "ebit": -10000, "book_equity": -20000,
                "total_liabilities": 220000, "models": ["altman_z_double_prime"]}  # fmt: skip
        data = self.post("/api/v1/finance/score", body).json()
        self.assertEqual(
            (data["scores"][0]["score"], data["scores"][0]["zone"]), (-3.7055, "distress")
        )

    def test_malformed_input_is_a_json_4xx(self):
        unknown = self.post("/api/v1/finance/score", {"total_asset": 1})
        self.assertEqual(unknown.status_code, 422)
        self.assertIn("errors", unknown.json())
        empty = self.post("/api/v1/finance/score", {})
        self.assertEqual(empty.status_code, 400)
        self.assertIn("named fields", empty.json()["detail"])
        bad_code = self.post("/api/v1/finance/score", {"codes": {"99/99": 1}})
        self.assertEqual(bad_code.status_code, 400)
        bad_amount = self.post("/api/v1/finance/score", {"total_assets": "veel"})
        self.assertEqual(bad_amount.status_code, 400)
        self.assertEqual(
            self.post("/api/v1/finance/score", {"total_assets": 1, "models": []}).status_code, 422
        )

    def test_alarms(self):
        response = self.post(
            "/api/v1/finance/alarms", {"legal_form": "NV", "capital": 200000, "net_assets": 45000}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["articles"], ["7:228", "7:229", "7:230"])
        self.assertEqual(
            self.post("/api/v1/finance/alarms", {"legal_form": "VOF", "net_assets": 1}).status_code,
            422,  # the schema lists the legal forms the alarm bells apply to
        )
        self.assertEqual(self.post("/api/v1/finance/alarms", {"legal_form": "BV"}).status_code, 422)

    def test_the_operations_and_their_errors_are_in_the_openapi_document(self):
        paths = self.client.get("/api/v1/openapi.json").json()["paths"]
        for path in ("/api/v1/finance/score", "/api/v1/finance/alarms"):
            self.assertEqual(
                set(paths[path]["post"]["responses"]), {"200", "400", "401", "413", "422"}
            )
