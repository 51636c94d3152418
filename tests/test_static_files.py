"""The stylesheet, script and htmx are served from the app itself (no CDN)."""

import pytest


@pytest.mark.parametrize(
    "path",
    [
        "/static/belronde/belronde.css",
        "/static/belronde/belronde.js",
        "/static/django_htmx/htmx-2.min.js",
        "/static/campaigns/call.js",
    ],
)
def test_static_assets_are_served(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert len(body) > 100
