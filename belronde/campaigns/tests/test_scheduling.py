import datetime as dt

import pytest

from belronde.campaigns.scheduling import (
    BRUSSELS,
    HoursError,
    next_window_start,
    validate_hours,
    within_hours,
)

HOURS = {"0": [["09:00", "12:00"], ["13:30", "20:30"]], "5": [["10:00", "12:00"]]}


def at(day, hour, minute=0):
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=BRUSSELS)  # 23 Nov 2026 is a Monday


def test_within_hours_respects_windows_and_days():
    assert within_hours(HOURS, at(23, 9))
    assert not within_hours(HOURS, at(23, 12))  # end is exclusive
    assert not within_hours(HOURS, at(23, 21))
    assert not within_hours(HOURS, at(24, 10))  # Tuesday: no window
    assert within_hours(HOURS, at(28, 11))  # Saturday
    assert within_hours({}, at(24, 3))  # no hours: any time


def test_a_window_until_23_59_runs_to_midnight():
    evening = {"0": [["18:00", "23:59"]], "1": [["00:00", "23:59"]]}
    last_minute = dt.datetime(2026, 11, 23, 23, 59, 48, tzinfo=BRUSSELS)
    assert within_hours(evening, last_minute)
    assert within_hours(evening, last_minute + dt.timedelta(seconds=13))  # Tuesday 00:00:01
    assert not within_hours({"0": [["18:00", "23:58"]]}, last_minute)


def test_it_works_in_brussels_time_whatever_the_input_zone():
    utc = at(23, 20, 15).astimezone(dt.UTC)
    assert within_hours(HOURS, utc)


def test_next_window_start():
    assert next_window_start(HOURS, at(23, 12, 30)) == at(23, 13, 30).astimezone(dt.UTC)
    assert next_window_start(HOURS, at(23, 21)) == at(28, 10).astimezone(dt.UTC)


@pytest.mark.parametrize(
    "bad",
    [
        {"7": []},
        {"0": [["9", "10"]]},
        {"0": [["10:00", "09:00"]]},
        {"0": [["09:00", "11:00"], ["10:00", "12:00"]]},
        [],
    ],
)
def test_invalid_hours_are_refused(bad):
    with pytest.raises(HoursError):
        validate_hours(bad)
