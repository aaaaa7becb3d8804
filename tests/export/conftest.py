"""The export switched on, into a directory of the test's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.export.helpers import run_tasks
from tests.factories import published_article


@pytest.fixture
def export_root(settings, tmp_path) -> Path:
    settings.EXPORT_ROOT = tmp_path / "export"
    # Pages are rendered as readers at the site's address get them; the test
    # client's host, so that they can be compared byte for byte.
    settings.ONCOLEX_SITE_URL = "http://testserver"
    return settings.EXPORT_ROOT


@pytest.fixture
def article(editor, approver, export_root):
    """An English article at helpers.PATH, published and exported."""
    article, _ = published_article(
        editor=editor,
        approver=approver,
        slug="net",
        sections=[("background", "Background", "Approved text.")],
    )
    run_tasks()
    return article
