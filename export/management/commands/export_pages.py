from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from export import services


class Command(BaseCommand):
    help = (
        "Write every public page into ONCOLEX_EXPORT_ROOT for nginx to serve, "
        "and swap it in. Run after each deploy and daily just after midnight "
        "(the tree is served only on the day it was built for)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if services.root() is None:
            raise CommandError("Set ONCOLEX_EXPORT_ROOT to export pages.")
        result = services.export_public_pages()
        for reason in result.skipped:
            self.stderr.write(f"not exported: {reason}")
        if result.served:
            self.stdout.write(f"{result.pages} pages exported to {services.root()}")
        else:
            self.stdout.write("nothing served: a publication came first, or no page")
        if result.reload_nginx:
            self.stdout.write(
                f"{services.root()}/nginx.conf changed: reload nginx "
                "(until then it leaves every page to the application)"
            )
