"""The export's part in a publication (oncolex.signals.public_pages_changing)."""

from __future__ import annotations

from export import services, tree
from export.tasks import export_pages


def withdraw_and_queue_export(**kwargs: object) -> None:
    """Inside the publishing transaction: nginx stops serving the export at
    once (the application answers, from committed data), and an export is
    queued in this transaction (the task queue is a table of the same
    database), so it runs once the publication is committed, never before."""
    directory = services.root()
    if directory is None:
        return
    tree.withdraw(directory)
    export_pages.enqueue()
