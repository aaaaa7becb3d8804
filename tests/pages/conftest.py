from __future__ import annotations

import pytest

from pages.models import StoredPage
from tests.factories import published_article

# The `article` fixture's page.
ARTICLE = "/en/articles/stored/"


@pytest.fixture
def article(editor, approver):
    published_article(
        editor=editor, approver=approver, title="Stored tumours", slug="stored"
    )


@pytest.fixture
def stored_urls(db):
    """The addresses the page store holds now."""
    return lambda: set(StoredPage.objects.values_list("url", flat=True))
