from __future__ import annotations

import pytest

from pages.models import StoredPage


@pytest.fixture
def stored_urls(db):
    """The addresses the page store holds now."""
    return lambda: set(StoredPage.objects.values_list("url", flat=True))
