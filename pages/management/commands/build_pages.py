from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from pages.models import StoredPage
from pages.rendering import public_paths, request_page


class Command(BaseCommand):
    help = (
        "Render every stored public page again (front pages, cancer types, "
        "articles, in both languages) and store it with its compressed forms. "
        "Run after a deploy or an upgrade; pages missing from the store are "
        "served by Django meanwhile."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--site",
            default=settings.ONCOLEX_SITE_URL,
            help="Scheme and host readers use, e.g. https://oncolex.example.org "
            "(default: ONCOLEX_SITE_URL). Pages link to themselves with it.",
        )

    def handle(self, *args: Any, site: str, **options: Any) -> None:
        site = site.rstrip("/")
        if not site.startswith(("http://", "https://")):
            raise CommandError(f"--site must start with http:// or https://: {site}")
        if not settings.PAGE_STORE:
            raise CommandError("The page store is off (ONCOLEX_PAGE_STORE=false).")
        # One transaction: readers see the old pages or the new, never a mix.
        with transaction.atomic():
            StoredPage.objects.filter(url__startswith=f"{site}/").delete()
            failed = []
            for path in public_paths():
                response = request_page(site + path)
                if response.status_code != 200:
                    failed.append(f"{path}: {response.status_code}")
            if failed:
                raise CommandError(
                    "Nothing was changed; these pages did not render:\n"
                    + "\n".join(failed)
                )
            stored = StoredPage.objects.filter(url__startswith=f"{site}/").count()
        self.stdout.write(f"Stored {stored} pages for {site}.")
