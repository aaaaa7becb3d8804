"""What every answer of /api/ and /infobutton gets at the edge: CORS for
reads, ETag and conditional GET, the per-client rate limit, and the public
page cache, invalidated by publishing."""

from __future__ import annotations

import socket
import time

import pytest

from oncolex.review import services
from tests.factories import (
    make_approver,
    make_editor,
    publish,
    published_article,
    save_article,
)

ARTICLE = "/api/v1/articles/en/neuroendocrine-tumours"
INFOBUTTON = (
    "/infobutton?mainSearchCriteria.v.c=C17&knowledgeResponseType=application/json"
)


@pytest.mark.parametrize("url", [ARTICLE, "/api/v1/articles", INFOBUTTON])
def test_any_site_may_read_but_never_with_credentials(reader, published, url):
    response = reader.get(url, HTTP_ORIGIN="https://ehr.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_a_browser_preflight_for_a_conditional_read_is_allowed(reader, published):
    response = reader.options(
        ARTICLE,
        HTTP_ORIGIN="https://ehr.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_writes_are_refused(reader, published):
    assert reader.post(ARTICLE, {}).status_code == 405
    assert reader.post(INFOBUTTON, {}).status_code == 405


def test_an_unchanged_answer_is_not_sent_again(reader, editor, approver, published):
    article, _ = published
    first = reader.get(ARTICLE)
    assert first["Cache-Control"] == "no-cache"
    again = reader.get(ARTICLE, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    since = reader.get(ARTICLE, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    # A draft changes nothing; an approval changes the answer.
    save_article(user=editor, article=article, summary="Revised summary")
    assert reader.get(ARTICLE, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    publish(article, editor=editor, approver=approver, note="Revised")
    fresh = reader.get(ARTICLE, HTTP_IF_NONE_MATCH=first["ETag"])
    assert fresh.status_code == 200
    assert fresh.json()["summary"] == "Revised summary"
    infobutton = reader.get(INFOBUTTON)
    assert (
        reader.get(INFOBUTTON, HTTP_IF_NONE_MATCH=infobutton["ETag"]).status_code == 304
    )


def test_a_client_over_its_limit_is_told_when_to_come_back(settings, reader, published):
    settings.API_RATE_LIMIT = 3
    settings.API_RATE_WINDOW = 60
    # A fresh, empty cache of this test's own for the counters.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "rate-limit-test",
        }
    }
    for _ in range(3):
        assert reader.get(ARTICLE).status_code == 200
    refused = reader.get(ARTICLE)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"].startswith("Too many requests")
    assert refused["Access-Control-Allow-Origin"] == "*"
    # The same window counts the Infobutton; other clients are not affected;
    # pages for people are not limited at all.
    assert reader.get(INFOBUTTON).status_code == 429
    assert reader.get(ARTICLE, REMOTE_ADDR="10.0.0.7").status_code == 200
    assert reader.get("/en/articles/neuroendocrine-tumours/").status_code == 200


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_answers_keep_coming_when_the_cache_is_down(settings, reader, published):
    """A Redis that does not answer (nothing listens on the port): the limit
    cannot count, the request is served rather than refused or a 500."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/1",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    settings.PAGE_CACHE_SECONDS = 0
    settings.API_RATE_LIMIT = 1
    for _ in range(3):
        assert reader.get(ARTICLE).status_code == 200
        assert reader.get(INFOBUTTON).status_code == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("url", [ARTICLE, INFOBUTTON])
def test_answers_are_cached_until_something_is_published(
    redis_page_cache, settings, client, django_assert_num_queries, url
):
    settings.API_RATE_LIMIT = 0
    editor, approver = make_editor(), make_approver()
    article, _ = published_article(
        editor=editor,
        approver=approver,
        slug="neuroendocrine-tumours",
        title="Old title",
        icd10_codes="C17",
    )
    assert "Old title" in client.get(url).content.decode()
    with django_assert_num_queries(0):
        cached = client.get(url)
    assert "Old title" in cached.content.decode()
    assert cached["Access-Control-Allow-Origin"] == "*"
    assert client.get(url, HTTP_IF_NONE_MATCH=cached["ETag"]).status_code == 304
    # A draft changes nothing for readers; an approval shows at once.
    save_article(user=editor, article=article, title="New title")
    assert "Old title" in client.get(url).content.decode()
    publish(article, editor=editor, approver=approver, note="Retitled")
    assert "New title" in client.get(url).content.decode()
    services.unpublish(obj=article, user=approver, comment="Withdrawn")
    assert "New title" not in client.get(url).content.decode()


def test_an_answer_without_articles_is_not_sent_again_a_second_later(reader, published):
    """An empty answer changes only when something is approved: an EHR asking
    again, on any later second, gets its 304."""
    first = reader.get(INFOBUTTON)
    assert "No article for" in first.json()["feed"]["subtitle"]["_value"]
    time.sleep(1.05 - time.time() % 1)  # into the next whole second
    again = reader.get(INFOBUTTON, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
