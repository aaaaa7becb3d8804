from __future__ import annotations

from django.apps import AppConfig


class ReviewAppConfig(AppConfig):
    """A test-only app: proves a new model becomes reviewable by registering it
    (tests/review/test_registry.py). Installed only when ONCOLEX_TESTING is set."""

    name = "tests.review_app"
    label = "review_app"
    default_auto_field = "django.db.models.BigAutoField"
