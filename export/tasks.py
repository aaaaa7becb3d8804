"""The export runs in the task worker (manage.py db_worker), queued by each
publication and unpublication; never inside a request."""

from __future__ import annotations

from django.tasks import task

from export import services


@task
def export_pages() -> int:
    if services.root() is None:  # switched off since it was queued
        return 0
    return services.export_public_pages().pages
