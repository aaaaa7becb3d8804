"""Video and caption uploads, checked by their bytes (no ffmpeg on the server).

MP4 is recognised by its `ftyp` box and a walk over its top-level boxes (which
finds truncated files); WebM by its EBML header and `webm` document type. The
metadata boxes that phones and editors fill (MP4 `udta`, `meta`, XMP `uuid`;
WebM `Tags`) are blanked in place, as padding of the same size, so no sample
offset moves and the file still plays. A WebVTT track must start with the
WEBVTT signature and hold at least one timed cue.
"""

from __future__ import annotations

import re
import struct

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from figures.images import extension_of
from figures.models import VideoType

_MP4_BRANDS = {
    b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"dash",
    b"M4V ", b"MSNV",
}  # fmt: skip
_MP4_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"edts", b"mvex", b"moof",
                   b"traf"}  # fmt: skip
_MP4_METADATA = {b"udta", b"meta", b"uuid"}
_EBML_MAGIC = b"\x1a\x45\xdf\xa3"
_WEBM_SEGMENT = b"\x18\x53\x80\x67"
_WEBM_TAGS_ID = 0x1254C367
_TIMESTAMP = r"(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}"
_CUE_TIMING = re.compile(rf"^{_TIMESTAMP}[ \t]+-->[ \t]+{_TIMESTAMP}", re.MULTILINE)
MAX_CAPTION_BYTES = 1_000_000


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _mp4_boxes(data: bytearray | bytes, start: int, end: int):
    """(type, box start, payload start, box end) of each box in [start, end)."""
    offset = start
    while offset < end:
        if end - offset < 8:
            raise _refuse(_("The video file is truncated."), "truncated")
        size, kind = struct.unpack(">I4s", data[offset : offset + 8])
        header = 8
        if size == 1:
            if end - offset < 16:
                raise _refuse(_("The video file is truncated."), "truncated")
            size = struct.unpack(">Q", data[offset + 8 : offset + 16])[0]
            header = 16
        elif size == 0:
            size = end - offset
        if size < header or offset + size > end:
            raise _refuse(_("The video file is truncated."), "truncated")
        yield kind, offset, offset + header, offset + size
        offset += size


def _blank_mp4_metadata(data: bytearray, start: int, end: int) -> None:
    for kind, box, payload, box_end in _mp4_boxes(data, start, end):
        if kind in _MP4_METADATA:
            # A `free` box of the same length: offsets into `mdat` stay valid.
            data[box + 4 : box + 8] = b"free"
            data[payload:box_end] = bytes(box_end - payload)
        elif kind in _MP4_CONTAINERS:
            _blank_mp4_metadata(data, payload, box_end)


def _clean_mp4(data: bytes) -> bytes:
    if data[4:8] != b"ftyp" or data[8:12] not in _MP4_BRANDS:
        raise _refuse(
            _("The file is not an MP4 video (QuickTime .mov files are not "
              "accepted: export as MP4)."),
            "not_a_video",
        )  # fmt: skip
    cleaned = bytearray(data)
    kinds = {kind for kind, *_ in _mp4_boxes(cleaned, 0, len(cleaned))}
    if not {b"moov", b"mdat"} <= kinds:
        raise _refuse(_("The video file is truncated."), "truncated")
    _blank_mp4_metadata(cleaned, 0, len(cleaned))
    return bytes(cleaned)


def _vint(
    data: bytes | bytearray, offset: int, *, keep_marker: bool
) -> tuple[int, int]:
    """An EBML variable-length integer at `offset`: (value, length)."""
    if offset >= len(data):
        raise _refuse(_("The video file is truncated."), "truncated")
    first = data[offset]
    length = 9 - first.bit_length() if first else 9
    if length > 8 or offset + length > len(data):
        raise _refuse(_("The video file is damaged."), "truncated")
    value = first if keep_marker else first & (0xFF >> length)
    for byte in data[offset + 1 : offset + length]:
        value = (value << 8) | byte
    return value, length


def _clean_webm(data: bytes) -> bytes:
    size, length = _vint(data, 4, keep_marker=False)
    header = data[4 + length : 4 + length + size]
    if b"\x42\x82\x84webm" not in header:
        raise _refuse(_("The file is not a WebM video."), "not_a_video")
    segment = 4 + length + size
    if data[segment : segment + 4] != _WEBM_SEGMENT:
        raise _refuse(_("The file is not a WebM video."), "not_a_video")
    cleaned = bytearray(data)
    size, length = _vint(data, segment + 4, keep_marker=False)
    start = segment + 4 + length
    end = len(data) if _unknown(size, length) else min(len(data), start + size)
    # Only the Segment's own children are walked: the same four bytes inside
    # a video frame are data, not a Tags element, and must stay as they are.
    position = start
    while position < end:
        element, id_length = _vint(data, position, keep_marker=True)
        size, size_length = _vint(data, position + id_length, keep_marker=False)
        if _unknown(size, size_length):
            break  # a live-recorded cluster: nothing after it can be located
        total = id_length + size_length + size
        if element == _WEBM_TAGS_ID and total >= 9:
            # A Void element (ID 0xEC, an 8-byte size) of exactly the same length.
            cleaned[position : position + total] = (
                b"\xec"
                + (0x01 << 56 | (total - 9)).to_bytes(8, "big")
                + bytes(total - 9)
            )
        position += total
    return bytes(cleaned)


def _unknown(size: int, length: int) -> bool:
    """EBML's "unknown size": every value bit set."""
    return size == (1 << (7 * length)) - 1


def clean_video(data: bytes, filename: str) -> tuple[bytes, str]:
    """The video with its metadata blanked, and its MIME type; or a refusal."""
    if not data:
        raise _refuse(_("The file is empty."), "empty")
    if len(data) > settings.VIDEO_MAX_BYTES:
        raise _refuse(_("The video is too large."), "too_large")
    extension = extension_of(filename)
    if data.startswith(_EBML_MAGIC):
        kind, cleaned = VideoType.WEBM, _clean_webm(data)
    elif data[4:8] == b"ftyp":
        kind, cleaned = VideoType.MP4, _clean_mp4(data)
    else:
        raise _refuse(_("The file is not an MP4 or WebM video."), "not_a_video")
    expected = {VideoType.MP4: {"mp4", "m4v"}, VideoType.WEBM: {"webm"}}[kind]
    if extension not in expected:
        raise _refuse(
            _("The file is a video of another type than its name says."),
            "mislabelled",
        )
    return cleaned, kind


def clean_captions(data: bytes) -> bytes:
    """A WebVTT file, normalised to UTF-8 without BOM and with LF line ends."""
    if len(data) > MAX_CAPTION_BYTES:
        raise _refuse(_("The captions file is too large."), "too_large")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _refuse(_("The captions file is not UTF-8 text."), "not_vtt") from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    first_line = text.split("\n", 1)[0]
    if not (first_line == "WEBVTT" or first_line.startswith(("WEBVTT ", "WEBVTT\t"))):
        raise _refuse(
            _("A captions file must be WebVTT: its first line is “WEBVTT”."), "not_vtt"
        )
    if "\x00" in text or not _CUE_TIMING.search(text):
        raise _refuse(
            _("The captions file has no timed cues (00:00.000 --> 00:04.000)."),
            "no_cues",
        )
    return text.encode("utf-8")
