"""belronde.finance must stay pure: importable, and working, with Django made unimportable."""

import ast
import subprocess
import sys
from pathlib import Path

import belronde.finance

PACKAGE = Path(belronde.finance.__file__).parent

SCRIPT = """
import importlib, pkgutil, sys
sys.modules["django"] = None  # any "import django..." now raises ImportError
import belronde.finance as finance
for module in pkgutil.iter_modules(finance.__path__):
    importlib.import_module("belronde.finance." + module.name)
from belronde.finance import service
result = service.score({"total_assets": 100, "current_assets": 50, "current_liabilities": 20,
                        "retained_earnings": 10, "ebit": 5, "book_equity": 40,
                        "total_liabilities": 60, "models": ["altman_z_double_prime"]})
assert result["scores"][0]["zone"] in {"safe", "grey", "distress"}
assert not any(name == "django" or name.startswith("django.") for name in sys.modules
               if sys.modules[name] is not None), "django was imported"
print("ok", len(list(pkgutil.iter_modules(finance.__path__))))
"""


def test_it_imports_and_computes_without_django():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(PACKAGE.parent.parent)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok ")
    assert int(result.stdout.split()[1]) >= 10


def test_no_module_imports_django():
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert not name.startswith(("django", "belronde.analyses", "ninja")), (
                    f"{path.name} imports {name}"
                )
