"""Media files, served only when readers may see them.

Every uploaded file lives in the default storage, drafts included. A reader
gets a file only while a version of a live article shows it (PublishedMedia);
signed-in editors and approvers get any file, for previews and the review diff.
Anything else is a 404 whatever the URL, so a draft's address tells nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.views.decorators.http import require_safe

from figures.models import PublishedMedia
from oncolex.two_factor import second_factor_missing

_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "mp4": "video/mp4",
    "webm": "video/webm",
    "vtt": "text/vtt; charset=utf-8",
}
# Content names never change their bytes, but a withdrawn article (a consent
# revoked, a wrong image) must stop reaching readers soon: caches may keep a
# published file for an hour. Draft files are the editors' own and must not
# sit in shared caches at all.
PUBLIC_CACHE = "public, max-age=3600"
PRIVATE_CACHE = "private, no-store"
# One byte range, as browsers ask for video (Safari plays MP4 only with them).
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_CHUNK = 64 * 1024


def is_published(name: str) -> bool:
    """Is `name` shown by some version of an article that is live now?"""
    return PublishedMedia.objects.filter(
        name=name, version__article__published_versions__is_current=True
    ).exists()


def _may_preview(request: HttpRequest) -> bool:
    """Editors, and approvers once they confirmed their second factor: the
    same people the admin lets in."""
    user = request.user
    return (
        user.is_active
        and user.is_staff
        and user.has_perm("figures.view_figure")
        and not second_factor_missing(request)
    )


@require_safe
def media(request: HttpRequest, name: str) -> HttpResponse:
    extension = name.rsplit(".", 1)[-1].lower()
    if extension not in _TYPES or ".." in name.split("/"):
        raise Http404
    if is_published(name):
        cache = PUBLIC_CACHE
    elif _may_preview(request):
        cache = PRIVATE_CACHE
    else:
        raise Http404
    if settings.MEDIA_ACCEL_REDIRECT:
        # The proxy sends the file from its internal location (see README).
        response = HttpResponse(content_type=_TYPES[extension])
        response["X-Accel-Redirect"] = f"{settings.MEDIA_ACCEL_REDIRECT}{name}"
    else:
        try:
            handle = default_storage.open(name, "rb")
        except (FileNotFoundError, SuspiciousFileOperation):
            raise Http404 from None
        response = _file_response(request, handle, default_storage.size(name))
        response["Content-Type"] = _TYPES[extension]
    response["Cache-Control"] = cache
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _file_response(request: HttpRequest, handle: IO[bytes], size: int) -> HttpResponse:
    """The whole file, or the one byte range asked for (206), or 416."""
    match = _RANGE.match(request.headers.get("Range", ""))
    if match is None or match.groups() == ("", ""):
        response: HttpResponse = FileResponse(handle)
        response["Accept-Ranges"] = "bytes"
        return response
    first, last = match.groups()
    if first:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    else:
        start, end = max(0, size - int(last)), size - 1
    if start > end or start >= size:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    handle.seek(start)
    response = StreamingHttpResponse(_read_range(handle, end - start + 1), status=206)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    return response


def _read_range(handle: IO[bytes], length: int) -> Iterator[bytes]:
    with handle:
        while length > 0:
            chunk = handle.read(min(_CHUNK, length))
            if not chunk:
                return
            length -= len(chunk)
            yield chunk
