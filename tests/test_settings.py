"""Configuration from the environment fails loudly instead of guessing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Load the settings in a fresh interpreter, as gunicorn would."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.pop("ONCOLEX_TESTING", None)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "oncolex.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_start_without_a_secret_key_is_refused():
    result = start({})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_asked_for():
    result = start({"DJANGO_SECRET_KEY": "s" * 50})
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DJANGO_DEBUG", "maybe", "DJANGO_DEBUG must be true or false"),
        ("ONCOLEX_PAGE_CACHE_SECONDS", "ten", "must be a whole number"),
    ],
)
def test_unreadable_settings_stop_the_start(name, value, message):
    result = start(
        {
            "DJANGO_SECRET_KEY": "s" * 50,
            "REDIS_URL": "redis://127.0.0.1:6379/1",
            name: value,
        }
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_empty_database_url_means_the_default_sqlite_file():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DATABASES['default']['ENGINE'])",
        ],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "oncolex.settings",
            "DJANGO_SECRET_KEY": "s" * 50,
            "DATABASE_URL": "",
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.strip() == "django.db.backends.sqlite3"
