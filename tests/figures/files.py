"""Files for the figure tests, all made here: photographs, a JPEG full of
metadata, the hostile-file corpus, and minimal video and caption files."""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass, field
from typing import Any

from PIL import Image, ImageCms, ImageDraw, PngImagePlugin


def photo(width: int = 1200, height: int = 800, *, seed: int = 1) -> Image.Image:
    """Something like a clinical photograph: smooth shading, shapes, fine grain."""
    base = Image.linear_gradient("L").resize((width, height))
    grain = Image.effect_noise((width, height), 12)
    red = Image.blend(base, grain, 0.25)
    green = Image.blend(base.transpose(Image.Transpose.FLIP_LEFT_RIGHT), grain, 0.2)
    blue = Image.blend(base.rotate(90, expand=False), grain, 0.3)
    image = Image.merge("RGB", (red, green, blue))
    draw = ImageDraw.Draw(image)
    for n in range(12):
        x = (n * 97 * seed) % width
        y = (n * 53 * seed) % height
        radius = 20 + (n * 13) % max(1, min(width, height) // 6)
        draw.ellipse(
            (x, y, x + radius, y + radius),
            fill=(180 + n * 5 % 70, 90 + n * 11 % 120, 80 + n * 7 % 100),
        )
    return image


def encode(image: Image.Image, format: str = "JPEG", **options: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, format, **options)
    return out.getvalue()


def jpeg(width: int = 1200, height: int = 800, *, seed: int = 1) -> bytes:
    return encode(photo(width, height, seed=seed), "JPEG", quality=90)


def png(width: int = 800, height: int = 600) -> bytes:
    return encode(photo(width, height), "PNG")


def webp(width: int = 800, height: int = 600) -> bytes:
    return encode(photo(width, height), "WEBP", quality=85)


# --- a JPEG full of metadata -------------------------------------------------

SECRETS = [
    b"PATIENT-ID-0451",
    b"SecretCameraMaker",
    b"SERIAL-12345",
    b"XMP-SECRET",
    b"IPTC-SECRET",
    b"COMMENT-SECRET",
    b"THUMBNAIL-SECRET",
]
# What any metadata block starts with in a JPEG, PNG or WebP file.
METADATA_MARKERS = [
    b"Exif\x00\x00",
    b"http://ns.adobe.com/xap",
    b"Photoshop 3.0",
    b"8BIM",
    b"ICC_PROFILE",
    b"eXIf",
    b"tEXt",
    b"iTXt",
    b"zTXt",
    b"iCCP",
    b"EXIF",
    b"XMP ",
]


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def _tiff_exif(thumbnail: bytes) -> bytes:
    """EXIF as cameras write it: IFD0 with a description, maker and orientation
    (6: turn 90° clockwise), an Exif IFD with the body serial number, a GPS IFD
    with a position in Oslo, and IFD1 holding an embedded JPEG thumbnail."""
    out = bytearray(b"II*\x00" + struct.pack("<I", 8))
    entries_0 = [
        (0x010E, 2, b"PATIENT-ID-0451\x00"),
        (0x010F, 2, b"SecretCameraMaker\x00"),
        (0x0112, 3, struct.pack("<H", 6)),
        (0x8769, 4, None),  # Exif IFD pointer, patched below
        (0x8825, 4, None),  # GPS IFD pointer
    ]
    entries_exif = [(0xA431, 2, b"SERIAL-12345\x00")]
    entries_gps = [
        (0x0001, 2, b"N\x00"),
        (0x0002, 5, struct.pack("<6I", 59, 1, 54, 1, 30, 1)),
        (0x0003, 2, b"E\x00"),
        (0x0004, 5, struct.pack("<6I", 10, 1, 43, 1, 12, 1)),
    ]
    entries_1 = [(0x0201, 4, None), (0x0202, 4, struct.pack("<I", len(thumbnail)))]
    counts = {2: 1, 3: 2, 4: 4, 5: 8}

    def ifd_size(entries: list) -> int:
        return 2 + 12 * len(entries) + 4

    def data_size(entries: list) -> int:
        return sum(len(v) + len(v) % 2 for _, _, v in entries if v and len(v) > 4)

    # Layout: IFD0, its data, Exif IFD, data, GPS IFD, data, IFD1, thumbnail.
    layout = [entries_0, entries_exif, entries_gps, entries_1]
    starts = []
    position = 8
    for entries in layout:
        starts.append(position)
        position += ifd_size(entries) + data_size(entries)
    thumbnail_at = position
    pointers = {0x8769: starts[1], 0x8825: starts[2], 0x0201: thumbnail_at}
    for index, entries in enumerate(layout):
        data_at = starts[index] + ifd_size(entries)
        table = bytearray(struct.pack("<H", len(entries)))
        blob = bytearray()
        for tag, kind, value in entries:
            if value is None:
                value = struct.pack("<I", pointers[tag])
            count = len(value) // counts[kind] if kind != 2 else len(value)
            if len(value) <= 4:
                table += struct.pack("<HHI", tag, kind, count) + value.ljust(4, b"\0")
            else:
                table += struct.pack("<HHII", tag, kind, count, data_at + len(blob))
                blob += value + b"\0" * (len(value) % 2)
        next_ifd = starts[3] if index == 0 else 0
        table += struct.pack("<I", next_ifd)
        out += table + blob
    out += thumbnail
    return bytes(out)


def _iptc() -> bytes:
    caption = b"IPTC-SECRET caption"
    record = b"\x1c\x02\x78" + struct.pack(">H", len(caption)) + caption
    resource = (
        b"8BIM"
        + struct.pack(">H", 0x0404)
        + b"\x00\x00"
        + struct.pack(">I", len(record))
        + record
        + b"\0" * (len(record) % 2)
    )
    return b"Photoshop 3.0\x00" + resource


def jpeg_full_of_metadata(width: int = 300, height: int = 200) -> bytes:
    thumbnail = encode(photo(64, 48), "JPEG", quality=70, comment=b"THUMBNAIL-SECRET")
    xmp = (
        b"http://ns.adobe.com/xap/1.0/\x00"
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b"<rdf:Description>XMP-SECRET</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    body = encode(photo(width, height), "JPEG", quality=90, icc_profile=srgb)
    segments = (
        _segment(0xE1, b"Exif\x00\x00" + _tiff_exif(thumbnail))
        + _segment(0xE1, xmp)
        + _segment(0xED, _iptc())
        + _segment(0xFE, b"COMMENT-SECRET")
    )
    return body[:2] + segments + body[2:]


def png_full_of_metadata() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "COMMENT-SECRET")
    info.add_itxt("XML:com.adobe.xmp", "XMP-SECRET")
    info.add_text("Author", "PATIENT-ID-0451", zip=True)
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"
    return encode(photo(300, 200), "PNG", pnginfo=info, exif=exif.tobytes())


def webp_full_of_metadata() -> bytes:
    exif = Image.Exif()
    exif[0x010E] = "PATIENT-ID-0451"
    exif[0x010F] = "SecretCameraMaker"
    return encode(
        photo(300, 200),
        "WEBP",
        exif=exif.tobytes(),
        xmp=b"<x:xmpmeta>XMP-SECRET</x:xmpmeta>",
    )


# --- the hostile corpus ------------------------------------------------------


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data))
    )


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares a huge canvas in a few bytes: a decompression bomb
    needs no more to be refused before any pixel is decoded."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def animated(format: str, frames: int = 3) -> bytes:
    images = [photo(64, 64, seed=n + 1) for n in range(frames)]
    return encode(images[0], format, save_all=True, append_images=images[1:])


def png_with_text(text: str) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", text)
    return encode(photo(64, 64), "PNG", pnginfo=info)


@dataclass(frozen=True)
class Hostile:
    name: str
    filename: str
    data: bytes
    code: str
    settings: dict[str, int] = field(default_factory=dict)


def hostile_corpus() -> list[Hostile]:
    small_jpeg = jpeg(200, 150)
    small_png = png(200, 150)
    return [
        Hostile("empty file", "photo.jpg", b"", "empty"),
        Hostile("plain text", "photo.png", b"just some words\n" * 20, "not_an_image"),
        Hostile(
            "HTML page",
            "photo.jpg",
            b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
            "unsupported_format",
        ),
        Hostile(
            "SVG with script",
            "drawing.png",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
            b"<script>alert(1)</script></svg>",
            "unsupported_format",
        ),
        Hostile(
            "PDF",
            "scan.png",
            b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF",
            "unsupported_format",
        ),
        Hostile("GIF", "anim.gif", encode(photo(32, 32), "GIF"), "unsupported_format"),
        Hostile("BMP", "scan.bmp", encode(photo(32, 32), "BMP"), "unsupported_format"),
        Hostile(
            "TIFF", "scan.tiff", encode(photo(32, 32), "TIFF"), "unsupported_format"
        ),
        Hostile("ICO", "icon.ico", encode(photo(32, 32), "ICO"), "unsupported_format"),
        Hostile(
            "truncated JPEG",
            "photo.jpg",
            small_jpeg[: len(small_jpeg) // 2],
            "truncated",
        ),
        Hostile(
            "truncated PNG",
            "drawing.png",
            small_png[: len(small_png) // 2],
            "truncated",
        ),
        Hostile("PNG named .jpg", "photo.jpg", small_png, "mislabelled"),
        Hostile("JPEG named .webp", "photo.webp", small_jpeg, "mislabelled"),
        Hostile("JPEG without extension", "photo", small_jpeg, "mislabelled"),
        Hostile(
            "JPEG with HTML appended (polyglot)",
            "photo.jpg",
            small_jpeg + b"<html><body><script>alert(document.cookie)</script>",
            "polyglot",
        ),
        Hostile(
            "JPEG comment holding a script",
            "photo.jpg",
            encode(photo(64, 64), "JPEG", comment=b"<script>alert(1)</script>"),
            "polyglot",
        ),
        Hostile(
            "PNG text chunk with an event handler",
            "drawing.png",
            png_with_text('<img src=x onerror="alert(1)">'),
            "polyglot",
        ),
        Hostile(
            "decompression bomb (30,000 x 30,000 declared)",
            "bomb.png",
            png_header_only(30_000, 30_000),
            "too_many_pixels",
        ),
        Hostile(
            "above our pixel limit (8,000 x 8,000 declared)",
            "big.png",
            png_header_only(8_000, 8_000),
            "too_many_pixels",
        ),
        Hostile("animated PNG", "anim.png", animated("PNG"), "animated"),
        Hostile("animated WebP", "anim.webp", animated("WEBP"), "animated"),
        Hostile(
            "animated WebP bomb (200 frames)",
            "bomb.webp",
            animated("WEBP", frames=200),
            "animated",
        ),
        Hostile("4 x 4 pixels", "dot.png", encode(photo(4, 4), "PNG"), "too_small"),
        Hostile(
            "larger than the byte limit",
            "photo.jpg",
            small_jpeg,
            "too_large",
            settings={"FIGURE_MAX_BYTES": 1_000},
        ),
    ]


# --- video and captions ------------------------------------------------------


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload) + 8) + kind + payload


def mp4(*, gps: bytes = b"+59.9139+010.7522/") -> bytes:
    """A structurally valid MP4 skeleton (ftyp, moov with a location in udta,
    mdat): enough for the checks; no decoder is involved on the server."""
    ftyp = _box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2avc1mp41")
    mvhd = _box(b"mvhd", bytes(100))
    udta = _box(b"udta", _box(b"\xa9xyz", struct.pack(">HH", len(gps), 0) + gps))
    moov = _box(b"moov", mvhd + udta)
    mdat = _box(b"mdat", bytes(2048))
    return ftyp + moov + mdat


# A video frame whose bytes happen to hold the Tags element's ID.
FRAME_WITH_TAGS_BYTES = b"\x00\x12\x54\xc3\x67\x85frame"


def webm() -> bytes:
    """EBML header, then a Segment holding a Cluster (one frame whose data
    contains the Tags ID by chance) and a Tags element with a patient name."""
    doctype = b"\x42\x82\x84webm"
    header = b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(doctype)]) + doctype
    title = b"PATIENT-ID-0451"
    tag = b"\x45\xa3" + bytes([0x80 | len(title)]) + title
    tags = b"\x12\x54\xc3\x67" + bytes([0x80 | len(tag)]) + tag
    block = b"\xa3" + bytes([0x80 | len(FRAME_WITH_TAGS_BYTES)]) + FRAME_WITH_TAGS_BYTES
    cluster = b"\x1f\x43\xb6\x75" + bytes([0x80 | len(block)]) + block
    segment_body = cluster + tags + b"\xec\x8e" + bytes(14)  # a Void element
    segment = b"\x18\x53\x80\x67" + bytes([0x80 | len(segment_body)]) + segment_body
    return header + segment


def vtt(text: str = "The surgeon divides the pancreatic neck.") -> bytes:
    return f"WEBVTT\n\n00:00.000 --> 00:04.000\n{text}\n".encode()
