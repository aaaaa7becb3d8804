"""Editors upload figures in the admin: what is refused, and what is stored.

The hostile corpus (tests/figures/files.py) holds 24 distinct files: wrong
formats, markup, truncated and mislabelled images, polyglots, decompression and
animated bombs, and files past the limits."""

from __future__ import annotations

import hashlib
import html
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from figures.images import ImageLimits, clean_image
from figures.models import Figure
from tests.figures import files
from tests.figures.helpers import figure_form, upload

ADD = "/admin/figures/figure/add/"


def stored_files(settings) -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


@pytest.mark.parametrize("hostile", files.hostile_corpus(), ids=lambda h: h.name)
def test_hostile_file_gets_a_named_form_error_and_nothing_is_stored(
    client, editor, settings, hostile
):
    for name, value in hostile.settings.items():
        setattr(settings, name, value)
    with pytest.raises(ValidationError) as refused:
        clean_image(hostile.data, hostile.filename)
    assert refused.value.code == hostile.code

    client.force_login(editor)
    response = client.post(
        ADD, figure_form(upload=upload(hostile.data, hostile.filename))
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()["upload"]
    assert [error.code for error in errors] == [hostile.code]
    assert errors[0].messages[0] in html.unescape(response.content.decode())
    assert not Figure.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (files.jpeg_full_of_metadata(), "clinic-photo.jpg"),
        (files.png_full_of_metadata(), "drawing.png"),
        (files.webp_full_of_metadata(), "scan.webp"),
    ],
    ids=["JPEG", "PNG", "WebP"],
)
def test_stored_image_keeps_its_pixels_and_no_metadata(
    client, editor, settings, data, filename
):
    for secret in files.SECRETS[:2]:
        assert secret in data or filename != "clinic-photo.jpg"
    client.force_login(editor)
    response = client.post(ADD, figure_form(upload=upload(data, filename)))
    assert response.status_code == 302
    figure = Figure.objects.get()
    stored = (Path(settings.MEDIA_ROOT) / figure.image).read_bytes()
    for secret in files.SECRETS:
        assert secret not in stored
    for marker in files.METADATA_MARKERS:
        assert marker not in stored
    image = Image.open(io.BytesIO(stored))
    assert not image.getexif()
    assert (
        not {"exif", "xmp", "comment", "icc_profile", "photoshop"} & image.info.keys()
    )
    assert image.format == Image.open(io.BytesIO(data)).format
    thumbnail = (Path(settings.MEDIA_ROOT) / figure.thumbnail).read_bytes()
    assert not any(secret in thumbnail for secret in files.SECRETS)


def test_camera_orientation_is_applied_before_the_tags_are_dropped(client, editor):
    # The metadata JPEG is 300 x 200 pixels with EXIF orientation 6 (portrait).
    client.force_login(editor)
    client.post(ADD, figure_form(upload=upload(files.jpeg_full_of_metadata(), "p.jpg")))
    figure = Figure.objects.get()
    assert (figure.width, figure.height) == (200, 300)


def test_files_are_named_by_the_sha256_of_their_stored_bytes(client, editor, settings):
    client.force_login(editor)
    picture = files.jpeg()
    client.post(ADD, figure_form(upload=upload(picture, "a.jpg")))
    client.post(ADD, figure_form(name="Again", upload=upload(picture, "b.jpg")))
    first, second = Figure.objects.order_by("pk")
    stored = (Path(settings.MEDIA_ROOT) / first.image).read_bytes()
    digest = hashlib.sha256(stored).hexdigest()
    assert first.image == f"figures/originals/{digest[:2]}/{digest}.jpg"
    # The same picture twice is one file.
    assert second.image == first.image
    assert len(list((Path(settings.MEDIA_ROOT) / "figures/originals").rglob("*"))) == 2


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"alt_en": ""}, "alt_en", "alt_required"),
        ({"alt_nb": "   "}, "alt_nb", "alt_required"),
        ({"clinical_photograph": "on"}, "consent_confirmed", "consent_required"),
        ({"credit": ""}, "credit", "required"),
        ({"licence": "all-mine"}, "licence", "invalid_choice"),
    ],
)
def test_missing_description_or_consent_is_refused_and_nothing_is_stored(
    client, editor, settings, overrides, field, code
):
    client.force_login(editor)
    response = client.post(
        ADD, figure_form(upload=upload(files.jpeg(), "a.jpg"), **overrides)
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()
    assert [e.code for e in errors[field]] == [code]
    assert not Figure.objects.exists()
    assert stored_files(settings) == []


def test_decorative_figure_needs_no_alt_text_and_keeps_none(client, editor):
    client.force_login(editor)
    response = client.post(
        ADD,
        figure_form(
            upload=upload(files.png(), "ornament.png"),
            decorative="on",
            alt_en="",
            alt_nb="Ignored",
        ),
    )
    assert response.status_code == 302
    figure = Figure.objects.get()
    assert (figure.alt_en, figure.alt_nb, figure.decorative) == ("", "", True)


def test_clinical_photograph_with_consent_confirmed_is_accepted(client, editor):
    client.force_login(editor)
    response = client.post(
        ADD,
        figure_form(
            upload=upload(files.jpeg(), "wound.jpg"),
            clinical_photograph="on",
            consent_confirmed="on",
        ),
    )
    assert response.status_code == 302
    assert Figure.objects.get().consent_confirmed


def test_a_figure_needs_an_image(client, editor):
    client.force_login(editor)
    response = client.post(ADD, figure_form())
    assert response.context["adminform"].form.errors.as_data()["upload"][0].code == (
        "required"
    )


def test_limits_come_from_settings(settings):
    settings.FIGURE_MAX_PIXELS = 1_000
    with pytest.raises(ValidationError) as refused:
        clean_image(files.jpeg(100, 100), "a.jpg", ImageLimits.from_settings())
    assert refused.value.code == "too_many_pixels"


def test_editor_finds_figures_with_thumbnails_and_where_they_are_used(client, editor):
    from tests.factories import save_article
    from tests.figures.helpers import make_figure

    figure = make_figure(name="Whipple resection lines")
    save_article(
        user=editor,
        title="Pancreaticoduodenectomy",
        sections=[("s", "S", "![x](figure:lines)")],
        figures={"lines": figure},
    )
    client.force_login(editor)
    listing = client.get("/admin/figures/figure/?q=whipple").content.decode()
    assert f'src="/media/{figure.thumbnail}"' in listing
    assert "Pancreaticoduodenectomy (en)" in listing
    change = client.get(f"/admin/figures/figure/{figure.pk}/change/")
    assert change.status_code == 200
    assert figure.image in change.content.decode()
    assert client.get(f"/media/{figure.thumbnail}").status_code == 200


def test_article_form_shows_each_attached_figure_with_its_thumbnail(client, editor):
    from tests.factories import save_article
    from tests.figures.helpers import make_figure

    figure = make_figure()
    article = save_article(
        user=editor,
        sections=[("s", "S", "![x](figure:lines)")],
        figures={"lines": figure},
    )
    client.force_login(editor)
    page = client.get(f"/admin/articles/article/{article.pk}/change/").content
    assert f'src="/media/{figure.thumbnail}"'.encode() in page
    assert b'value="lines"' in page


def test_cmyk_photo_is_stored_as_rgb_without_a_profile(client, editor, settings):
    cmyk = files.photo(200, 150).convert("CMYK")
    data = files.encode(cmyk, "JPEG", quality=95)
    client.force_login(editor)
    response = client.post(ADD, figure_form(upload=upload(data, "print.jpg")))
    assert response.status_code == 302
    stored = Image.open(Path(settings.MEDIA_ROOT) / Figure.objects.get().image)
    assert stored.mode == "RGB"
    assert "icc_profile" not in stored.info
