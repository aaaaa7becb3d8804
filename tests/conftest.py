from __future__ import annotations

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM would
# refuse to run there without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests import factories


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests that need a transactional database as `transactional`.

    Such a test ends by flushing every table, data migrations' rows included
    (groups, standard populations); `serialized_rollback` puts them back only
    when the next transactional test starts. `make test` therefore runs these
    tests in a pytest session of their own, after all the others.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None and marker.kwargs.get("transaction"):
            item.add_marker(pytest.mark.transactional)


@pytest.fixture(autouse=True)
def _private_media_root(settings, tmp_path_factory):
    """Every test stores uploads and renditions in a directory of its own."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def editor(db):
    return factories.make_editor("editor")


@pytest.fixture
def second_editor(db):
    return factories.make_editor("second_editor")


@pytest.fixture
def approver(db):
    return factories.make_approver("approver")


@pytest.fixture
def second_approver(db):
    return factories.make_approver("second_approver")


@pytest.fixture
def reader(client):
    """An anonymous clinician."""
    return client


@pytest.fixture
def published(editor, approver):
    """An English article, published once, with two sections and one reference."""
    article, version = factories.published_article(
        editor=editor,
        approver=approver,
        title="Neuroendocrine tumours",
        slug="neuroendocrine-tumours",
    )
    return article, version
