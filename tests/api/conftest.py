from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _no_rate_limit_and_english(settings):
    """These tests send many requests from one address; the limit has tests of
    its own (tests/api/test_edge.py). Each test starts in English."""
    settings.API_RATE_LIMIT = 0
    with translation.override("en"):
        yield
