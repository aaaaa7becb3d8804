"""A dataset snapshot rendered as readers see it: the tables with their source
line (HTML that an article can embed as it is) and the charts (SVG), in one
language. Called at approval time and for the approver's preview.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, override

from epidemiology import charts, precision
from epidemiology.snapshots import DatasetSnapshot
from epidemiology.summaries import (
    MISSING_BANDS,
    MISSING_POPULATION,
    NO_BANDS,
    ZERO_POPULATION,
    Summary,
    age_specific,
)
from epidemiology.tables import EN_DASH, Sex, SiteShareRecord, age_group_label

LANGUAGES = ("en", "nb")


@dataclass
class Rendered:
    table_html: str
    chart_html: str  # figures holding the SVG charts, or ""


def fmt(
    value: float | int | Decimal | None, decimals: int = precision.RATE_DECIMALS
) -> str:
    """A number in the active language (decimal comma and thin grouping in nb),
    rounded as `precision` decides; counts stay whole."""
    if value is None:
        return ""
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    shown = precision.rounded(value, decimals)
    return number_format(shown, decimal_pos=decimals, force_grouping=True)


def _plotted(measure: str, value: float) -> float:
    # The chart plots what the table shows, so the two never disagree.
    return value if measure == "cases" else float(precision.rate(value))


def _reason(summary: Summary) -> str:
    bands = ", ".join(age_group_label(b) for b in summary.bands)
    if summary.asr_missing == NO_BANDS:
        return gettext("only all-ages numbers are given")
    if summary.asr_missing == MISSING_BANDS:
        return gettext("age bands missing: %(bands)s") % {"bands": bands}
    if summary.asr_missing == MISSING_POPULATION:
        return gettext("population at risk missing for: %(bands)s") % {"bands": bands}
    if summary.asr_missing == ZERO_POPULATION:
        return gettext("population at risk is zero for: %(bands)s") % {"bands": bands}
    return ""


def site_in(record: SiteShareRecord, language: str) -> str:
    return (record.site_nb if language == "nb" else "") or record.site


def _series_label(sex: str) -> str:
    return str(Sex(sex).label).capitalize()


def _summary_rows(summaries: list[Summary]) -> list[dict[str, Any]]:
    return [
        {
            "year": s.year,
            "sex": _series_label(s.sex),
            "cases": fmt(s.cases) if s.cases is not None else "",
            "population": fmt(s.population) if s.population is not None else "",
            "crude": fmt(s.crude),
            "asr": fmt(s.asr),
            "ci": f"{fmt(s.asr_lower)}{EN_DASH}{fmt(s.asr_upper)}"
            if s.asr is not None
            else "",
            "reason": _reason(s),
        }
        for s in summaries
    ]


def _figure(svg: str, caption: str) -> str:
    if not svg:
        return ""
    return format_html(
        '<figure class="chart">{}<figcaption>{}</figcaption></figure>',
        mark_safe(svg),  # built by charts.py, which escapes every text it holds
        caption,
    )


def _chart(snapshot: DatasetSnapshot, summaries: list[Summary], title: str) -> str:
    """The trend of the ASR if every point has one, else of the crude rate,
    else of the counts."""
    by_sex: dict[str, list[Summary]] = {}
    for s in summaries:
        by_sex.setdefault(s.sex, []).append(s)
    if all(s.asr is not None for s in summaries):
        measure, label = "asr", gettext("Age-standardised rate per 100,000")
    elif all(s.crude is not None for s in summaries):
        measure, label = "crude", gettext("Crude rate per 100,000")
    else:
        measure, label = "cases", gettext("New cases")
    series = [
        charts.Series(
            _series_label(sex),
            [
                (s.year, _plotted(measure, getattr(s, measure)))
                for s in items
                if getattr(s, measure) is not None
            ],
        )
        for sex, items in by_sex.items()
    ]
    described = []
    for line in series:
        points = sorted(line.points)
        if len(points) >= 2:
            decimals = 0 if measure == "cases" else precision.RATE_DECIMALS
            described.append(
                gettext(
                    "%(series)s: from %(first)s in %(start)s to %(last)s in %(end)s"
                )
                % {
                    "series": line.label,
                    "first": fmt(points[0][1], decimals),
                    "start": points[0][0],
                    "last": fmt(points[-1][1], decimals),
                    "end": points[-1][0],
                }
            )
    description = f"{label}. " + "; ".join(described) + "."
    svg = charts.trend_chart(
        series,
        chart_id=f"chart-{snapshot.fields['slug']}",
        title=f"{title}: {label}",
        description=description,
        y_label=label,
        format_number=lambda v: fmt(v, 0 if v == int(v) else 1),
    )
    return _figure(svg, description)


def _site_chart(
    snapshot: DatasetSnapshot, title: str, sites: list[tuple[str, str]]
) -> str:
    """Bars of the shares; `sites` are (name, share) as the table shows them."""
    decimals = precision.share_decimals(s.share for s in snapshot.sites)
    bars = [
        (name, float(s.share))
        for (name, _), s in zip(sites, snapshot.sites, strict=True)
    ]
    description = (
        gettext("Share of cases by primary site")
        + ": "
        + "; ".join(f"{site} {shown} %" for site, shown in sites)
        + "."
    )
    svg = charts.bar_chart(
        bars,
        chart_id=f"sites-{snapshot.fields['slug']}",
        title=f"{title}: " + gettext("share of cases by primary site"),
        description=description,
        format_value=lambda v: f"{fmt(v, decimals)} %",
    )
    return _figure(svg, description)


def render(
    snapshot: DatasetSnapshot,
    summaries: list[Summary],
    *,
    standard_name: str,
    language: str,
) -> Rendered:
    fields = snapshot.fields

    def field(name: str, values: dict = fields) -> str:
        # Bokmål where given, else the English (older revisions lack _nb).
        translated = values.get(f"{name}_nb", "") if language == "nb" else ""
        return translated or values[name]

    def source(name: str) -> str:
        return field(name, snapshot.source)

    with override(language):
        title = field("title")
        diagnosis = field("diagnosis")
        latest_year = max((r.year for r in snapshot.incidence), default=None)
        bands = age_specific(snapshot.incidence, latest_year) if latest_year else []
        sexes = [sex for sex in Sex.values if any(sex in row for row in bands)]
        share_decimals = precision.share_decimals(s.share for s in snapshot.sites)
        sites = [
            (site_in(s, language), fmt(s.share, share_decimals)) for s in snapshot.sites
        ]
        context = {
            "slug": fields["slug"],
            "title": title,
            "diagnosis": diagnosis[:1].upper() + diagnosis[1:],
            "region": field("region"),
            "illustrative": fields["illustrative"],
            "note": field("note"),
            "summaries": _summary_rows(summaries),
            "has_population": any(s.population is not None for s in summaries),
            "some_population": any(
                r.population is not None for r in snapshot.incidence
            ),
            "has_asr": any(s.asr is not None for s in summaries),
            "missing_asr": any(s.asr_missing for s in summaries),
            "any_bands": any(s.asr_missing != NO_BANDS for s in summaries),
            "standard_name": standard_name,
            "age_year": latest_year,
            "age_sexes": [(sex, _series_label(sex)) for sex in sexes],
            "age_rows": [
                {
                    "band": age_group_label(row["band"]),
                    "cells": [
                        (
                            fmt(row[sex]["cases"]) if sex in row else "",
                            fmt(row[sex]["rate"]) if sex in row else "",
                        )
                        for sex in sexes
                    ],
                }
                for row in bands
            ],
            "sites": sites,
            "source": {
                **snapshot.source,
                "publisher": source("publisher"),
                "title": source("title"),
            },
            "retrieved": date_format(snapshot.source["retrieved_on"], "DATE_FORMAT"),
        }
        table_html = render_to_string("epidemiology/_tables.html", context)
        chart_html = _chart(snapshot, summaries, title) if summaries else ""
        if snapshot.sites:
            chart_html += _site_chart(snapshot, title, sites)
    return Rendered(table_html=table_html, chart_html=chart_html)
