from __future__ import annotations

from typing import Any

from epidemiology.management.commands._importing import ImportCommand
from epidemiology.services import ImportResult, import_site_shares


class Command(ImportCommand):
    help = (
        "Replace a dataset's site distribution with a CSV file (columns site, "
        "share_percent; shares add up to about 100); all or nothing, as one "
        "revision."
    )
    table = "site-distribution"

    def run_import(self, **kwargs: Any) -> ImportResult:
        return import_site_shares(**kwargs)
