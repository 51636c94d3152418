from belronde.testing import BelrondeTestCase


class OpenApiTests(BelrondeTestCase):
    def test_the_document_is_public_and_lists_the_routes(self):
        response = self.client.get("/api/v1/openapi.json")
        self.assertEqual(response.status_code, 200)
        paths = response.json()["paths"]
        for path in ("/api/v1/me", "/api/v1/chapters", "/api/v1/chapters/{slug}"):
            self.assertIn(path, paths)

    def test_the_docs_work_offline(self):
        response = self.client.get("/api/v1/docs")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("/static/ninja/swagger-ui-bundle.js", html)
        self.assertNotIn("cdn", html.lower())
