"""Today's date where Oncolex works (settings.TIME_ZONE), in one place.

Whether a review is overdue, and which day a cached page belongs to, both
turn on it; tests move it by patching `today`.
"""

from __future__ import annotations

import datetime
import time

from django.utils import timezone

# Today, and the instants (Unix time) it begins and ends: every stored page's
# lookup asks for the date, which need not cost a time-zone conversion each time.
_day: tuple[datetime.date, float, float] = (datetime.date.min, 0.0, 0.0)
_clock = time.time


def today() -> datetime.date:
    global _day
    now = _clock()
    day, begins, ends = _day
    if begins <= now < ends:
        return day
    zone = timezone.get_default_timezone()
    day = datetime.datetime.fromtimestamp(now, zone).date()
    _day = (
        day,
        _midnight(day, zone),
        _midnight(day + datetime.timedelta(days=1), zone),
    )
    return day


def _midnight(day: datetime.date, zone: datetime.tzinfo) -> float:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=zone).timestamp()


def review_overdue(next_review_due: datetime.date | None) -> bool:
    """A review is overdue from the day after its due date: on the due date
    itself it is due, not late."""
    return next_review_due is not None and next_review_due < today()
