"""`belronde finance score|alarms`: JSON on stdin, JSON out, exit code 2 on malformed input."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from belronde.analyses.tests.examples import EXAMPLE_A

ROOT = Path(__file__).resolve().parents[3]


def run(action: str, text: str) -> dict:
    out = io.StringIO()
    call_command("finance", action, stdin=io.StringIO(text), stdout=out)
    return json.loads(out.getvalue())


def test_score_from_codes():
    result = run("score", json.dumps({"codes": EXAMPLE_A, "schema": "abbreviated"}))
    zpp = next(s for s in result["scores"] if s["model"] == "altman_z_double_prime")
    assert (zpp["score"], zpp["zone"]) == (2.046, "grey")
    assert set(zpp["components"]) == {"X1", "X2", "X3", "X4"}
    assert {n["model"] for n in result["not_computable"]} == {"altman_z", "altman_z_prime"}
    assert any(r["key"] == "solvency" and r["value"] == 24.0 for r in result["ratios"])


def test_score_from_named_fields_keeps_decimals_exact():
    text = (
        '{"total_assets": 1000000.00, "current_assets": 400000, "current_liabilities": 250000,'
        ' "retained_earnings": 200000, "ebit": 100000, "book_equity": 500000,'
        ' "total_liabilities": 500000, "sales": 1500000, "models": ["altman_z_prime"]}'
    )
    result = run("score", text)
    assert result["scores"][0]["score"] == 2.5047  # 2,50465 half up: not a float artefact


def test_alarms():
    result = run("alarms", '{"legal_form": "NV", "capital": 100000, "net_assets": 40000}')
    assert result["articles"] == ["7:228", "7:230"]


@pytest.mark.parametrize(
    ("action", "text", "message"),
    [
        ("score", "not json", "Input is not valid JSON"),
        ("score", "[1]", "Expected one JSON object"),
        ("score", '{"total_asset": 5}', "Unknown field(s): total_asset"),
        ("alarms", '{"legal_form": "VOF", "net_assets": 1}', "is not a BV, NV or CV"),
        (
            "alarms",
            '{"legal_form": "BV", "net_assets": 1, "liquidity_doubt_12m": "ja"}',
            "true or false",
        ),
    ],
)
def test_malformed_input_is_exit_code_2(action, text, message):
    with pytest.raises(CommandError) as caught:
        run(action, text)
    assert caught.value.returncode == 2
    assert message in str(caught.value)


def test_the_console_command_prints_json_and_exits_2_with_one_line():
    env = {**os.environ, "BELRONDE_DEBUG": "true"}
    command = [sys.executable, "-m", "belronde", "finance"]
    good = subprocess.run(
        [*command, "alarms"],
        input='{"legal_form": "BV", "net_assets": -10, "liquidity_doubt_12m": false}',
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["articles"] == ["5:153"]
    bad = subprocess.run(
        [*command, "score"], input="{oops", capture_output=True, text=True, env=env, cwd=ROOT,
        timeout=120, check=False,
    )  # fmt: skip
    assert bad.returncode == 2
    lines = [line for line in bad.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Input is not valid JSON" in lines[0]
    assert bad.stdout == ""
