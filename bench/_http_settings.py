"""Settings for bench/bench_http.py: belronde's own, plus one URL for the baseline view.

Everything else (middleware, database, production security settings) is exactly belronde's,
so the baseline runs in the same server, through the same middleware stack, as the pages.
"""

from belronde.settings import *  # noqa: F403

ROOT_URLCONF = "bench._http_urls"
