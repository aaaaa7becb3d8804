"""What the two import commands share: argument parsing, the user, the report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from epidemiology.csv_import import MAX_FILE_BYTES, CsvImportError
from epidemiology.models import Dataset
from epidemiology.services import ImportResult
from oncolex.review.exceptions import NotAllowed


class ImportCommand(BaseCommand):
    table = ""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dataset", help="The dataset's slug.")
        parser.add_argument("file", type=Path, help="A UTF-8 CSV file.")
        parser.add_argument(
            "--user",
            required=True,
            help="Username recorded in the revision (an editor).",
        )
        parser.add_argument("--comment", default="", help="Why the numbers changed.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Validate and show what would change; write nothing.",
        )

    def run_import(self, **kwargs: Any) -> ImportResult:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            dataset = Dataset.objects.get(slug=options["dataset"])
        except Dataset.DoesNotExist as error:
            raise CommandError(
                f"No dataset with slug {options['dataset']!r}."
            ) from error
        try:
            user = get_user_model().objects.get(username=options["user"])
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"No user {options['user']!r}.") from error
        path: Path = options["file"]
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise CommandError(
                    f"{path}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; "
                    "split it."
                )
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        try:
            result = self.run_import(
                dataset=dataset,
                data=data,
                user=user,
                comment=options["comment"],
                dry_run=options["dry_run"],
            )
        except CsvImportError as error:
            for message in error.messages:
                self.stderr.write(f"{path}: {message}")
            raise CommandError("Nothing was imported.") from error
        except NotAllowed as error:
            raise CommandError(str(error)) from error
        counts = result.diff.counts()
        summary = (
            f"{counts['added']} added, {counts['changed']} changed, "
            f"{counts['removed']} removed, {counts['unchanged']} unchanged"
        )
        if result.dry_run:
            self.stdout.write(f"Dry run, nothing written: {summary}.")
        elif result.revision_created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported {result.rows} {self.table} rows into {dataset.slug}: "
                    f"{summary}."
                )
            )
        else:
            self.stdout.write("Nothing changed; no new revision was recorded.")
