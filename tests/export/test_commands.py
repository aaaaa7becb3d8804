"""manage.py export_pages: the deploy-time and daily run."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tests.export.helpers import served_page
from tests.factories import published_article

pytestmark = pytest.mark.django_db


def test_export_pages_refuses_without_a_directory(settings):
    settings.EXPORT_ROOT = None
    with pytest.raises(CommandError, match="ONCOLEX_EXPORT_ROOT"):
        call_command("export_pages")


def test_export_pages_serves_the_pages_and_says_when_nginx_must_reload(
    export_root, editor, approver, reader
):
    published_article(editor=editor, approver=approver, slug="net")
    out = io.StringIO()
    call_command("export_pages", stdout=out)
    assert "pages exported" in out.getvalue()
    assert "reload nginx" in out.getvalue()
    assert served_page(export_root, "/en/articles/net/") == (
        reader.get("/en/articles/net/").content
    )
    again = io.StringIO()
    call_command("export_pages", stdout=again)
    assert "reload nginx" not in again.getvalue()
