"""Running the task worker inside a test, and the people of the workspace tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from tests import factories
from workspace.models import Profile


def run_worker(limit: int = 200) -> int:
    """Run every task that is due with the worker of `manage.py db_worker`
    (its own claim and run code), inside the test's transaction; return how
    many ran. The command's loop itself closes database connections between
    tasks, which a test transaction cannot survive."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while (result := DBTaskResult.objects.ready().get_locked()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
        assert ran < limit, "tasks keep queuing more tasks"
    return ran


@pytest.fixture(autouse=True)
def site_url(settings) -> str:
    settings.ONCOLEX_SITE_URL = "http://testserver.example"
    return settings.ONCOLEX_SITE_URL


@pytest.fixture
def transition(django_capture_on_commit_callbacks) -> Callable:
    """Do a review transition as a request would: its transaction commits,
    then the after-commit hooks run (and queue the mail task)."""

    def run(service: Callable, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


@pytest.fixture
def deliver() -> Callable[[], int]:
    """The worker runs what is queued: mails are written, then sent."""
    return run_worker


@pytest.fixture
def medical_editor(db):
    return factories.make_editor("medical_editor")


def set_profile(user, **fields) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.save()
    return profile
