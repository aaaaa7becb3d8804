"""What every response carries: compression, request ids and logs, icons,
and markup that validators and search engines accept."""

from __future__ import annotations

import datetime
import gzip
import json
import logging
import re
import subprocess
import sys

import pytest

from oncolex.logs import JsonFormatter
from tests.factories import make_editor, published_article, save_article
from tests.test_settings import ROOT


def test_public_pages_are_compressed_for_clients_that_accept_it(reader, published):
    response = reader.get(
        "/en/articles/neuroendocrine-tumours/", HTTP_ACCEPT_ENCODING="gzip"
    )
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"Neuroendocrine tumours" in gzip.decompress(response.content)
    plain = reader.get("/en/articles/neuroendocrine-tumours/")
    assert "Content-Encoding" not in plain


def test_admin_pages_holding_csrf_tokens_are_never_compressed(client, editor):
    client.force_login(editor)
    response = client.get("/admin/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "Content-Encoding" not in response


def test_the_article_page_describes_itself_and_links_its_translation_absolutely(
    reader, editor, approver
):
    english, _ = published_article(
        editor=editor, approver=approver, slug="twin-en", summary="Short & clear."
    )
    bokmal, _ = published_article(
        editor=editor,
        approver=approver,
        slug="twin-nb",
        language="nb",
        translation=english,
    )
    save_article(user=editor, article=english, translation=bokmal)
    html = reader.get("/en/articles/twin-en/").content.decode()
    assert '<meta name="description" content="Short &amp; clear.">' in html
    assert (
        '<link rel="alternate" hreflang="nb" '
        'href="http://testserver/nb/articles/twin-nb/">' in html
    )
    assert 'hreflang="en" href="http://testserver/en/articles/twin-en/"' in html


def test_time_elements_carry_valid_html_datetimes(reader, published):
    html = reader.get("/en/articles/neuroendocrine-tumours/history/").content.decode()
    values = re.findall(r'<time datetime="([^"]+)"', html)
    assert values
    for value in values:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", value)


def test_every_page_links_a_favicon_that_exists(reader, published):
    html = reader.get("/en/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', html).group(1)
    assert reader.get(icon).status_code == 200
    assert reader.get("/favicon.ico").url == icon


def test_each_request_is_logged_once_with_its_id_path_status_and_duration(
    client, caplog, db
):
    editor = make_editor()
    client.force_login(editor)
    with caplog.at_level(logging.INFO, logger="oncolex.request"):
        response = client.get("/admin/", HTTP_X_REQUEST_ID="from-nginx-42")
        client.logout()
        client.get("/en/")
    assert response["X-Request-ID"] == "from-nginx-42"
    staff, reader = [
        json.loads(JsonFormatter().format(r))
        for r in caplog.records
        if r.name == "oncolex.request"
    ]
    assert staff["request_id"] == "from-nginx-42"
    assert (staff["path"], staff["status"], staff["user_id"]) == (
        "/admin/",
        200,
        editor.pk,
    )
    assert staff["duration_ms"] >= 0
    assert reader["path"] == "/en/" and reader["user_id"] is None
    assert re.fullmatch(r"[0-9a-f]{32}", reader["request_id"])


def test_a_forged_request_id_is_replaced(client, db):
    response = client.get("/en/", HTTP_X_REQUEST_ID="x" * 500)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_in_development_each_log_line_is_printed_once():
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, logging; django.setup(); "
            "logging.getLogger('django.request').warning('only once')",
        ],
        env={**_clean_env(), "DJANGO_DEBUG": "true"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stderr.count("only once") == 1


def test_in_production_log_lines_are_json():
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, logging; django.setup(); "
            "logging.getLogger('oncolex.cache').warning('Redis unavailable')",
        ],
        env={**_clean_env(), "DJANGO_SECRET_KEY": "s" * 50},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    entry = json.loads(done.stderr.strip())
    assert entry["message"] == "Redis unavailable"
    assert entry["level"] == "WARNING"


def _clean_env() -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("ONCOLEX_TESTING", None)
    return {**env, "DJANGO_SETTINGS_MODULE": "oncolex.settings"}


@pytest.mark.parametrize(
    "created",
    [
        1796083199.9999998,  # rounds up into the next second, and month
        1796083200.0,
        1796083200.0004,
        1796083200.9994999,
        1764950000.123456,
    ],
)
def test_a_log_line_is_timed_in_utc_to_the_millisecond(created):
    record = logging.LogRecord(
        "oncolex.request", logging.INFO, "", 0, "GET /", (), None
    )
    record.created = created
    line = json.loads(JsonFormatter().format(record))
    assert line["time"] == datetime.datetime.fromtimestamp(
        created, tz=datetime.UTC
    ).isoformat(timespec="milliseconds")
