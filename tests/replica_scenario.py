"""Run by tests/test_replica.py in its own process, against a real primary
(DATABASE_URL) and its streaming replica (DATABASE_REPLICA_URL): prints one
JSON object of what each kind of request saw while the replica was behind."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402

from articles.models import PublishedArticle  # noqa: E402
from tests.factories import (  # noqa: E402
    make_approver,
    make_editor,
    publish,
    published_article,
    save_article,
)

PAGE = "/en/articles/replicated/"


def summary_seen(client: Client) -> str:
    body = client.get(PAGE).content.decode()
    return "new" if "New summary" in body else "old" if "Old summary" in body else "?"


def wait_for_replica(number: int) -> None:
    deadline = time.monotonic() + 30
    replica = PublishedArticle.objects.using("replica")
    while not replica.filter(slug="replicated", number=number).exists():
        if time.monotonic() > deadline:
            sys.exit("the replica did not catch up in 30 s")
        time.sleep(0.1)


def replay(action: str) -> None:
    with connections["replica"].cursor() as cursor:
        cursor.execute(f"SELECT pg_wal_replay_{action}()")


call_command("migrate", verbosity=0)
editor, approver = make_editor(), make_approver()
article, _ = published_article(
    editor=editor, approver=approver, slug="replicated", summary="Old summary"
)
wait_for_replica(1)
seen: dict[str, str] = {}
replay("pause")
save_article(user=editor, article=article, summary="New summary")
publish(article, editor=editor, approver=approver, note="New summary")

seen["reader"] = summary_seen(Client())
staff = Client()
staff.force_login(editor)
seen["staff"] = summary_seen(staff)
staff.post("/admin/logout/")  # a write: signed out, yet the primary for a while
seen["after_a_write"] = summary_seen(staff)

replay("resume")
wait_for_replica(2)
seen["reader_once_replayed"] = summary_seen(Client())
print(json.dumps(seen))
