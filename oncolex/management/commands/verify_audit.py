"""Check that published history and the audit trail were not altered."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from oncolex.review import chain


class Command(BaseCommand):
    help = (
        "Recompute the SHA-256 chain of every published version and audit event "
        "(see oncolex/review/chain.py) and name the first record that does not "
        "match. Exits non-zero if any chain is broken."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        broken = []
        for model in chain.sealed_models():
            count, found = chain.verify_chain(model)
            if found is None:
                self.stdout.write(f"{chain.chain_name(model)}: {count} records, intact")
            else:
                self.stderr.write(f"BROKEN {found}")
                broken.append(found)
        if broken:
            raise CommandError(
                f"{len(broken)} chain(s) broken; first: {broken[0]}", returncode=1
            )
        self.stdout.write(self.style.SUCCESS("Every chain is intact."))
