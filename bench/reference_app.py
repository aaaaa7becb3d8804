"""The SPEC's reference: a plain Django view returning fixed HTML.

A one-file project with no apps and no middleware, serving the bytes saved in
the file named by BENCH_REFERENCE_BODY at every path. Run by bench/article_page.py
as `gunicorn reference_app:application` with the same workers as the project.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import re_path

# Read once: the reference is the cost of Django itself, not of a disk read.
BODY = Path(os.environ["BENCH_REFERENCE_BODY"]).read_bytes()


def page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [re_path(r"", page)]

settings.configure(
    DEBUG=False,
    SECRET_KEY=os.environ["DJANGO_SECRET_KEY"],
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[],
    MIDDLEWARE=[],
    USE_I18N=False,
)

application = get_wsgi_application()
