"""Content-addressed files through Django's storage API.

A file is named by the SHA-256 of its bytes, so a name always means the same
bytes: a published version that names a file keeps exactly the image it was
approved with, whatever is uploaded later, and the same upload twice is stored
once. The backend is `STORAGES["default"]`: the file system by default, any
django-storages backend (S3-compatible object storage) by configuration.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


def content_name(folder: str, data: bytes, extension: str) -> str:
    digest = hashlib.sha256(data).hexdigest()
    # Two levels keep directories small on file systems with many figures.
    return f"{folder}/{digest[:2]}/{digest}.{extension}"


def store(folder: str, data: bytes, extension: str) -> str:
    """Store `data` under its content name (once) and return the name."""
    name = content_name(folder, data, extension)
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:
            # Another worker stored the same bytes in between: they are equal,
            # so keep theirs and drop the renamed copy.
            default_storage.delete(saved)
    return name


def store_derived(name: str, data: bytes) -> str:
    """Store a file whose name is derived from a content name (a rendition of
    a content-addressed original: same original, same rendition)."""
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:
            default_storage.delete(saved)
    return name
