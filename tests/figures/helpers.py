"""Figures made the way the admin makes them, and the admin form as posted."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from figures import services
from figures.images import clean_image
from figures.models import Figure
from figures.video import clean_captions, clean_video
from tests.figures import files


def make_figure(
    data: bytes | None = None,
    filename: str = "resection.jpg",
    *,
    video: bytes | None = None,
    **fields: Any,
) -> Figure:
    defaults = {
        "name": "Resection lines",
        "alt_en": "Drawing of the resection lines",
        "alt_nb": "Tegning av reseksjonslinjene",
        "caption_en": "Where the surgeon divides the organs.",
        "caption_nb": "Hvor kirurgen deler organene.",
        "credit": "Drawing: Oncolex",
        "licence": "CC-BY-4.0",
    }
    figure = Figure(**{**defaults, **fields})
    services.attach_image(figure, clean_image(data or files.jpeg(), filename))
    if video is not None:
        services.attach_video(figure, *clean_video(video, "procedure.mp4"))
        for language in ("en", "nb"):
            caption = f"Captions in {language}: the surgeon divides the neck."
            services.attach_captions(
                figure, language, clean_captions(files.vtt(caption))
            )
    figure.full_clean()
    figure.save()
    return figure


def upload(data: bytes, filename: str, content_type: str = "image/jpeg"):
    return SimpleUploadedFile(filename, data, content_type=content_type)


def figure_form(**overrides: Any) -> dict[str, Any]:
    """The figure admin form as a browser posts it (unchecked boxes absent)."""
    data: dict[str, Any] = {
        "name": "Whipple resection lines",
        "alt_en": "Drawing of the organs removed in a Whipple procedure",
        "alt_nb": "Tegning av organene som fjernes ved whipplekirurgi",
        "caption_en": "The head of the pancreas, the duodenum and the bile duct.",
        "caption_nb": "Hodet av bukspyttkjertelen, tolvfingertarmen og gallegangen.",
        "credit": "Drawing: Oncolex",
        "licence": "CC-BY-4.0",
        "source_url": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
