"""Figures use the storage API only: any configured backend works, here
Django's in-memory storage standing in for object storage."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.storage import default_storage

from tests.factories import publish, save_article
from tests.figures.helpers import make_figure


@pytest.fixture
def memory_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    default_storage.exists("probe")  # the lazy object picks its backend now
    assert type(default_storage._wrapped).__name__ == "InMemoryStorage"


def test_figures_publish_and_serve_from_a_storage_without_a_file_system(
    memory_storage, settings, tmp_path, reader, editor, approver
):
    settings.MEDIA_ROOT = tmp_path  # nothing may land here
    figure = make_figure()
    article = save_article(
        user=editor,
        slug="whipple",
        sections=[("s", "S", "![x](figure:f)")],
        figures={"f": figure},
    )
    publish(article, editor=editor, approver=approver)
    page = reader.get("/en/articles/whipple/").content.decode()
    assert "/media/figures/renditions/" in page
    response = reader.get(f"/media/{figure.image}")
    assert response.status_code == 200
    served = b"".join(response.streaming_content)
    assert figure.image.endswith(f"{hashlib.sha256(served).hexdigest()}.jpg")
    assert list(tmp_path.iterdir()) == []
