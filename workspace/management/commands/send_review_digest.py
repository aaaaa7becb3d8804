from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from workspace.tasks import mail_weekly_digest


class Command(BaseCommand):
    help = (
        "Queue the weekly digest of overdue and soon-due reviews, one mail per "
        "medical editor (run weekly by a scheduler; the worker sends them)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now",
            action="store_true",
            help="Write the mails here instead of in the worker (they are still "
            "sent by the worker).",
        )

    def handle(self, *args: Any, now: bool, **options: Any) -> None:
        if now:
            count = mail_weekly_digest.call()
            self.stdout.write(f"Queued {count} digest mail(s).")
            return
        result = mail_weekly_digest.enqueue()
        self.stdout.write(f"Queued the weekly digest task ({result.id}).")
