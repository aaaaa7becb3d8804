"""Today's date, which decides overdue reviews and how long a stored page
serves, turns at midnight in Oslo, on the days the clocks change too."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest

from oncolex import dates

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
ONE_DAY = datetime.timedelta(days=1)


def midnight(day: datetime.date) -> float:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=OSLO).timestamp()


@pytest.mark.parametrize(
    "day",
    [
        datetime.date(2027, 3, 28),  # 23 hours long: clocks go forward
        datetime.date(2027, 10, 31),  # 25 hours long: clocks go back
        datetime.date(2027, 11, 1),
    ],
)
def test_today_turns_at_midnight_in_oslo(monkeypatch, day):
    # In order, as a clock reads them; each day, once read, is remembered.
    for instant, expected in [
        (midnight(day) - 0.5, day - ONE_DAY),
        (midnight(day), day),
        (midnight(day + ONE_DAY) - 0.5, day),
        (midnight(day + ONE_DAY), day + ONE_DAY),
    ]:
        monkeypatch.setattr(dates, "_clock", lambda instant=instant: instant)
        assert dates.today() == expected


def test_a_clock_set_back_gets_the_earlier_day(monkeypatch):
    day = datetime.date(2027, 6, 1)
    monkeypatch.setattr(dates, "_clock", lambda: midnight(day) + 60)
    assert dates.today() == day
    monkeypatch.setattr(dates, "_clock", lambda: midnight(day) - 60)
    assert dates.today() == day - ONE_DAY
