"""The API serves published records only: nothing of a rejected, pending or
draft revision, an article never approved, or one unpublished."""

from __future__ import annotations

import json

import pytest

from tests.articles.unapproved_work import (
    SECRET_CODES,
    SECRET_SLUGS,
    SECRET_WORDS,
    make_unapproved_work,
)

API = "/api/v1"
URLS = [
    f"{API}/articles",
    f"{API}/articles?language=en&page_size=100",
    f"{API}/procedures",
    f"{API}/articles/en/liver-resection",
    f"{API}/articles/en/liver-resection/versions",
    f"{API}/cancer-types",
    f"{API}/datasets",
]


@pytest.fixture
def unapproved_work(editor, approver):
    return make_unapproved_work(editor, approver)


@pytest.mark.parametrize("url", URLS)
def test_no_answer_carries_unapproved_or_unpublished_text(reader, unapproved_work, url):
    response = reader.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    for secret in [*SECRET_WORDS, *SECRET_CODES, *SECRET_SLUGS]:
        assert secret not in body, secret


def test_lists_hold_only_the_live_article(reader, unapproved_work):
    data = json.loads(reader.get(f"{API}/articles").content)
    assert [item["title"] for item in data["items"]] == ["Liver resection"]
    assert data["items"][0]["summary"] == "Summary approvedtext."


@pytest.mark.parametrize(
    ("slug", "status"),
    [("draft-slug", 404), ("never-published", 404), ("withdrawn", 410)],
)
def test_unapproved_addresses_are_unknown_and_withdrawn_ones_gone(
    reader, unapproved_work, slug, status
):
    for tail in ["", "/versions"]:
        response = reader.get(f"{API}/articles/en/{slug}{tail}")
        assert response.status_code == status
        for secret in SECRET_WORDS:
            assert secret not in response.content.decode()
