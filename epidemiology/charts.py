"""Charts as server-side SVG: no JavaScript, no external files.

Each chart is an `<svg role="img">` with a `<title>` and a `<desc>` holding its
text alternative; the full numbers are always in the table beside it. Series
differ by dash pattern and marker as well as colour, and are labelled directly,
so colour is never the only cue. Styling is by SVG presentation attributes,
which the Content-Security-Policy allows (inline `style` it would not).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape

WIDTH = 640
HEIGHT = 300
_LEFT, _RIGHT, _TOP, _BOTTOM = 60, 120, 20, 44

# Colour, dash pattern and marker per series, in order.
STYLES = (
    ("#0b5cab", "", "circle"),
    ("#a23b00", "8 4", "square"),
    ("#1b1f23", "2 4", "diamond"),
    ("#5b3a8c", "12 4 2 4", "circle"),
)

Formatter = Callable[[float], str]


@dataclass(frozen=True)
class Series:
    label: str
    points: Sequence[tuple[int, float]]


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) for about `ticks`."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return (
            f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" '
            f'fill="{colour}"/>'
        )
    if shape == "diamond":
        return (
            f'<path d="M{x:.1f} {y - 5:.1f}L{x + 5:.1f} {y:.1f}L{x:.1f} '
            f'{y + 5:.1f}L{x - 5:.1f} {y:.1f}Z" fill="{colour}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'


def _spread(ys: list[float], *, gap: float) -> list[float]:
    """Move label positions apart so that no two are closer than `gap`."""
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    placed = list(ys)
    for previous, current in itertools.pairwise(order):
        placed[current] = max(placed[current], placed[previous] + gap)
    return placed


def trend_chart(
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    description: str,
    y_label: str,
    format_number: Formatter,
) -> str:
    """A line chart of values by year, one line per series."""
    years = sorted({year for s in series for year, _ in s.points})
    values = [value for s in series for _, value in s.points]
    if len(years) < 2 or not values:
        return ""
    first, last = years[0], years[-1]
    step = nice_step(max(values))
    top = step * math.ceil(max(values) / step) or step
    plot_w = WIDTH - _LEFT - _RIGHT
    plot_h = HEIGHT - _TOP - _BOTTOM

    def x_at(year: int) -> float:
        return _LEFT + (year - first) / (last - first) * plot_w

    def y_at(value: float) -> float:
        return _TOP + plot_h - value / top * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'class="chart" font-family="system-ui, sans-serif" font-size="12">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
    ]
    # Horizontal grid and y axis labels.
    n_ticks = round(top / step)
    for n in range(n_ticks + 1):
        value = n * step
        y = y_at(value)
        parts.append(
            f'<line x1="{_LEFT}" x2="{_LEFT + plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#d5dbe1"/>'
            f'<text x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f'fill="#4a5560">{escape(format_number(value))}</text>'
        )
    # X axis: every year if few, else about eight labels.
    year_step = max(1, math.ceil((last - first) / 8))
    baseline = _TOP + plot_h
    parts.append(
        f'<line x1="{_LEFT}" x2="{_LEFT + plot_w}" y1="{baseline}" y2="{baseline}" '
        f'stroke="#4a5560"/>'
    )
    for year in range(first, last + 1, year_step):
        x = x_at(year)
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{baseline}" y2="{baseline + 5}" '
            f'stroke="#4a5560"/><text x="{x:.1f}" y="{baseline + 18}" '
            f'text-anchor="middle" fill="#4a5560">{year}</text>'
        )
    parts.append(
        f'<text x="14" y="{_TOP + plot_h / 2:.1f}" text-anchor="middle" '
        f'fill="#1b1f23" transform="rotate(-90 14 {_TOP + plot_h / 2:.1f})">'
        f"{escape(y_label)}</text>"
    )
    # One line per series, labelled at its last point; labels that would
    # overlap are pushed apart.
    label_ys = _spread(
        [y_at(sorted(s.points)[-1][1]) + 4 if s.points else 0.0 for s in series],
        gap=15,
    )
    for n, s in enumerate(series):
        colour, dash, marker = STYLES[n % len(STYLES)]
        points = sorted(s.points)
        if not points:
            continue
        path = " ".join(
            f"{'M' if i == 0 else 'L'}{x_at(year):.1f} {y_at(value):.1f}"
            for i, (year, value) in enumerate(points)
        )
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<g><path d="{path}" fill="none" stroke="{colour}" stroke-width="2.5"'
            f"{dash_attr}/>"
        )
        parts.extend(
            _marker(marker, x_at(year), y_at(value), colour) for year, value in points
        )
        parts.append(
            f'<text x="{x_at(points[-1][0]) + 10:.1f}" y="{label_ys[n]:.1f}" '
            f'fill="{colour}" font-weight="600">{escape(s.label)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(
    bars: Sequence[tuple[str, float]],
    *,
    chart_id: str,
    title: str,
    description: str,
    format_value: Formatter,
) -> str:
    """Horizontal bars with the label before and the value after each bar."""
    if not bars:
        return ""
    label_w, value_w, row_h = 170, 70, 26
    height = _TOP + row_h * len(bars) + 10
    bar_w = WIDTH - label_w - value_w
    largest = max(value for _, value in bars) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'class="chart" font-family="system-ui, sans-serif" font-size="13">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
    ]
    for n, (label, value) in enumerate(bars):
        y = _TOP + n * row_h
        width = value / largest * bar_w
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" '
            f'fill="#1b1f23">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{width:.1f}" height="16" '
            f'fill="#0b5cab"/>'
            f'<text x="{label_w + width + 6:.1f}" y="{y + 16}" '
            f'fill="#1b1f23">{escape(format_value(value))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
