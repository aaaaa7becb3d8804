"""The export directory on disk: complete trees, and the links nginx follows.

    <root>/nginx.conf                      written by export.nginx, included by nginx
    <root>/served/<headers>/<YYYY-MM-DD>   symlink -> ../../trees/<tree>
    <root>/trees/<tree>/en/articles/x/index.html{,.gz,.br}

A tree is written in full under a temporary name, renamed, and only then
linked; the link is replaced with os.replace, which is atomic, so nginx sees
the old tree or the new one, never a half-written one. Files whose bytes did
not change are hard links into the previous tree, so a publication costs the
pages that changed. The link is named after the day the tree was built for
(nginx looks up today's), and after the header set nginx was configured with
(a tree is never served with headers other than its own).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterable
from pathlib import Path

MANIFEST = ".manifest.json"
_BUILDING = ".building-"
# A crashed export's unfinished tree is removed once it is this old (a live
# export is never that slow).
_ABANDONED_SECONDS = 3600


def trees_dir(root: Path) -> Path:
    return root / "trees"


def served_dir(root: Path) -> Path:
    return root / "served"


def build(root: Path, files: Iterable[tuple[str, bytes]]) -> Path:
    """Write a complete tree of `files` (relative path, bytes) and return it."""
    trees = trees_dir(root)
    trees.mkdir(parents=True, exist_ok=True)
    previous = newest_tree(root)
    known = _manifest(previous) if previous else {}
    building = trees / f"{_BUILDING}{uuid.uuid4().hex}"
    building.mkdir()
    manifest: dict[str, str] = {}
    try:
        for relative, content in files:
            digest = hashlib.sha256(content).hexdigest()
            manifest[relative] = digest
            target = building / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if previous is not None and known.get(relative) == digest:
                try:
                    os.link(previous / relative, target)
                    continue
                except OSError:
                    pass  # pruned meanwhile: write the bytes instead
            target.write_bytes(content)
        (building / MANIFEST).write_text(json.dumps(manifest, sort_keys=True))
        # Names sort by age: the newest complete tree is the next hard-link source.
        done = trees / f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
        building.rename(done)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return done


def serve(root: Path, tree: Path, *, headers: str, day: str) -> None:
    """Make `tree` the one nginx serves on `day` with the header set
    `headers`; every other link goes."""
    links = served_dir(root) / headers
    links.mkdir(parents=True, exist_ok=True)
    temporary = links / f".{day}.{uuid.uuid4().hex}"
    temporary.symlink_to(Path("..", "..", "trees", tree.name))
    os.replace(temporary, links / day)
    for link in _links(root):
        if link != links / day:
            link.unlink(missing_ok=True)


def withdraw(root: Path) -> None:
    """Stop serving any tree: nginx hands every request to Django."""
    for link in _links(root):
        link.unlink(missing_ok=True)


def served_trees(root: Path) -> set[str]:
    return {os.readlink(link).rsplit("/", 1)[-1] for link in _links(root)}


def newest_tree(root: Path) -> Path | None:
    done = _complete(root)
    return done[-1] if done else None


def _complete(root: Path) -> list[Path]:
    """Complete trees, oldest first (their names start with the time)."""
    trees = trees_dir(root)
    if not trees.is_dir():
        return []
    return sorted(p for p in trees.iterdir() if not p.name.startswith("."))


def prune(root: Path) -> None:
    """Remove trees nobody follows any more: all but the served one and the
    two newest (a request that resolved its path just before a swap may
    still be opening a file in the tree it replaced)."""
    keep = served_trees(root) | {tree.name for tree in _complete(root)[-2:]}
    now = time.time()
    for tree in trees_dir(root).iterdir():
        if tree.name.startswith(_BUILDING):
            if now - tree.stat().st_mtime > _ABANDONED_SECONDS:
                shutil.rmtree(tree, ignore_errors=True)
        elif tree.name not in keep:
            shutil.rmtree(tree, ignore_errors=True)
    served = served_dir(root)
    for headers in served.iterdir() if served.is_dir() else ():
        if headers.is_dir() and not any(headers.iterdir()):
            headers.rmdir()


def _links(root: Path) -> list[Path]:
    served = served_dir(root)
    if not served.is_dir():
        return []
    return [
        link
        for headers in served.iterdir()
        if headers.is_dir()
        for link in headers.iterdir()
        if link.is_symlink()
    ]


def _manifest(tree: Path) -> dict[str, str]:
    try:
        return json.loads((tree / MANIFEST).read_text())
    except (OSError, ValueError):
        return {}
