"""The one next step of a call round (``steps.next_step``): one step per situation, in Dutch."""

import dataclasses

import pytest
from django.utils import translation

from belronde.campaigns.steps import CONTROLS, Facts, next_step

DRAFT = Facts(
    status="draft",
    period="during",
    starts_on="01/10/2026",
    ends_on="31/12/2026",
    callers=2,
    in_segment=135,
    contacts=0,
    finished=0,
    proposed=0,
    unpublished=0,
    published=False,
    new_in_segment=135,
)
RUNNING = dataclasses.replace(
    DRAFT, status="running", contacts=133, proposed=133, published=True, new_in_segment=0
)


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


@pytest.mark.parametrize(
    ("facts", "code"),
    [
        (dataclasses.replace(DRAFT, in_segment=0, new_in_segment=0), "empty_segment"),
        (dataclasses.replace(DRAFT, callers=0), "add_callers"),
        (DRAFT, "distribute"),
        (dataclasses.replace(DRAFT, contacts=135, proposed=135, unpublished=135), "publish"),
        (dataclasses.replace(DRAFT, contacts=135, proposed=135, published=True), "start"),
        (dataclasses.replace(RUNNING, period="before"), "not_started"),
        (dataclasses.replace(RUNNING, period="after"), "ended"),
        (dataclasses.replace(RUNNING, status="paused", period="after"), "ended"),
        (dataclasses.replace(RUNNING, idle_callers=("Carl",)), "share_out"),
        (
            dataclasses.replace(
                DRAFT, contacts=135, proposed=135, published=True, idle_callers=("Carl",)
            ),
            "share_out",
        ),
        (dataclasses.replace(RUNNING, status="paused", idle_callers=("Carl",)), "share_out"),
        (dataclasses.replace(RUNNING, orphaned=4), "share_out"),
        (dataclasses.replace(RUNNING, new_in_segment=2), "add_new"),
        (dataclasses.replace(RUNNING, finished=133), "finish"),
        (dataclasses.replace(RUNNING, unpublished=5), "publish"),
        (RUNNING, "calling"),
        (dataclasses.replace(RUNNING, status="paused"), "resume"),
        (dataclasses.replace(RUNNING, status="closed", period="after"), "closed"),
    ],
)
def test_it_names_one_step_for_each_situation(facts, code):
    step = next_step(facts)
    assert step.code == code
    assert step.control == CONTROLS[code]
    assert step.title and step.text


def test_it_says_a_new_round_is_not_distributed_yet_with_the_segment_count():
    step = next_step(DRAFT)
    assert step.title == "Verdeel de ondernemingen over de bellers"
    assert step.text.startswith("Nog niet verdeeld: 135 ondernemingen in de doelgroep.")


def test_it_says_what_starting_does_once_the_distribution_is_published():
    step = next_step(dataclasses.replace(DRAFT, contacts=135, proposed=135, published=True))
    assert step.title == "Start de belronde"
    assert "vanaf 01/10/2026 krijgt elke beller “Volgende oproep”" in step.text


def test_it_names_the_callers_without_contacts():
    step = next_step(dataclasses.replace(RUNNING, idle_callers=("Carl Caller", "Dirk")))
    assert step.text.startswith("Carl Caller, Dirk hebben geen open contacten")
    assert "terugbelafspraak blijven waar ze zijn" in step.text


def test_an_ended_round_says_when_it_ended():
    step = next_step(dataclasses.replace(RUNNING, period="after"))
    assert "De belronde is afgelopen op 31/12/2026" in step.text
