"""Cached public pages change exactly when something is published."""

from __future__ import annotations

import pytest

from oncolex.review import services
from tests.factories import (
    make_approver,
    make_editor,
    publish,
    published_article,
    save_article,
)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_cached_article_page_is_served_without_queries_until_a_publication(
    redis_page_cache, client, django_assert_num_queries, settings
):
    settings.PAGE_STORE = False  # the cache alone (the store is in tests/pages)
    editor, approver = make_editor(), make_approver()
    article, _ = published_article(
        editor=editor, approver=approver, slug="cached", summary="Old summary"
    )
    assert "Old summary" in client.get("/en/articles/cached/").content.decode()
    with django_assert_num_queries(0):
        assert "Old summary" in client.get("/en/articles/cached/").content.decode()

    # A draft changes nothing for readers...
    save_article(user=editor, article=article, summary="New summary")
    assert "Old summary" in client.get("/en/articles/cached/").content.decode()
    # ...an approval shows at once...
    publish(article, editor=editor, approver=approver, note="New summary")
    assert "New summary" in client.get("/en/articles/cached/").content.decode()
    # ...and so does unpublishing.
    services.unpublish(obj=article, user=approver, comment="Withdrawn")
    assert client.get("/en/articles/cached/").status_code == 410


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_cached_pages_still_carry_the_script_policy(redis_page_cache, client):
    published_article(editor=make_editor(), approver=make_approver(), slug="csp")
    client.get("/en/articles/csp/")
    response = client.get("/en/articles/csp/")
    assert "script-src 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_cached_pages_keep_their_security_and_language_headers(
    redis_page_cache, client, django_assert_num_queries, settings
):
    settings.PAGE_STORE = False  # the cache alone (the store is in tests/pages)
    published_article(editor=make_editor(), approver=make_approver(), slug="headers")
    first = client.get("/nb/")
    with django_assert_num_queries(0):
        second = client.get("/nb/")
    for name in ["Content-Security-Policy", "X-Frame-Options", "Content-Language"]:
        assert second.headers[name] == first.headers[name]
    assert second.content == first.content


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_signed_in_editor_gets_no_cookie_from_the_cache(redis_page_cache, client):
    published_article(editor=make_editor(), approver=make_approver(), slug="cookie")
    client.get("/en/articles/cookie/")
    client.force_login(make_editor("someone_else"))
    response = client.get("/en/articles/cookie/")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert "csrftoken" not in response.cookies


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_admin_pages_are_never_cached(redis_page_cache, client):
    editor = make_editor()
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    client.logout()
    assert client.get("/admin/").status_code == 302


def _stored_pages(server) -> list[bytes]:
    """The pages this test stored (its cache's own key prefix)."""
    import redis
    from django.conf import settings

    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    keys = redis.Redis.from_url(server.url).scan_iter(match=f"{prefix}:*public-page:*")
    return sorted(keys)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_unknown_query_parameters_never_create_cache_entries(redis_page_cache, client):
    published_article(editor=make_editor(), approver=make_approver(), slug="junk")
    for n in range(20):
        assert client.get(f"/en/articles/junk/?x={n}").status_code == 200
    assert client.get("/en/procedures/?type=surgery&type=surgery").status_code == 200
    assert client.get("/en/articles/junk/?" + "a" * 300).status_code == 200
    assert _stored_pages(redis_page_cache) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_parameters_a_page_reads_share_one_entry_in_any_order(
    redis_page_cache, client, django_assert_num_queries
):
    editor, approver = make_editor(), make_approver()
    article, _ = published_article(editor=editor, approver=approver, slug="twice")
    save_article(user=editor, article=article, summary="Second summary")
    publish(article, editor=editor, approver=approver, note="Again")
    first = client.get("/en/articles/twice/compare/?from=1&to=2")
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get("/en/articles/twice/compare/?to=2&from=1")
    assert second.content == first.content
    assert len(_stored_pages(redis_page_cache)) == 1
