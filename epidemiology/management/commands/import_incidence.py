from __future__ import annotations

from typing import Any

from epidemiology.management.commands._importing import ImportCommand
from epidemiology.services import ImportResult, import_incidence


class Command(ImportCommand):
    help = (
        "Replace a dataset's incidence rows with a CSV file (columns year, sex, "
        "age_group, cases[, population]); all or nothing, as one revision."
    )
    table = "incidence"

    def run_import(self, **kwargs: Any) -> ImportResult:
        return import_incidence(**kwargs)
