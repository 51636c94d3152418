"""The README's configuration table names every environment variable the settings read."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_readme_documents_every_environment_variable_of_the_settings():
    settings = (ROOT / "belronde" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r"env_(?:bool|str|int|list)\(\s*\"([A-Z0-9_]+)\"", settings))
    assert {"BELRONDE_DEBUG", "SECRET_KEY", "DATABASE_URL"} <= read
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = set(re.findall(r"^\| `([A-Z0-9_]+)` \|", readme, flags=re.MULTILINE))
    missing = sorted(read - table)
    assert not missing, f"add these to the configuration table in README.md: {missing}"
