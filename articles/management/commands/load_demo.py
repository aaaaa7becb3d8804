from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.demo.loader import DemoError, DemoReport, load_demo
from oncolex.review.exceptions import ReviewError


class Command(BaseCommand):
    help = (
        "Load demo accounts, cancer types and published articles for development. "
        "Idempotent: what already exists is left unchanged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run although DEBUG is off. Never on a production database: it "
            "creates accounts with published passwords.",
        )

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        # A superuser with a password printed in the README must never reach a
        # real server by accident.
        if not (settings.DEBUG or getattr(settings, "TESTING", False) or force):
            raise CommandError(
                "load_demo creates accounts with well-known passwords, so it runs "
                "only with DJANGO_DEBUG=true (as `make run` sets) or --force."
            )
        try:
            report = load_demo()
        except (DemoError, ReviewError) as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        self._print(report)

    def _print(self, report: DemoReport) -> None:
        out = self.stdout
        out.write(self.style.SUCCESS("Demo content loaded."))
        out.write(f"  Accounts created: {_listing(report.users_created)}")
        out.write(f"  Cancer types created: {_listing(report.cancer_types_created)}")
        out.write(f"  Articles published: {_listing(report.published)}")
        out.write(
            "  Articles already present, left unchanged: "
            f"{_listing(report.already_present)}"
        )
        for problem in report.problems:
            self.stderr.write(self.style.WARNING(f"  Problem: {problem}"))
        out.write("")
        out.write(
            self.style.WARNING(
                "Demo logins (development only; these passwords are public):"
            )
        )
        width = max(len(login.username) for login in report.logins)
        for login in report.logins:
            password = login.password or "(changed since; not shown)"
            out.write(
                f"  {login.username:<{width}}  {password:<18}  {login.role:<10}  "
                f"{login.full_name}"
            )
        out.write("Sign in at /admin/ to edit, submit and approve.")
        out.write(
            "Approvers and superusers then confirm a second factor: one of these "
            "single-use backup codes (load_demo tops them up), or an "
            "authenticator app set up at /admin/two-factor/."
        )
        for login in report.logins:
            if login.backup_codes:
                out.write(f"  {login.username}: {' '.join(login.backup_codes)}")


def _listing(items: list[str]) -> str:
    return ", ".join(items) if items else "none"
