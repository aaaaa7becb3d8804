"""Video: checked by its bytes, metadata blanked, captions required, shown with
the browser's own controls and a captions track in the page's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from figures.models import Figure
from figures.video import clean_captions, clean_video
from tests.factories import publish, save_article
from tests.figures import files
from tests.figures.helpers import figure_form, make_figure, upload


def test_mp4_is_accepted_and_its_location_box_is_blanked():
    original = files.mp4()
    assert b"+59.9139+010.7522/" in original
    cleaned, mime = clean_video(original, "procedure.mp4")
    assert mime == "video/mp4"
    assert len(cleaned) == len(original)  # no sample offset moved
    assert b"+59.9139" not in cleaned
    assert b"udta" not in cleaned and b"free" in cleaned


def test_webm_is_accepted_and_its_tags_are_blanked():
    original = files.webm()
    cleaned, mime = clean_video(original, "animation.webm")
    assert mime == "video/webm"
    assert len(cleaned) == len(original)
    assert b"PATIENT-ID-0451" not in cleaned
    # Only the Segment's Tags element is blanked, never a frame's data.
    assert files.FRAME_WITH_TAGS_BYTES in cleaned


MP4 = files.mp4()


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"", "a.mp4", "empty"),
        (files.jpeg(64, 64), "a.mp4", "not_a_video"),
        (MP4, "a.webm", "mislabelled"),
        (files.webm(), "a.mp4", "mislabelled"),
        (MP4[: len(MP4) // 2], "a.mp4", "truncated"),
        (MP4[:8] + b"qt  " + MP4[12:], "a.mp4", "not_a_video"),
        (b"<html><script>alert(1)</script></html>", "a.mp4", "not_a_video"),
    ],
    ids=[
        "empty",
        "JPEG named .mp4",
        "MP4 named .webm",
        "WebM named .mp4",
        "truncated MP4",
        "QuickTime",
        "HTML",
    ],
)
def test_bad_video_is_refused_with_a_code(data, filename, code):
    with pytest.raises(ValidationError) as refused:
        clean_video(data, filename)
    assert refused.value.code == code


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"1\n00:00.000 --> 00:01.000\nNo header\n", "not_vtt"),
        (b"WEBVTT\n\nJust text without timings.\n", "no_cues"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000\nø\n".encode("latin-1"), "not_vtt"),
        (b"WEBVTTX\n\n00:00.000 --> 00:01.000\nx\n", "not_vtt"),
    ],
    ids=["no header", "no cues", "not UTF-8", "wrong signature"],
)
def test_bad_captions_are_refused_with_a_code(data, code):
    with pytest.raises(ValidationError) as refused:
        clean_captions(data)
    assert refused.value.code == code


def test_captions_are_stored_as_utf8_without_bom_with_unix_lines():
    data = "\ufeffWEBVTT\r\n\r\n00:00.000 --> 00:02.500\r\nKirurgen deler halsen.\r\n"
    assert clean_captions(data.encode()) == (
        b"WEBVTT\n\n00:00.000 --> 00:02.500\nKirurgen deler halsen.\n"
    )


def test_video_without_captions_in_both_languages_is_refused_and_nothing_stored(
    client, editor, settings
):
    client.force_login(editor)
    response = client.post(
        "/admin/figures/figure/add/",
        figure_form(
            upload=upload(files.jpeg(), "poster.jpg"),
            video_upload=upload(files.mp4(), "procedure.mp4", "video/mp4"),
            captions_en_upload=upload(files.vtt(), "en.vtt", "text/vtt"),
        ),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()
    assert [e.code for e in errors["captions_nb_upload"]] == ["captions_required"]
    assert not Figure.objects.exists()
    assert not any(p.is_file() for p in Path(settings.MEDIA_ROOT).rglob("*"))


def test_video_with_its_captions_is_stored_through_the_admin(client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/figures/figure/add/",
        figure_form(
            upload=upload(files.jpeg(), "poster.jpg"),
            video_upload=upload(files.mp4(), "procedure.mp4", "video/mp4"),
            captions_en_upload=upload(files.vtt(), "en.vtt", "text/vtt"),
            captions_nb_upload=upload(files.vtt("Kirurgen"), "nb.vtt", "text/vtt"),
        ),
    )
    assert response.status_code == 302
    figure = Figure.objects.get()
    assert figure.video.startswith("figures/video/") and figure.video.endswith(".mp4")
    assert figure.captions_en.endswith(".vtt") and figure.captions_nb.endswith(".vtt")


@pytest.mark.parametrize("language", ["en", "nb"])
def test_video_plays_with_native_controls_and_captions_in_the_page_language(
    reader, editor, approver, language
):
    figure = make_figure(video=files.mp4())
    article = save_article(
        user=editor,
        language=language,
        sections=[("s", "S", "![Video](figure:procedure)")],
        figures={"procedure": figure},
    )
    publish(article, editor=editor, approver=approver)
    page = reader.get(f"/{language}/articles/{article.slug}/").content.decode()
    assert "<video controls" in page and "<script" not in page
    assert f'<source src="/media/{figure.video}" type="video/mp4">' in page
    own = getattr(figure, f"captions_{language}")
    assert f'<track kind="captions" src="/media/{own}" srclang="{language}"' in page
    assert page.count("<track ") == 2
    assert page.index(f'srclang="{language}"') < page.index(
        'srclang="{}"'.format("nb" if language == "en" else "en")
    )
    track = reader.get(f"/media/{own}")
    assert track.status_code == 200
    assert track["Content-Type"] == "text/vtt; charset=utf-8"
    assert f"Captions in {language}" in b"".join(track.streaming_content).decode()


@pytest.mark.parametrize(
    ("header", "status", "content_range", "part"),
    [
        ("bytes=0-99", 206, "bytes 0-99/{size}", slice(0, 100)),
        ("bytes=100-", 206, "bytes 100-{last}/{size}", slice(100, None)),
        ("bytes=-16", 206, "bytes {tail}-{last}/{size}", slice(-16, None)),
        ("bytes=999999-", 416, "bytes */{size}", None),
        ("bytes=5-2", 416, "bytes */{size}", None),
        ("items=0-10", 200, None, slice(None)),
        ("bytes=0-1,5-9", 200, None, slice(None)),
    ],
)
def test_video_answers_byte_ranges_as_players_ask(
    reader, editor, approver, header, status, content_range, part
):
    figure = make_figure(video=files.mp4())
    article = save_article(
        user=editor,
        sections=[("s", "S", "![Video](figure:v)")],
        figures={"v": figure},
    )
    publish(article, editor=editor, approver=approver)
    video = files.mp4()
    cleaned, _ = clean_video(video, "v.mp4")
    size = len(cleaned)
    response = reader.get(f"/media/{figure.video}", headers={"Range": header})
    assert response.status_code == status
    assert response["Content-Type"] == "video/mp4" or status == 416
    if content_range:
        expected = content_range.format(size=size, last=size - 1, tail=size - 16)
        assert response["Content-Range"] == expected
    if part is not None:
        body = b"".join(response.streaming_content)
        assert body == cleaned[part]
        assert response["Accept-Ranges"] == "bytes"
