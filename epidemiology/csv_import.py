"""Reading the CSV files editors upload: every rule a file must meet, once.

The parsers return validated records or raise `CsvImportError` with every
problem found (up to a limit), each naming the line, the column and what was
expected. They never touch the database; `services.py` writes.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from epidemiology.tables import (
    AGE_GROUPS,
    FORMULA_PREFIXES,
    INCIDENCE_COLUMNS,
    SITE_COLUMNS,
    SITE_OPTIONAL_COLUMNS,
    IncidenceRecord,
    Sex,
    SiteShareRecord,
)
from oncolex.text import clean_text

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_PROBLEMS = 50
# Shares are rounded in sources; "about 100 %" allows for that.
SHARE_TOLERANCE = Decimal("0.5")
_MAX_COUNT = 2_000_000_000  # fits the database's integer column

_SEXES = tuple(Sex.values)
_CANONICAL = {value: value for value in (*_SEXES, *AGE_GROUPS)}
_SEX_INDEX = {value: n for n, value in enumerate(_SEXES)}
_AGE_INDEX = {value: n for n, value in enumerate(AGE_GROUPS)}
_WHOLE = re.compile(r"\d+")
_NEGATIVE = re.compile(r"-\s*\d+")
_DECIMAL = re.compile(r"\d{1,3}(\.\d{1,2})?")
# En dash, em dash, figure dash and minus sign, as spreadsheets type them.
_DASHES = str.maketrans(dict.fromkeys("\u2013\u2014\u2012\u2212", "-"))


@dataclass(frozen=True)
class CsvProblem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Line %(line)s, column %(column)s: %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


class CsvImportError(Exception):
    """The file breaks our rules; nothing was imported."""

    def __init__(self, problems: list[CsvProblem], *, more: int = 0) -> None:
        self.problems = problems
        self.more = more
        super().__init__("\n".join(str(p) for p in problems))

    @property
    def messages(self) -> list[str]:
        lines = [str(p) for p in self.problems]
        if self.more:
            lines.append(_("… and %(count)s more problems.") % {"count": self.more})
        return lines


class _Problems:
    def __init__(self) -> None:
        self.items: list[CsvProblem] = []
        self.more = 0

    def add(self, line: int, column: str, message: str) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(CsvProblem(line, column, message))
        else:
            self.more += 1

    def raise_if_any(self) -> None:
        if self.items:
            raise CsvImportError(self.items, more=self.more)


def _decode(data: bytes, columns: tuple[str, ...]) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise CsvImportError(
            [
                CsvProblem(
                    1,
                    columns[0],
                    _("the file is larger than %(limit)s MB; split it.")
                    % {"limit": MAX_FILE_BYTES // (1024 * 1024)},
                )
            ]
        )
    try:
        # utf-8-sig drops the byte-order mark that spreadsheets write.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line_start = before.rfind(b"\n") + 1
        cell = before[line_start:].count(b",")
        column = columns[cell] if cell < len(columns) else str(cell + 1)
        raise CsvImportError(
            [
                CsvProblem(
                    before.count(b"\n") + 1,
                    column,
                    _(
                        "the file is not UTF-8 text (byte 0x%(byte)02X). Save it "
                        "as “CSV UTF-8” and upload it again."
                    )
                    % {"byte": data[error.start]},
                )
            ]
        ) from error


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, stripped cells) for every row that is not blank."""
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    for cells in reader:
        stripped = [cell.strip() for cell in cells]
        if any(stripped):
            yield line, stripped
        line = reader.line_num + 1


def _header(
    rows: Iterator[tuple[int, list[str]]],
    *,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    problems: _Problems,
) -> list[str] | None:
    expected = ",".join(required + optional)
    first = next(rows, None)
    if first is None:
        problems.add(
            1,
            required[0],
            _("the file is empty; expected a header row: %(header)s")
            % {"header": expected},
        )
        return None
    line, cells = first
    names = [cell.lower() for cell in cells]
    ok = True
    for n, name in enumerate(names):
        if name not in required + optional:
            problems.add(
                line,
                name or str(n + 1),
                _("unknown column; the header must be: %(header)s")
                % {"header": expected},
            )
            ok = False
        elif names.index(name) != n:
            problems.add(line, name, _("this column appears twice in the header"))
            ok = False
    for name in required:
        if name not in names:
            problems.add(
                line,
                name,
                _("missing from the header; the header must be: %(header)s")
                % {"header": expected},
            )
            ok = False
    return names if ok else None


def _formula(value: str) -> bool:
    return value.startswith(FORMULA_PREFIXES)


def _formula_message() -> str:
    return _(
        "a cell may not start with =, +, - or @ (a spreadsheet would run it as a "
        "formula)"
    )


def _whole_number(
    value: str,
    *,
    line: int,
    column: str,
    problems: _Problems,
    example: str,
    required: bool = True,
) -> int | None:
    if value.isascii() and value.isdigit() and len(value) < 10:
        return int(value)  # the common case, checked first for speed
    if not value:
        if required:
            problems.add(
                line,
                column,
                _("empty; expected a whole number such as %(example)s")
                % {"example": example},
            )
        return None
    if _NEGATIVE.fullmatch(value):
        problems.add(
            line,
            column,
            _("“%(value)s” is negative; expected a whole number of 0 or more")
            % {"value": value},
        )
        return None
    if _formula(value):
        problems.add(line, column, _formula_message())
        return None
    if not _WHOLE.fullmatch(value):
        problems.add(
            line,
            column,
            _(
                "“%(value)s” is not a whole number; expected digits only, such as "
                "%(example)s (no decimals, spaces or thousands separators)"
            )
            % {"value": value[:40], "example": example},
        )
        return None
    number = int(value)
    if number > _MAX_COUNT:
        problems.add(
            line,
            column,
            _("“%(value)s” is too large; expected at most %(limit)s")
            % {"value": value[:40], "limit": _MAX_COUNT},
        )
        return None
    return number


def _choice(
    value: str,
    *,
    line: int,
    column: str,
    problems: _Problems,
    allowed: tuple[str, ...],
    normalise: Callable[[str], str],
) -> str | None:
    # Return our own constant, not the cell: 100,000 rows then share a few
    # string objects instead of holding one each.
    canonical = _CANONICAL.get(value)  # the common case, checked first
    if canonical is not None and canonical in allowed:
        return canonical
    if _formula(value):
        problems.add(line, column, _formula_message())
        return None
    normalised = normalise(value)
    if normalised not in allowed:
        problems.add(
            line,
            column,
            _("“%(value)s” is not allowed; expected one of: %(allowed)s")
            % {"value": value[:40], "allowed": ", ".join(allowed)},
        )
        return None
    return _CANONICAL[normalised]


def _age_group(value: str) -> str:
    return value.lower().translate(_DASHES).replace(" ", "")


def parse_incidence(
    data: bytes, *, today: datetime.date | None = None
) -> list[IncidenceRecord]:
    """Validate an incidence file: year, sex, age_group, cases[, population].

    Steps: decode (UTF-8, optional BOM); check the header; check every cell;
    check keys are unique. Raises CsvImportError listing what is wrong.
    """
    text = _decode(data, INCIDENCE_COLUMNS)
    this_year = (today or datetime.date.today()).year
    problems = _Problems()
    rows = _rows(text)
    names = _header(
        rows,
        required=INCIDENCE_COLUMNS[:4],
        optional=INCIDENCE_COLUMNS[4:],
        problems=problems,
    )
    if names is None:
        problems.raise_if_any()
        return []
    position = {name: names.index(name) for name in names}
    has_population = "population" in position
    # Key -> first line; the key packed into one int to keep 100,000 small.
    seen: dict[int, int] = {}
    records: list[IncidenceRecord] = []
    for line, cells in rows:
        if len(cells) != len(names):
            missing = len(cells) < len(names)
            problems.add(
                line,
                names[len(cells)] if missing else str(len(cells)),
                _("expected %(expected)s cells, found %(found)s")
                % {"expected": len(names), "found": len(cells)},
            )
            continue
        year = _whole_number(
            cells[position["year"]],
            line=line,
            column="year",
            problems=problems,
            example="2013",
        )
        if year is not None and not 1 <= year <= this_year:
            problems.add(
                line,
                "year",
                _("%(year)s is not a past or current year; expected e.g. 2013")
                % {"year": year},
            )
            year = None
        sex = _choice(
            cells[position["sex"]],
            line=line,
            column="sex",
            problems=problems,
            allowed=_SEXES,
            normalise=str.lower,
        )
        age_group = _choice(
            cells[position["age_group"]],
            line=line,
            column="age_group",
            problems=problems,
            allowed=AGE_GROUPS,
            normalise=_age_group,
        )
        cases = _whole_number(
            cells[position["cases"]],
            line=line,
            column="cases",
            problems=problems,
            example="612",
        )
        population = None
        if has_population:
            population = _whole_number(
                cells[position["population"]],
                line=line,
                column="population",
                problems=problems,
                example="2550000",
                required=False,
            )
        if cases is not None and population is not None and cases > population:
            problems.add(
                line,
                "cases",
                _(
                    "%(cases)s cases are more than the population at risk "
                    "(%(population)s); expected at most the population"
                )
                % {"cases": cases, "population": population},
            )
            continue
        if year is None or sex is None or age_group is None or cases is None:
            continue
        key = (year * 4 + _SEX_INDEX[sex]) * 32 + _AGE_INDEX[age_group]
        if key in seen:
            problems.add(
                line,
                "age_group",
                _(
                    "duplicate of line %(first)s (%(year)s, %(sex)s, %(age)s); "
                    "each year, sex and age group may appear once"
                )
                % {"first": seen[key], "year": year, "sex": sex, "age": age_group},
            )
            continue
        seen[key] = line
        records.append(IncidenceRecord(year, sex, age_group, cases, population))
    if not records and not problems.items:
        problems.add(
            2, "year", _("the file has a header but no rows; expected at least one")
        )
    problems.raise_if_any()
    return records


def _site_name(value: str, line: int, column: str, problems: _Problems) -> str | None:
    """A site name cell, NFC; None (and a problem) if it breaks a rule."""
    try:
        value = clean_text(value, field=column)
    except ValidationError as error:
        problems.add(line, column, error.messages[0])
        return None
    if _formula(value):
        problems.add(line, column, _formula_message())
        return None
    if len(value) > 120:
        problems.add(line, column, _("longer than 120 characters"))
        return None
    return value


def parse_site_shares(data: bytes) -> list[SiteShareRecord]:
    """Validate a site-distribution file: site, share_percent.

    Shares are percentages with at most two decimals and must add up to about
    100 % (rounding allowed); put the remainder in a row such as “other sites”.
    """
    text = _decode(data, SITE_COLUMNS)
    problems = _Problems()
    rows = _rows(text)
    names = _header(
        rows, required=SITE_COLUMNS, optional=SITE_OPTIONAL_COLUMNS, problems=problems
    )
    if names is None:
        problems.raise_if_any()
        return []
    position = {name: names.index(name) for name in names}
    seen: dict[str, int] = {}
    records: list[SiteShareRecord] = []
    last_line = 1
    for line, cells in rows:
        last_line = line
        if len(cells) != len(names):
            problems.add(
                line,
                names[len(cells)] if len(cells) < len(names) else str(len(cells)),
                _("expected %(expected)s cells, found %(found)s")
                % {"expected": len(names), "found": len(cells)},
            )
            continue
        site = _site_name(cells[position["site"]], line, "site", problems)
        if site == "":
            problems.add(line, "site", _("empty; expected a site such as “lung”"))
            site = None
        site_nb = ""
        if "site_nb" in position:
            site_nb = _site_name(cells[position["site_nb"]], line, "site_nb", problems)
        raw_share = cells[position["share_percent"]]
        share = None
        if _NEGATIVE.fullmatch(raw_share) or raw_share.startswith("-"):
            problems.add(
                line,
                "share_percent",
                _("“%(value)s” is negative; expected a percentage from 0 to 100")
                % {"value": raw_share[:40]},
            )
        elif _formula(raw_share):
            problems.add(line, "share_percent", _formula_message())
        elif not _DECIMAL.fullmatch(raw_share) or Decimal(raw_share) > 100:
            problems.add(
                line,
                "share_percent",
                _(
                    "“%(value)s” is not a percentage; expected a number from 0 to "
                    "100 with a decimal point and at most two decimals, such as 25 "
                    "or 7.5"
                )
                % {"value": raw_share[:40]},
            )
        else:
            share = Decimal(raw_share)
        if site is None or share is None or site_nb is None:
            continue
        if site.casefold() in seen:
            problems.add(
                line,
                "site",
                _("duplicate of line %(first)s; each site may appear once")
                % {"first": seen[site.casefold()]},
            )
            continue
        seen[site.casefold()] = line
        records.append(SiteShareRecord(site, share, site_nb))
    if not records and not problems.items:
        problems.add(
            2, "site", _("the file has a header but no rows; expected at least one")
        )
    if records and not problems.items:
        total = sum((r.share for r in records), Decimal(0))
        if abs(total - 100) > SHARE_TOLERANCE:
            problems.add(
                last_line,
                "share_percent",
                _(
                    "the shares add up to %(total)s %%; expected about 100 %% "
                    "(±%(tolerance)s). Put the remainder in a row such as “other "
                    "sites”."
                )
                % {"total": total, "tolerance": SHARE_TOLERANCE},
            )
    problems.raise_if_any()
    return records
