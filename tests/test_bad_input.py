"""Hostile or mistyped query strings on every public page: never a 500."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

PATHS = [
    "/",
    "/en/",
    "/nb/",
    "/en/cancer-types/neuroendocrine-tumours/",
    "/en/articles/neuroendocrine-tumours/",
    "/en/articles/neuroendocrine-tumours/history/",
    "/en/articles/neuroendocrine-tumours/history/1/",
    "/en/articles/neuroendocrine-tumours/compare/",
    "/nb/search/",
    "/en/codes/",
    "/en/procedures/",
    "/en/epidemiology/net-incidence-illustrative/",
    "/en/epidemiology/net-incidence-illustrative.csv",
    "/en/feed/",
    "/sitemap.xml",
    "/robots.txt",
    "/healthz",
]
QUERIES = [
    "?page=-1",
    "?page=1e9",
    "?page=99999999999999999999999",
    "?q=%00",
    "?q=" + "x" * 3000,
    "?q=%22%22%22&page=0",
    "?q=a:*|b&cancer_type=-1",
    "?cancer_type=%00&kind=%00",
    "?cancer_type=99999999999999999999&kind=surgery",
    "?code=%00",
    "?code=" + "C" * 500,
    "?type=<script>",
    "?from=1&to=%00",
]


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


@pytest.mark.parametrize("path", PATHS)
def test_public_pages_answer_bad_query_strings_without_a_server_error(
    client, demo, path
):
    for query in QUERIES:
        response = client.get(path + query)
        assert response.status_code < 500, (path + query[:60], response.status_code)
