from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM would
# refuse to run there without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from articles.services import link_translation
from tests import factories
from tests.epidemiology import helpers as epi
from tests.servers import PrivateRedis

# Transactional tests end by flushing every table, data migrations' rows
# included (groups, standard populations). One session is still safe:
# pytest-django runs every transactional test after all the others, and
# `serialized_rollback` puts those rows back before each test that asks.


@pytest.fixture(scope="session")
def private_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateRedis]:
    """A redis-server of this test session's own: tests may flush it, stop it
    or pause it without touching anyone else's data."""
    server = PrivateRedis(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_page_cache(settings, private_redis: PrivateRedis) -> Iterator[PrivateRedis]:
    """The production setup: the page cache in a Redis shared by workers."""
    if private_redis.process is None:  # a fault test stopped it
        private_redis.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "oncolex.cache.ReusingRedisCache",
            "LOCATION": private_redis.url,
            # A prefix per test: no test sees another's keys, none is flushed.
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            "OPTIONS": settings.REDIS_CACHE_OPTIONS,
        }
    }
    settings.PAGE_CACHE_SECONDS = 60
    # Long enough that a test's two requests meet the same copy in Redis.
    settings.PAGE_CACHE_GENERATION_SECONDS = 60
    yield private_redis


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


@pytest.fixture
def twins(editor, approver):
    """An English article and its Bokmål translation, linked both ways and
    both published."""
    english, _ = factories.published_article(
        editor=editor, approver=approver, title="Tumours", slug="tumours"
    )
    norwegian = factories.save_article(
        user=editor,
        title="Svulster",
        slug="svulster",
        language="nb",
        translation=english,
        sections=[("om", "Om", "Tekst.")],
        references=[],
    )
    link_translation(article=norwegian)
    factories.publish(norwegian, editor=editor, approver=approver)
    return english, norwegian


@pytest.fixture
def dataset_in_article(editor, approver):
    """A published dataset, shown in the article at /en/articles/with-table/."""
    dataset = epi.make_dataset(user=editor, title="NET incidence in Norway")
    epi.import_rows(dataset, editor, epi.banded_lines(2012, "male", cases=4))
    epi.publish(dataset, editor=editor, approver=approver)
    factories.published_article(
        editor=editor,
        approver=approver,
        slug="with-table",
        sections=[("incidence", "Incidence", "See the table.", dataset)],
    )
    return dataset
