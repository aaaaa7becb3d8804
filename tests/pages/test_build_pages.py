"""`build_pages` stores every public page of the demo, and each stored page
is, byte for byte and header for header, what Django answers for it now."""

from __future__ import annotations

import gzip

import brotli
import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from pages.models import StoredPage
from pages.rendering import public_paths

pytestmark = pytest.mark.django_db
# Added by the store (validator) or per request (the log's id).
NOT_COMPARED = {"etag", "x-request-id"}


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=None)


def headers(response) -> dict[str, str]:
    return {k.lower(): v for k, v in response.items() if k.lower() not in NOT_COMPARED}


def test_every_stored_demo_page_is_what_django_answers_now(
    demo, settings, django_assert_num_queries, capsys
):
    call_command("build_pages", site="http://testserver")
    paths = public_paths()
    # The demo: 2 front pages, its cancer types and articles in both languages.
    assert {"/en/", "/nb/", "/en/articles/neuroendocrine-tumours/"} <= set(paths)
    assert "/nb/articles/nevroendokrine-svulster/" in paths
    assert StoredPage.objects.count() == len(paths)
    assert f"Stored {len(paths)} pages" in capsys.readouterr().out

    for path in paths:
        with django_assert_num_queries(1):
            stored = Client().get(path)
        with django_assert_num_queries(1):
            compressed = Client(headers={"accept-encoding": "gzip"}).get(path)
        with django_assert_num_queries(1):
            brotlied = Client(headers={"accept-encoding": "br"}).get(path)
        settings.PAGE_STORE = False
        live = Client().get(path)
        settings.PAGE_STORE = True
        assert "ETag" in stored.headers and "ETag" not in live.headers, path
        assert (stored.status_code, stored.content) == (200, live.content), path
        assert headers(stored) == headers(live), path
        assert gzip.decompress(compressed.content) == live.content, path
        assert brotli.decompress(brotlied.content) == live.content, path


def test_a_site_the_settings_do_not_allow_stores_nothing(demo):
    with pytest.raises(CommandError, match="did not render"):
        call_command("build_pages", site="https://elsewhere.example.org")
    assert not StoredPage.objects.exists()
    with pytest.raises(CommandError, match="must start with"):
        call_command("build_pages", site="oncolex.example.org")
