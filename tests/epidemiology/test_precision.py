"""How numbers are rounded for display: half away from zero, on the decimal
a reader would write, never truncated."""

from __future__ import annotations

from decimal import Decimal

import pytest

from epidemiology import precision


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (6.2687, "6.3"),  # the example: truncation showed 6.2
        (0.99, "1.0"),  # truncation showed 0.9
        (9.96, "10.0"),  # rounding carries into the integer part
        (12.35, "12.4"),  # the float nearest 12.35 is 12.3499...: not 12.3
        (0.05, "0.1"),
        (2.25, "2.3"),  # half up, not to even (which gives 2.2)
        (-2.25, "-2.3"),  # away from zero
        (4679.972, "4680.0"),
        (5, "5.0"),
        (Decimal("7.45"), "7.5"),
    ],
)
def test_rates_are_rounded_half_away_from_zero(value, shown):
    assert str(precision.rate(value)) == shown


@pytest.mark.parametrize(
    ("shares", "decimals"),
    [
        (["25", "20", "55"], 0),
        (["25.00", "7.50", "67.50"], 1),
        (["33.33", "66.67"], 2),
        ([], 0),
    ],
)
def test_shares_are_shown_with_the_decimals_the_source_gave(shares, decimals):
    assert precision.share_decimals(Decimal(s) for s in shares) == decimals
