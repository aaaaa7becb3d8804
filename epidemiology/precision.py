"""How precisely numbers are shown: decided here, once, for the table, the
chart, the CSV export and every page that embeds a dataset.

Rates are rounded half away from zero (4.25 -> 4.3, 0.99 -> 1.0, 9.96 ->
10.0), as registries publish them, never truncated. Rounding works on the
shortest decimal that round-trips the float (`repr`), so 12.35 stored as the
float nearest to it rounds to 12.4, not to 12.3 as its binary expansion
(12.3499...) would. Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

# Crude, age-standardised and age-specific rates per 100,000 and their 95 %
# confidence limits.
RATE_DECIMALS = 1
# Shares of cases by site are shown with as many decimals as the source gave
# (at most this many; the CSV import allows no more).
MAX_SHARE_DECIMALS = 2


def to_decimal(value: float | int | Decimal) -> Decimal:
    """The decimal a reader would write for `value` (exact for ints)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(value))


def rounded(value: float | int | Decimal, decimals: int) -> Decimal:
    """`value` rounded half away from zero to `decimals` places.

    Decimal's ROUND_HALF_UP rounds ties away from zero (-2.5 -> -3), which is
    the convention of published tables."""
    return to_decimal(value).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)


def rate(value: float | int | Decimal) -> Decimal:
    """A rate or confidence limit as shown."""
    return rounded(value, RATE_DECIMALS)


def share_decimals(shares: Iterable[Decimal]) -> int:
    """The decimals a site table needs to show every share exactly as given:
    25 and 7.5 give 1 (25.0 and 7.5); whole numbers only give 0."""
    needed = 0
    for share in shares:
        exponent = share.normalize().as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0:
            needed = max(needed, -exponent)
    return min(needed, MAX_SHARE_DECIMALS)


def share(value: Decimal, decimals: int) -> Decimal:
    return rounded(value, decimals)
