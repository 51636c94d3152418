"""`belronde funding split`: JSON out, exit 2 with a one-line reason on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

SEED = ["--price", "900", "--contribution", "350", "--participant-cap", "200"]


def run(*args: str) -> str:
    out = StringIO()
    call_command("funding", "split", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_split_as_json() -> None:
    assert json.loads(run(*SEED, "--json")) == {
        "price": "900.00",
        "funder": "350.00",
        "participant": "200.00",
        "federation": "350.00",
    }


def test_it_prints_a_table_without_json() -> None:
    text = run(*SEED)
    assert "federation   EUR 350.00" in text


@pytest.mark.parametrize(
    ("price", "reason"),
    [("-900", "negative"), ("negenhonderd", "not a number"), ("900.005", "two decimals")],
)
def test_it_refuses_bad_amounts_with_exit_code_2(price: str, reason: str) -> None:
    with pytest.raises(CommandError) as refused:
        run("--price", price, "--contribution", "350", "--participant-cap", "200")
    assert refused.value.returncode == 2
    assert reason in str(refused.value)


def test_the_console_script_exits_2_with_one_line() -> None:
    belronde = os.path.join(os.path.dirname(sys.executable), "belronde")
    env = {**os.environ, "BELRONDE_DEBUG": "true"}
    done = subprocess.run(
        [
            belronde,
            "funding",
            "split",
            "--price",
            "9,00",
            "--contribution",
            "1",
            "--participant-cap",
            "1",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    ok = subprocess.run(
        [belronde, "funding", "split", *SEED, "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert ok.returncode == 0
    assert json.loads(ok.stdout)["federation"] == "350.00"
