"""Writes to the working copy: CSV imports and keeping the row copy in step.

Every change is one django-reversion revision with the user and a comment, in
one transaction: a file is imported whole or not at all. Importing the same
numbers again changes nothing and records no revision.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import reversion
from django.db import connection, transaction

from epidemiology.csv_import import parse_incidence, parse_site_shares
from epidemiology.models import Dataset, IncidenceRow, SiteShareRow
from epidemiology.tables import (
    IncidenceRecord,
    SiteShareRecord,
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
_BATCH = 2_000


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
    """Write rows without model instances: building 100,000 of them for
    bulk_create costs more than the rest of an import. PostgreSQL gets COPY
    (a multi-row INSERT spends seconds in the driver's placeholder parsing);
    other databases one multi-row INSERT per batch."""
    quote = connection.ops.quote_name
    # Table and column names come from our model's metadata; values are
    # passed as parameters or COPY data, never formatted into the SQL.
    table = quote(model._meta.db_table)
    names = ", ".join(quote(column) for column in columns)
    if connection.vendor == "postgresql":
        statement = f"COPY {table} ({names}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
        return
    head = f"INSERT INTO {table} ({names}) VALUES "  # noqa: S608
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    limit = connection.features.max_query_params
    batch = min(_BATCH, limit // len(columns)) if limit else _BATCH
    with connection.cursor() as cursor:
        for chunk in iter_chunks(rows, batch):
            cursor.execute(
                head + ", ".join([row_sql] * len(chunk)),
                [value for row in chunk for value in row],
            )


def copy_rows(
    dataset: Dataset,
    *,
    incidence: list[IncidenceRecord] | None = None,
    sites: list[SiteShareRecord] | None = None,
) -> None:
    """Rebuild the indexed row copy from the dataset's canonical tables (or
    from the records they were just written from, to save parsing them)."""
    IncidenceRow.objects.filter(dataset=dataset).delete()
    SiteShareRow.objects.filter(dataset=dataset).delete()
    _insert(
        IncidenceRow,
        ["dataset_id", "year", "sex", "age_group", "cases", "population"],
        (
            (dataset.pk, r.year, r.sex, r.age_group, r.cases, r.population)
            for r in (dataset.incidence_records() if incidence is None else incidence)
        ),
    )
    _insert(
        SiteShareRow,
        ["dataset_id", "position", "site", "site_nb", "share"],
        (
            (dataset.pk, position, r.site, r.site_nb, r.share)
            for position, r in enumerate(
                dataset.site_records() if sites is None else sites
            )
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


def _diff(
    old_text: str, new_text: str, old_records: Callable[[], list], records: list
) -> TableDiff:
    # Same canonical text, same table: skip parsing the old one (a re-import
    # of 100,000 unchanged rows would otherwise hold both in memory).
    if old_text == new_text:
        return TableDiff(unchanged=len(records))
    return diff_rows(old_records(), records)


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
    return _replace_table(
        dataset=dataset,
        table="incidence",
        records=records,
        new_text=incidence_text(records),
        user=user,
        label="Incidence",
        comment=comment,
        dry_run=dry_run,
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
    return _replace_table(
        dataset=dataset,
        table="site",
        records=records,
        new_text=site_text(records),
        user=user,
        label="Site distribution",
        comment=comment,
        dry_run=dry_run,
    )


def _replace_table(
    *,
    dataset: Dataset,
    table: str,
    records: list,
    new_text: str,
    user: AbstractBaseUser,
    label: str,
    comment: str,
    dry_run: bool,
) -> ImportResult:
    """The steps both imports share (see `import_incidence`); `table` is
    "incidence" or "site", naming the Dataset fields `<table>_table` and
    `<table>_records`."""
    with transaction.atomic():
        locked = Dataset.objects.select_for_update().get(pk=dataset.pk)
        diff = _diff(
            getattr(locked, f"{table}_table"),
            new_text,
            getattr(locked, f"{table}_records"),
            records,
        )
        if dry_run or diff.is_empty:
            return ImportResult(
                diff=diff, dry_run=dry_run, revision_created=False, rows=len(records)
            )
        with reversion.create_revision(atomic=False):
            reversion.set_user(user)
            reversion.set_comment(_comment(label, diff, comment))
            setattr(locked, f"{table}_table", new_text)
            locked.save()
        copy_rows(locked, **{"incidence" if table == "incidence" else "sites": records})
    dataset.refresh_from_db()
    return ImportResult(
        diff=diff, dry_run=False, revision_created=True, rows=len(records)
    )
