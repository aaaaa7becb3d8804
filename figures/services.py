"""Writes for figures: validated bytes into content-addressed storage, and the
figure fields that name them. Forms validate (figures/images.py, video.py);
these store, only after every field of the form is valid."""

from __future__ import annotations

import reversion

from figures.images import CleanImage
from figures.models import Figure
from figures.renditions import make_thumbnail
from figures.storage import store


def attach_image(figure: Figure, image: CleanImage) -> None:
    figure.image = store("figures/originals", image.data, image.extension)
    figure.thumbnail = store("figures/thumbs", make_thumbnail(image.data), "jpg")
    figure.width, figure.height = image.width, image.height


def attach_video(figure: Figure, data: bytes, mime: str) -> None:
    extension = "webm" if mime == "video/webm" else "mp4"
    figure.video = store("figures/video", data, extension)
    figure.video_type = mime


def attach_captions(figure: Figure, language: str, data: bytes) -> None:
    setattr(figure, f"captions_{language}", store("figures/captions", data, "vtt"))


def remove_video(figure: Figure) -> None:
    # The files stay: published versions may name them (content addressing).
    figure.video = figure.video_type = figure.captions_en = figure.captions_nb = ""


def revise_placing_articles(figure: Figure) -> None:
    """Put every article that places this figure into the current revision, so
    the change is a new draft of each article, reviewed like its text; the live
    pages keep the figure as it was approved."""
    if not reversion.is_active():
        return
    for placement in figure.placements.select_related("article"):
        reversion.add_to_revision(placement.article)
