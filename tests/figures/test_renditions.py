"""Renditions readers get: made at approval, once, the right sizes and weights."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from figures.renditions import make_renditions, widths_for
from figures.storage import store
from tests.figures import files


def stored(data: bytes, extension: str = "jpg") -> str:
    return store("figures/originals", data, extension)


def test_widths_never_upscale():
    assert widths_for(6000) == [480, 960, 1440]
    assert widths_for(1440) == [480, 960, 1440]
    assert widths_for(700) == [480, 700]
    assert widths_for(300) == [300]


def test_each_rendition_has_the_size_and_format_its_srcset_promises(settings):
    name = stored(files.jpeg(2400, 1600))
    renditions = make_renditions(name, (2400, 1600))
    assert [(r.width, r.mime) for r in renditions] == [
        (480, "image/webp"),
        (480, "image/jpeg"),
        (960, "image/webp"),
        (960, "image/jpeg"),
        (1440, "image/webp"),
        (1440, "image/jpeg"),
    ]
    for rendition in renditions:
        image = Image.open(Path(settings.MEDIA_ROOT) / rendition.name)
        assert image.size == (rendition.width, rendition.height)
        assert Image.MIME[image.format] == rendition.mime
        assert not image.getexif()


def test_the_960_pixel_rendition_of_a_typical_photo_is_under_150_kb(settings):
    # A 12-megapixel camera JPEG; the bench measures a 24-megapixel one.
    name = stored(files.jpeg(4000, 3000))
    by_key = {(r.width, r.mime): r for r in make_renditions(name, (4000, 3000))}
    for mime in ("image/jpeg", "image/webp"):
        path = Path(settings.MEDIA_ROOT) / by_key[(960, mime)].name
        assert path.stat().st_size < 150_000, (mime, path.stat().st_size)


def test_renditions_are_made_once(settings):
    name = stored(files.jpeg(1200, 800))
    first = make_renditions(name, (1200, 800))
    paths = [Path(settings.MEDIA_ROOT) / r.name for r in first]
    times = [p.stat().st_mtime_ns for p in paths]
    assert make_renditions(name, (1200, 800)) == first
    assert [p.stat().st_mtime_ns for p in paths] == times


def test_a_transparent_png_gets_a_white_background_in_its_jpeg(settings):
    image = Image.new("RGBA", (600, 400), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    name = stored(out.getvalue(), "png")
    jpeg = next(r for r in make_renditions(name, (600, 400)) if r.mime == "image/jpeg")
    pixel = Image.open(Path(settings.MEDIA_ROOT) / jpeg.name).getpixel((10, 10))
    assert min(pixel) > 245
