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
    "/infobutton",
    "/infobutton?mainSearchCriteria.v.c=C17&knowledgeResponseType=application/json",
    "/infobutton?mainSearchCriteria.v.c=C17&knowledgeResponseType=text/xml",
    "/api/v1/articles",
    "/api/v1/procedures",
    "/api/v1/articles/en/neuroendocrine-tumours",
    "/api/v1/articles/en/neuroendocrine-tumours/versions",
    "/api/v1/articles/en/%00",
    "/api/v1/articles/xx/" + "x" * 3000,
    "/api/v1/cancer-types",
    "/api/v1/datasets",
    "/api/v1/datasets/net-incidence-illustrative",
    "/api/v1/datasets/%00",
    "/api/v1/openapi.json",
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
    "?language=%00&kind=%00&cancer_type=%00&page_size=1e9",
    "?cancer_type=" + "x" * 3000 + "&type=%00",
    "?mainSearchCriteria.v.c=%00&mainSearchCriteria.v.cs=%00",
    "?mainSearchCriteria.v.c=C1&mainSearchCriteria.v.dn=%00%1b" + "x" * 3000,
    "?mainSearchCriteria.v.c99=C17&mainSearchCriteria.v.c999=C17",
    "?mainSearchCriteria.v.c=C17&informationRecipient.languageCode.c=%00",
    "?knowledgeResponseType=%00&mainSearchCriteria.v.c=" + "C" * 3000,
]


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


@pytest.mark.parametrize("path", PATHS)
def test_public_pages_answer_bad_query_strings_without_a_server_error(
    client, demo, path, settings
):
    # The machine doors' rate limit would answer 429 long before the end.
    settings.API_RATE_LIMIT = 0
    for query in QUERIES:
        if "?" in path:
            query = "&" + query[1:]
        response = client.get(path + query)
        assert response.status_code < 500, (path + query[:60], response.status_code)
