"""Media files, served only when readers may see them.

Every uploaded file lives in the default storage, drafts included. A reader
gets a file only while a version of a live article shows it (PublishedMedia);
signed-in editors and approvers get any file, for previews and the review diff.
Anything else is a 404 whatever the URL, so a draft's address tells nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from figures.models import PublishedMedia

_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "mp4": "video/mp4",
    "webm": "video/webm",
    "vtt": "text/vtt; charset=utf-8",
}
# Content names never change their bytes: cache for a year. Draft files are
# private to editors and must not sit in shared caches.
PUBLIC_CACHE = "public, max-age=31536000, immutable"
PRIVATE_CACHE = "private, no-store"


def is_published(name: str) -> bool:
    """Is `name` shown by some version of an article that is live now?"""
    return PublishedMedia.objects.filter(
        name=name, version__article__published_versions__is_current=True
    ).exists()


def _may_preview(request: HttpRequest) -> bool:
    user = request.user
    return user.is_active and user.is_staff and user.has_perm("figures.view_figure")


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
        response = FileResponse(handle, content_type=_TYPES[extension])
    response["Cache-Control"] = cache
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
