"""Calling hours and retry gaps. Pure functions (no Django).

Calling hours are per weekday (0 = Monday) as lists of ["HH:MM", "HH:MM"] windows in local time
(Europe/Brussels); a window's end is exclusive.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")
TIME_RE = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")

CallingHours = Mapping[str, Sequence[Sequence[str]]]


class HoursError(ValueError):
    pass


def parse_time(text: str) -> dt.time:
    match = TIME_RE.match(text.strip())
    if not match:
        raise HoursError(f"{text!r} is not a time like 09:30.")
    return dt.time(int(match.group(1)), int(match.group(2)))


def validate_hours(hours: object) -> dict[str, list[list[str]]]:
    """Normalise a calling-hours mapping; raises HoursError with a readable reason."""
    if not isinstance(hours, Mapping):
        raise HoursError("Calling hours must map weekdays 0-6 to time windows.")
    clean: dict[str, list[list[str]]] = {}
    for day, windows in hours.items():
        if str(day) not in {str(d) for d in range(7)}:
            raise HoursError(f"{day!r} is not a weekday number 0-6.")
        if not isinstance(windows, Sequence) or isinstance(windows, str):
            raise HoursError(f"Day {day}: windows must be a list.")
        parsed: list[tuple[dt.time, dt.time]] = []
        for window in windows:
            if not isinstance(window, Sequence) or len(window) != 2:
                raise HoursError(f"Day {day}: a window is a pair of times.")
            start, end = parse_time(str(window[0])), parse_time(str(window[1]))
            if start >= end:
                raise HoursError(f"Day {day}: {window[0]} is not before {window[1]}.")
            parsed.append((start, end))
        parsed.sort()
        for (_s1, e1), (s2, _e2) in itertools.pairwise(parsed):
            if s2 < e1:
                raise HoursError(f"Day {day}: windows overlap.")
        if parsed:
            clean[str(day)] = [[s.strftime("%H:%M"), e.strftime("%H:%M")] for s, e in parsed]
    return clean


#: A window ending at 23:59 runs to midnight: a time field cannot say 24:00, and nobody who
#: types "until 23:59" means "but not in its last minute".
END_OF_DAY = dt.time(23, 59)


def within_hours(hours: CallingHours, moment: dt.datetime) -> bool:
    """Is ``moment`` (aware) inside a calling window? Empty hours mean: any time."""
    if not hours:
        return True
    local = moment.astimezone(BRUSSELS)
    windows = hours.get(str(local.weekday()), [])
    now = local.time()
    for start, end in windows:
        until = parse_time(end)
        if parse_time(start) <= now and (now < until or until == END_OF_DAY):
            return True
    return False


def next_window_start(hours: CallingHours, moment: dt.datetime) -> dt.datetime | None:
    """The next moment at or after ``moment`` that lies within calling hours (within 8 days)."""
    if not hours or within_hours(hours, moment):
        return moment
    local = moment.astimezone(BRUSSELS)
    for offset in range(8):
        day = local.date() + dt.timedelta(days=offset)
        windows = [(str(w[0]), str(w[1])) for w in hours.get(str(day.weekday()), [])]
        for start, _end in sorted(windows):
            candidate = dt.datetime.combine(day, parse_time(start), BRUSSELS)
            if candidate >= local:
                return candidate.astimezone(dt.UTC)
    return None
