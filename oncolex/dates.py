"""Today's date where Oncolex works (settings.TIME_ZONE), in one place.

Whether a review is overdue, and which day a cached page belongs to, both
turn on it; tests move it by patching `today`.
"""

from __future__ import annotations

import datetime

from django.utils import timezone


def today() -> datetime.date:
    return timezone.localdate()


def review_overdue(next_review_due: datetime.date | None) -> bool:
    """A review is overdue from the day after its due date: on the due date
    itself it is due, not late."""
    return next_review_due is not None and next_review_due < today()
