"""The export's part in a publication (oncolex.signals.public_pages_changing)."""

from __future__ import annotations

import logging

from export import services, tree
from export.tasks import export_pages
from oncolex.review.exceptions import PagesHeld

logger = logging.getLogger(__name__)


def withdraw_and_queue_export(**kwargs: object) -> None:
    """Inside the publishing transaction: nginx stops serving the export at
    once (the application answers, from committed data), and an export is
    queued in this transaction (the task queue is a table of the same
    database), so it runs once the publication is committed, never before.

    If the export cannot be withdrawn, nginx would go on serving the old
    pages: the publication is refused, and rolled back with the transaction."""
    directory = services.root()
    if directory is None:
        return
    try:
        tree.withdraw(directory)
    except OSError as error:
        logger.error(
            "The page export in %s cannot be withdrawn", directory, exc_info=True
        )
        raise PagesHeld(
            f"Nothing was published: the pages served from the export directory "
            f"{directory} cannot be withdrawn ({error.strerror or error}), so readers "
            "would keep getting the old pages. Ask the operator to make the "
            "directory writable for the application, or to switch the export off "
            "(ONCOLEX_EXPORT_ROOT)."
        ) from error
    export_pages.enqueue()
