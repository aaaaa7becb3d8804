"""Approval-time work for datasets: submitted revision -> computed, rendered,
immutable published record; and the approver's preview with a row-level diff."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from reversion.models import Revision

from epidemiology.models import Dataset, PublishedDataset, StandardPopulation
from epidemiology.rendering import LANGUAGES, Rendered, render
from epidemiology.snapshots import DatasetSnapshot
from epidemiology.summaries import Summary, consistency_problems, summarise
from epidemiology.tables import (
    INCIDENCE_COLUMNS,
    SITE_COLUMNS,
    SITE_OPTIONAL_COLUMNS,
    TableDiff,
    age_group_label,
    diff_rows,
    format_share,
    incidence_csv,
    site_csv,
)
from oncolex.review.versions import next_version

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from oncolex.review.models import Submission

# The dataset's own fields an approver is shown changes of.
DETAILS = (
    "slug",
    "title",
    "title_nb",
    "diagnosis",
    "diagnosis_nb",
    "icd10_codes",
    "region",
    "region_nb",
    "illustrative",
    "note",
    "note_nb",
    "standard_population_id",
)
# The approver's diff lists at most this many rows per kind of change.
DIFF_ROWS_SHOWN = 200


@dataclass
class Built:
    snapshot: DatasetSnapshot
    standard: StandardPopulation
    summaries: list[Summary]
    rendered: dict[str, Rendered]


def build(snapshot: DatasetSnapshot) -> Built:
    standard = StandardPopulation.objects.get(
        pk=snapshot.fields["standard_population_id"]
    )
    summaries = summarise(snapshot.incidence, standard.weights_by_band())
    rendered = {
        language: render(
            snapshot,
            summaries,
            standard_name=standard.name_in(language),
            language=language,
        )
        for language in LANGUAGES
    }
    return Built(snapshot, standard, summaries, rendered)


def publish_dataset_revision(
    dataset: Dataset,
    *,
    submission: Submission,
    approver: AbstractBaseUser,
    approved_at: datetime.datetime,
    note: str,
    note_nb: str = "",
) -> PublishedDataset:
    """Steps: read the submitted revision; compute the rates and render the
    tables, charts and CSV; retire the current version; write version n+1.
    Runs inside the approval transaction."""
    built = build(DatasetSnapshot.from_revision(submission.revision, dataset.pk))
    data = built.snapshot.fields
    source = built.snapshot.source
    return PublishedDataset.objects.create(
        dataset=dataset,
        **next_version(
            PublishedDataset.objects.filter(dataset=dataset),
            submission=submission,
            approver=approver,
            approved_at=approved_at,
            note=note,
        ),
        slug=data["slug"],
        title=data["title"],
        title_nb=data["title_nb"],
        diagnosis=data["diagnosis"],
        diagnosis_nb=data.get("diagnosis_nb", ""),
        icd10_codes=data["icd10_codes"],
        region=data["region"],
        region_nb=data.get("region_nb", ""),
        illustrative=data["illustrative"],
        note=data["note"],
        note_nb=data.get("note_nb", ""),
        change_note_nb=note_nb,
        source_publisher=source["publisher"],
        source_publisher_nb=source.get("publisher_nb", ""),
        source_title=source["title"],
        source_title_nb=source.get("title_nb", ""),
        source_year=source["year"],
        source_url=source["url"],
        source_retrieved_on=source["retrieved_on"],
        standard_name=built.standard.name,
        standard_name_nb=built.standard.name_nb,
        standard_reference=built.standard.reference,
        rows={
            "incidence": [list(r) for r in built.snapshot.incidence],
            "sites": [[s.site, format_share(s.share)] for s in built.snapshot.sites],
        },
        incidence_row_count=len(built.snapshot.incidence),
        site_row_count=len(built.snapshot.sites),
        rates=[s.as_json() for s in built.summaries],
        table_html={lang: r.table_html for lang, r in built.rendered.items()},
        chart_svg={lang: r.chart_html for lang, r in built.rendered.items()},
        incidence_csv=incidence_csv(built.snapshot.incidence)
        if built.snapshot.incidence
        else "",
        sites_csv=site_csv(built.snapshot.sites) if built.snapshot.sites else "",
    )


def diff_context(diff: TableDiff) -> dict:
    def incidence(row: tuple) -> list[str]:
        return [
            str(row.year),
            str(row.sex),
            age_group_label(row.age_group),
            str(row.cases),
            "" if row.population is None else str(row.population),
        ]

    def site(row: tuple) -> list[str]:
        return [row.site, format_share(row.share), row.site_nb]

    def cells(row: tuple) -> list[str]:
        return incidence(row) if hasattr(row, "year") else site(row)

    rows = diff.added or diff.removed or [new for _, new in diff.changed]
    return {
        # The CSV column names: the diff reads like the file the editor wrote.
        "columns": INCIDENCE_COLUMNS
        if rows and hasattr(rows[0], "year")
        else SITE_COLUMNS + SITE_OPTIONAL_COLUMNS,
        "counts": diff.counts(),
        "reordered": diff.reordered,
        "added": [cells(r) for r in diff.added[:DIFF_ROWS_SHOWN]],
        "removed": [cells(r) for r in diff.removed[:DIFF_ROWS_SHOWN]],
        "changed": [
            list(zip(cells(old), cells(new), strict=True))
            for old, new in diff.changed[:DIFF_ROWS_SHOWN]
        ],
        "truncated": max(len(diff.added), len(diff.removed), len(diff.changed))
        > DIFF_ROWS_SHOWN,
    }


def missing_bokmal(snapshot: DatasetSnapshot) -> list[str]:
    """What Bokmål readers would read in English (the English is shown where
    a Bokmål text is empty). Titles of cited sources keep their language."""
    names = {
        "title": gettext("title"),
        "diagnosis": gettext("diagnosis"),
        "region": gettext("region"),
        "note": gettext("note for readers"),
    }
    missing = [
        label
        for name, label in names.items()
        if snapshot.fields.get(name) and not snapshot.fields.get(f"{name}_nb")
    ]
    if not snapshot.source.get("publisher_nb"):
        missing.append(gettext("source publisher"))
    untranslated = sum(1 for s in snapshot.sites if not s.site_nb)
    if untranslated:
        missing.append(
            gettext("%(missing)s of %(sites)s site names")
            % {"missing": untranslated, "sites": len(snapshot.sites)}
        )
    if not missing:
        return []
    return [
        gettext("Readers of the Bokmål page will read English for: %(fields)s.")
        % {"fields": ", ".join(missing)}
    ]


def _snapshot(dataset: Dataset, revision_id: int) -> DatasetSnapshot:
    return DatasetSnapshot.from_revision(
        Revision.objects.get(pk=revision_id), dataset.pk
    )


def preview_revision(
    dataset: Dataset, revision_id: int
) -> tuple[SafeString, list[str]]:
    """Any revision as readers would see it, and what the approver should check."""
    snapshot = _snapshot(dataset, revision_id)
    built = build(snapshot)
    problems = consistency_problems(snapshot.incidence)
    if not snapshot.incidence and not snapshot.sites:
        problems.append(gettext("The dataset has no rows."))
    problems.extend(missing_bokmal(snapshot))
    rendered = built.rendered["en"]
    html = render_to_string(
        "epidemiology/_review.html",
        {
            "fields": snapshot.fields,
            "standard": built.standard,
            # Rendered by rendering.render, which escapes every value.
            "table_html": mark_safe(rendered.table_html),
            "chart_html": mark_safe(rendered.chart_html),
        },
    )
    return mark_safe(html), problems


def revision_diff_html(
    dataset: Dataset, old_revision_id: int | None, new_revision_id: int
) -> SafeString:
    """The row-level diff of two revisions (old is None when nothing is
    published yet: then every row is new)."""
    new = _snapshot(dataset, new_revision_id)
    old = _snapshot(dataset, old_revision_id) if old_revision_id else None
    diffs = []
    for label, before, after in (
        (gettext("Incidence rows"), old.incidence if old else [], new.incidence),
        (gettext("Site-distribution rows"), old.sites if old else [], new.sites),
    ):
        diff = diff_rows(before, after)
        if not diff.is_empty:
            diffs.append({"label": label, **diff_context(diff)})
    changed_fields = []
    if old is not None:
        for name in DETAILS:
            if old.fields.get(name) != new.fields.get(name):
                changed_fields.append(
                    (name, old.fields.get(name), new.fields.get(name))
                )
        for name in (
            "publisher",
            "publisher_nb",
            "title",
            "title_nb",
            "year",
            "url",
            "retrieved_on",
        ):
            if old.source.get(name) != new.source.get(name):
                changed_fields.append(
                    (f"source {name}", old.source.get(name), new.source.get(name))
                )
    return render_to_string(
        "epidemiology/_review_diff.html",
        {
            "diffs": diffs,
            "has_published": old is not None,
            "changed_fields": changed_fields,
        },
    )
