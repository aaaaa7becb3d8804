"""Mail is configured from the environment; without a server, a developer
finds the mail in a folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.test_settings import ROOT


def configured(env: dict[str, str]) -> list:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "EMAIL_", "ONCOLEX_", "DEFAULT_FROM"))
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, json; django.setup(); from django.conf import settings;"
            " print(json.dumps([settings.MAILERS, settings.DEFAULT_FROM_EMAIL,"
            " settings.ONCOLEX_SITE_URL]))",
        ],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "oncolex.settings",
            "DJANGO_SECRET_KEY": "s" * 50,
            **env,
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_without_a_mail_server_mail_is_written_to_a_folder():
    mailers, sender, _ = configured({})
    default = mailers["default"]
    assert default["BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert default["OPTIONS"]["file_path"] == str(ROOT / "sent-mail")
    assert sender == "Oncolex <oncolex@localhost>"


def test_smtp_settings_come_from_the_environment():
    mailers, sender, site = configured(
        {
            "EMAIL_HOST": "smtp.example.org",
            "EMAIL_PORT": "465",
            "EMAIL_HOST_USER": "oncolex",
            "EMAIL_HOST_PASSWORD": "secret",
            "DEFAULT_FROM_EMAIL": "Oncolex <noreply@example.org>",
            "ONCOLEX_SITE_URL": "https://oncolex.example.org/",
        }
    )
    default = mailers["default"]
    assert default["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert default["OPTIONS"] == {
        "host": "smtp.example.org",
        "port": 465,
        "username": "oncolex",
        "password": "secret",
        "use_tls": False,
        "use_ssl": True,
        "timeout": 30,
    }
    assert sender == "Oncolex <noreply@example.org>"
    assert site == "https://oncolex.example.org"


def test_a_bad_mail_port_stops_the_start():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "oncolex.settings",
            "DJANGO_SECRET_KEY": "s" * 50,
            "EMAIL_PORT": "smtp",
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "EMAIL_PORT must be a whole number" in result.stderr
