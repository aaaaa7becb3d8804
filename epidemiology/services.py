"""Writes to the working copy: CSV imports and keeping the row copy in step.

Every change is one django-reversion revision with the user and a comment, in
one transaction: a file is imported whole or not at all. Importing the same
numbers again changes nothing and records no revision.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import reversion
from django.db import connection, transaction

from epidemiology.csv_import import parse_incidence, parse_site_shares
from epidemiology.models import Dataset, IncidenceRow, SiteShareRow
from epidemiology.tables import (
    TableDiff,
    diff_rows,
    digest,
    incidence_text,
    iter_chunks,
    site_text,
)
from oncolex.review.exceptions import NotAllowed

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

CHANGE_PERMISSION = "epidemiology.change_dataset"
_BATCH = 5_000


@dataclass(frozen=True)
class ImportResult:
    diff: TableDiff
    dry_run: bool
    revision_created: bool
    rows: int


def _comment(kind: str, diff: TableDiff, comment: str) -> str:
    counts = diff.counts()
    summary = (
        f"{kind} import: {counts['added']} added, {counts['changed']} changed, "
        f"{counts['removed']} removed"
    )
    return f"{summary}. {comment.strip()}" if comment.strip() else summary + "."


def _insert(model: type, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    """Plain multi-row INSERTs: building 100,000 model instances for
    bulk_create costs more than the whole rest of an import."""
    quote = connection.ops.quote_name
    # Table and column names come from our model's metadata; values are
    # passed as parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(column) for column in columns),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        for chunk in iter_chunks(rows, _BATCH):
            cursor.executemany(sql, chunk)


def copy_rows(dataset: Dataset) -> None:
    """Rebuild the indexed row copy from the dataset's canonical tables."""
    IncidenceRow.objects.filter(dataset=dataset).delete()
    SiteShareRow.objects.filter(dataset=dataset).delete()
    _insert(
        IncidenceRow,
        ["dataset_id", "year", "sex", "age_group", "cases", "population"],
        (
            (dataset.pk, r.year, r.sex, r.age_group, r.cases, r.population)
            for r in dataset.incidence_records()
        ),
    )
    _insert(
        SiteShareRow,
        ["dataset_id", "position", "site", "share"],
        (
            (dataset.pk, position, r.site, r.share)
            for position, r in enumerate(dataset.site_records())
        ),
    )
    dataset.rows_digest = digest(dataset.incidence_table, dataset.site_table)
    Dataset.objects.filter(pk=dataset.pk).update(rows_digest=dataset.rows_digest)


def sync_rows(*, dataset: Dataset) -> bool:
    """Bring the row copy in step after a save that may have restored older
    tables (the admin's revert and recover); True if it had to be rebuilt."""
    if dataset.rows_digest == digest(dataset.incidence_table, dataset.site_table):
        return False
    with transaction.atomic():
        copy_rows(dataset)
    return True


def _check_permission(user: AbstractBaseUser) -> None:
    if not user.has_perm(CHANGE_PERMISSION):
        raise NotAllowed("You may not change datasets.")


def import_incidence(
    *,
    dataset: Dataset,
    data: bytes,
    user: AbstractBaseUser,
    comment: str = "",
    dry_run: bool = False,
) -> ImportResult:
    """Replace the dataset's incidence table with the rows of a CSV file.

    Steps: validate the whole file (CsvImportError names every bad line and
    column); lock the dataset and compare with its current table; stop here
    for a dry run or when nothing changed; otherwise save the new table in one
    revision (user + comment) and rebuild the row copy, all in one transaction.
    """
    _check_permission(user)
    records = parse_incidence(data)
    new_text = incidence_text(records)
    with transaction.atomic():
        locked = Dataset.objects.select_for_update().get(pk=dataset.pk)
        diff = diff_rows(locked.incidence_records(), records)
        if dry_run or locked.incidence_table == new_text:
            return ImportResult(
                diff=diff, dry_run=dry_run, revision_created=False, rows=len(records)
            )
        with reversion.create_revision(atomic=False):
            reversion.set_user(user)
            reversion.set_comment(_comment("Incidence", diff, comment))
            locked.incidence_table = new_text
            locked.save()
        copy_rows(locked)
    dataset.refresh_from_db()
    return ImportResult(
        diff=diff, dry_run=False, revision_created=True, rows=len(records)
    )


def import_site_shares(
    *,
    dataset: Dataset,
    data: bytes,
    user: AbstractBaseUser,
    comment: str = "",
    dry_run: bool = False,
) -> ImportResult:
    """Replace the dataset's site-distribution table; as `import_incidence`."""
    _check_permission(user)
    records = parse_site_shares(data)
    new_text = site_text(records)
    with transaction.atomic():
        locked = Dataset.objects.select_for_update().get(pk=dataset.pk)
        diff = diff_rows(locked.site_records(), records)
        if dry_run or locked.site_table == new_text:
            return ImportResult(
                diff=diff, dry_run=dry_run, revision_created=False, rows=len(records)
            )
        with reversion.create_revision(atomic=False):
            reversion.set_user(user)
            reversion.set_comment(_comment("Site distribution", diff, comment))
            locked.site_table = new_text
            locked.save()
        copy_rows(locked)
    dataset.refresh_from_db()
    return ImportResult(
        diff=diff, dry_run=False, revision_created=True, rows=len(records)
    )
