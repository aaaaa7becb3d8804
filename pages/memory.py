"""Each worker's copy of the stored pages' bytes it sent lately.

The database still decides on every request whether a page may be served:
the lookup joins the publication generation and checks the date, as without
this copy. The copy only spares moving bytes the worker has already: the
lookup names the ETag of the copy it holds, and the database sends the body
only when the stored page's ETag differs (pages/store.py). A body is the
same bytes for the same ETag (a digest of the page, and its compressed forms
are made from it the same way every time), so a copy is never stale.

Bounded by settings.PAGE_MEMORY_BYTES, least recently used first out.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.conf import settings

# (address, coding) -> (ETag, body)
_bodies: OrderedDict[tuple[str, str], tuple[str, bytes]] = OrderedDict()
_size = 0
# Sync workers run one request at a time; threaded servers may not.
_lock = threading.Lock()


def held(url: str, coding: str) -> tuple[str, bytes] | None:
    """The ETag and body this worker holds for the page, if any."""
    with _lock:
        copy = _bodies.get((url, coding))
        if copy is not None:
            _bodies.move_to_end((url, coding))
        return copy


def keep(url: str, coding: str, etag: str, body: bytes) -> None:
    global _size
    limit = settings.PAGE_MEMORY_BYTES
    if len(body) > limit:
        return
    with _lock:
        old = _bodies.pop((url, coding), None)
        if old is not None:
            _size -= len(old[1])
        _bodies[(url, coding)] = (etag, body)
        _size += len(body)
        while _size > limit:
            _, (_, dropped) = _bodies.popitem(last=False)
            _size -= len(dropped)


def size() -> int:
    """Bytes held: for tests and the curious."""
    return _size


def forget() -> None:
    global _size
    with _lock:
        _bodies.clear()
        _size = 0
