"""An export racing an approval, on PostgreSQL with real connections: the
export that read the data before the approval committed must not link its
tree after the approval withdrew the served one."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from export import services
from oncolex.review import services as review
from tests.export.helpers import (
    PATH,
    run_tasks,
    save_second_text,
    served_links,
    served_page,
)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)"
    ),
]


def wait_until_blocked_or_done(thread: threading.Thread, timeout: float = 30) -> None:
    """Until `thread` ends or some backend of this database waits for a lock."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while thread.is_alive() and time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)


def test_an_export_waits_for_an_approval_in_progress_and_stands_down(
    article, export_root, editor, approver
):
    save_second_text(article, editor)
    submission = review.submit(obj=article, user=editor)
    approved, release = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def approve() -> None:
        try:
            with transaction.atomic():
                review.approve(submission=submission, user=approver, note="Second")
                approved.set()
                release.wait(30)  # not committed until the export waits
        finally:
            connections.close_all()

    def export() -> None:
        try:
            outcome["export"] = services.export_public_pages()
        finally:
            connections.close_all()

    approving = threading.Thread(target=approve)
    approving.start()
    assert approved.wait(30)
    exporting = threading.Thread(target=export)
    exporting.start()
    wait_until_blocked_or_done(exporting)
    release.set()
    approving.join(30)
    exporting.join(30)

    # Committed after the export read the old text: the export must not
    # link its tree, and Django answers, with the new text.
    assert outcome["export"].served is False
    assert served_links(export_root) == []
    run_tasks()
    assert b"Second approved text." in served_page(export_root, PATH)
