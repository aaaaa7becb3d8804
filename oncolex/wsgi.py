from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oncolex.settings")

django_application = get_wsgi_application()

# Stored public pages are answered in front of Django (pages/wsgi.py).
from pages.wsgi import StoredPageDoor  # noqa: E402

application = StoredPageDoor(django_application)
