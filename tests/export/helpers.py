"""Reading the export as nginx would."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import transaction

from export.services import INDEX
from tests.factories import save_article
from tests.workspace.conftest import run_worker

# The `article` fixture's page, and the text of its next revision.
PATH = "/en/articles/net/"
SECOND_TEXT = "Second approved text."


def save_second_text(article, editor) -> None:
    """A new revision of the exported article, not yet approved."""
    save_article(
        user=editor,
        article=article,
        sections=[("background", "Background", SECOND_TEXT)],
    )


def run_tasks() -> int:
    """Run the queued tasks (the export) as the worker does; in a transaction
    of their own, which the worker's claim needs outside a test's."""
    with transaction.atomic():
        return run_worker()


def served_links(root: Path) -> list[Path]:
    served = root / "served"
    if not served.is_dir():
        return []
    return [
        link
        for headers in served.iterdir()
        for link in headers.iterdir()
        if link.is_symlink()
    ]


def served_tree(root: Path) -> Path | None:
    """The tree nginx follows, if any (there is never more than one)."""
    links = served_links(root)
    assert len(links) <= 1, links
    if not links:
        return None
    return (links[0].parent / os.readlink(links[0])).resolve()


def served_page(root: Path, path: str) -> bytes | None:
    served = served_tree(root)
    if served is None:
        return None
    file = served / path.lstrip("/") / INDEX
    return file.read_bytes() if file.exists() else None


@contextmanager
def read_only(directory: Path) -> Iterator[None]:
    """`directory` on a read-only bind mount: a failure the tests' root user
    cannot write through, as the application's user could not write through
    missing permissions. Skips where mounting is not allowed."""
    mount, umount = shutil.which("mount"), shutil.which("umount")
    if mount is None or umount is None:
        pytest.skip("mount is not installed")

    def run(*args: str) -> bool:
        done = subprocess.run([mount, *args], capture_output=True, check=False)  # noqa: S603
        return done.returncode == 0

    if not run("--bind", str(directory), str(directory)):
        pytest.skip("bind mounts are not allowed here")
    try:
        if not run("-o", "remount,bind,ro", str(directory), str(directory)):
            pytest.skip("read-only remounts are not allowed here")
        yield
    finally:
        subprocess.run([umount, str(directory)], check=True)  # noqa: S603
