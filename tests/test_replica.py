"""Public reads go to a real streaming replica; staff and whoever just wrote
read the primary. The test session builds the pair itself (initdb, then
pg_basebackup) on loopback ports and runs the application in a process of its
own, pointed at both."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.servers import (
    PrivatePostgres,
    postgres_binaries_missing,
)
from tests.test_settings import ROOT

pytestmark = pytest.mark.skipif(
    postgres_binaries_missing(), reason="needs PostgreSQL 15's server binaries"
)


@pytest.fixture(scope="module")
def streaming_pair() -> Iterator[tuple[PrivatePostgres, PrivatePostgres]]:
    primary = PrivatePostgres().init()
    try:
        primary.start()
        primary.create_database("oncolex")
        replica = primary.replica()
        try:
            replica.start()
            yield primary, replica
        finally:
            replica.destroy()
    finally:
        primary.destroy()


def test_readers_read_the_replica_staff_and_writers_the_primary(streaming_pair):
    primary, replica = streaming_pair
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("REDIS_URL", None)  # the router alone, without the page cache
    env.update(
        DJANGO_SETTINGS_MODULE="oncolex.settings",
        DJANGO_SECRET_KEY="s" * 50,
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="false",
        ONCOLEX_TESTING="1",  # static files from the source tree
        DATABASE_URL=primary.url("oncolex"),
        DATABASE_REPLICA_URL=replica.url("oncolex"),
    )
    done = subprocess.run(
        [sys.executable, "tests/replica_scenario.py"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {
        # The replica has not replayed the approval yet: readers see the old
        # version there, which proves where they read.
        "reader": "old",
        "staff": "new",
        "after_a_write": "new",
        "reader_once_replayed": "new",
    }
