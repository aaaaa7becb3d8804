"""The API against its own OpenAPI document: schemathesis generates requests
from /api/v1/openapi.json (valid and invalid parameters) and every answer must
be no server error and match the documented status codes and schemas."""

from __future__ import annotations

import json
from io import StringIO

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from ninja.responses import NinjaJSONEncoder
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from oncolex.wsgi import application


def _served_document() -> dict:
    """The document /api/v1/openapi.json serves (test_the_openapi_document_is_
    the_one_served checks they are the same). Built here, at collection time,
    because schemathesis's lazy, fixture-based loading does not run under
    pytest 9 (it sets a private attribute pytest removed)."""
    from api.urls import api

    return json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))


schema = schemathesis.openapi.from_dict(_served_document())
schema.app = application


@pytest.fixture
def demo(db):
    # The demo content: articles in both languages, datasets, cancer types.
    call_command("load_demo", stdout=StringIO())
    # Called as a WSGI application, Django would close the test's database
    # connection after each request; Django's test client prevents that the
    # same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_generated_request_gets_a_documented_answer(case, demo):
    # In process, nobody would unpack a gzipped body: ask for it plain.
    response = case.call(
        base_url="http://testserver", headers={"Accept-Encoding": "identity"}
    )
    case.validate_response(
        response,
        checks=[
            not_a_server_error,
            status_code_conformance,
            response_schema_conformance,
        ],
    )


def test_the_openapi_document_is_the_one_served(reader):
    assert reader.get("/api/v1/openapi.json").json() == _served_document()


def test_the_openapi_document_lists_every_read(reader):
    document = reader.get("/api/v1/openapi.json").json()
    assert document["info"]["title"] == "Oncolex API"
    assert set(document["paths"]) == {
        "/api/v1/articles",
        "/api/v1/procedures",
        "/api/v1/articles/{language}/{slug}",
        "/api/v1/articles/{language}/{slug}/versions",
        "/api/v1/cancer-types",
        "/api/v1/datasets",
        "/api/v1/datasets/{slug}",
    }
    for path in document["paths"].values():
        assert set(path) == {"get"}
