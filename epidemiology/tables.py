"""The shape of our tables: sexes, age groups, row tuples, the canonical CSV
text a dataset stores (and django-reversion versions), and row-level diffs.

A dataset keeps each of its tables as one canonical CSV text field. That text is
what a revision holds, what an approver reviews and what approval publishes; the
row models are an indexed copy of it for the admin. One field per table keeps an
import of 100,000 rows to one small revision instead of 100,000 versions.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _

from epidemiology import precision


class Sex(models.TextChoices):
    MALE = "male", _("men")
    FEMALE = "female", _("women")
    ALL = "all", _("both sexes")


EN_DASH = "\u2013"
ALL_AGES = "all"
# The 18 five-year bands of the standard populations, youngest first.
AGE_BANDS = (*(f"{start}-{start + 4}" for start in range(0, 85, 5)), "85+")
AGE_GROUPS = (ALL_AGES, *AGE_BANDS)
AGE_GROUP_CHOICES = [(ALL_AGES, _("all ages"))] + [
    (band, band.replace("-", EN_DASH)) for band in AGE_BANDS
]

_SEX_ORDER = {value: n for n, value in enumerate(Sex.values)}
_AGE_ORDER = {value: n for n, value in enumerate(AGE_GROUPS)}

INCIDENCE_COLUMNS = ("year", "sex", "age_group", "cases", "population")
SITE_COLUMNS = ("site", "share_percent")
# Optional: the site's name in Bokmål (empty: readers of /nb/ see `site`).
SITE_OPTIONAL_COLUMNS = ("site_nb",)

# Cells a spreadsheet would run as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class IncidenceRecord(NamedTuple):
    year: int
    sex: str
    age_group: str
    cases: int
    population: int | None

    @property
    def key(self) -> tuple[int, str, str]:
        return (self.year, self.sex, self.age_group)


class SiteShareRecord(NamedTuple):
    site: str
    share: Decimal
    site_nb: str = ""

    @property
    def key(self) -> str:
        return self.site.casefold()


def age_group_label(age_group: str) -> str:
    if age_group == ALL_AGES:
        return str(_("all ages"))
    return age_group.replace("-", EN_DASH)


def sort_key(record: IncidenceRecord) -> tuple[int, int, int]:
    return (record.year, _SEX_ORDER[record.sex], _AGE_ORDER[record.age_group])


def format_share(share: Decimal) -> str:
    return f"{share:.2f}"


# Canonical text. Written by us, so reading it back needs no validation.


def incidence_text(records: Iterable[IncidenceRecord]) -> str:
    lines = [",".join(INCIDENCE_COLUMNS)]
    lines.extend(
        f"{r.year},{r.sex},{r.age_group},{r.cases},"
        f"{'' if r.population is None else r.population}"
        for r in sorted(records, key=sort_key)
    )
    return "\n".join(lines) + "\n"


def parse_incidence_text(text: str) -> list[IncidenceRecord]:
    records = []
    for line in text.splitlines()[1:]:
        year, sex, age_group, cases, population = line.split(",")
        records.append(
            IncidenceRecord(
                int(year),
                sex,
                age_group,
                int(cases),
                int(population) if population else None,
            )
        )
    return records


def site_columns(records: Iterable[SiteShareRecord]) -> tuple[str, ...]:
    """The columns a site table needs: `site_nb` only when some row has it, so
    a table without Bokmål names keeps the text (and digest) it always had."""
    if any(r.site_nb for r in records):
        return SITE_COLUMNS + SITE_OPTIONAL_COLUMNS
    return SITE_COLUMNS


def _site_cells(record: SiteShareRecord, share: str, columns: tuple) -> tuple:
    cells = (record.site, share)
    return (*cells, record.site_nb) if len(columns) > len(SITE_COLUMNS) else cells


def site_text(records: Iterable[SiteShareRecord]) -> str:
    # Site names may hold commas or quotes: let the csv module quote them.
    records = list(records)
    columns = site_columns(records)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(_site_cells(r, format_share(r.share), columns) for r in records)
    return buffer.getvalue()


def parse_site_text(text: str) -> list[SiteShareRecord]:
    rows = list(csv.reader(io.StringIO(text)))[1:]
    return [
        SiteShareRecord(row[0], Decimal(row[1]), row[2] if len(row) > 2 else "")
        for row in rows
    ]


def digest(*texts: str) -> str:
    sha = hashlib.sha256()
    for text in texts:
        sha.update(text.encode())
        sha.update(b"\0")
    return sha.hexdigest()


# Export.


def escape_cell(value: object) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def export_csv(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([escape_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([escape_cell(cell) for cell in row])
    return buffer.getvalue()


def incidence_csv(records: Iterable[IncidenceRecord]) -> str:
    return export_csv(
        INCIDENCE_COLUMNS,
        (
            (r.year, r.sex, r.age_group, r.cases, r.population)
            for r in sorted(records, key=sort_key)
        ),
    )


def site_csv(records: Iterable[SiteShareRecord]) -> str:
    """Shares with the decimals the page shows (`precision.share_decimals`)."""
    records = list(records)
    columns = site_columns(records)
    decimals = precision.share_decimals(r.share for r in records)
    return export_csv(
        columns,
        (
            _site_cells(r, str(precision.share(r.share, decimals)), columns)
            for r in records
        ),
    )


# Row-level differences.


@dataclass
class TableDiff:
    """What an import or a submission changes, row by row."""

    added: list[tuple] = field(default_factory=list)
    changed: list[tuple[tuple, tuple]] = field(default_factory=list)
    removed: list[tuple] = field(default_factory=list)
    unchanged: int = 0
    reordered: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.removed or self.reordered)

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "changed": len(self.changed),
            "removed": len(self.removed),
            "unchanged": self.unchanged,
        }


def diff_rows(old: Iterable[tuple], new: Iterable[tuple]) -> TableDiff:
    """Match rows by key (year, sex and age group; or site) and compare them."""
    old_list = list(old)
    new_list = list(new)
    if not old_list:
        return TableDiff(added=new_list)
    before = {row.key: row for row in old_list}
    after = {row.key: row for row in new_list}
    diff = TableDiff()
    for key, row in after.items():
        previous = before.get(key)
        if previous is None:
            diff.added.append(row)
        elif previous != row:
            diff.changed.append((previous, row))
        else:
            diff.unchanged += 1
    diff.removed = [row for key, row in before.items() if key not in after]
    # Site order is part of the table (it is the order readers see).
    diff.reordered = (
        not diff.added
        and not diff.removed
        and [r.key for r in old_list] != [r.key for r in new_list]
        and bool(new_list)
        and isinstance(new_list[0], SiteShareRecord)
    )
    return diff


def iter_chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
