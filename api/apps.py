from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The read-only JSON API of published records."""

    name = "api"
    verbose_name = "API"
