"""Uploaded image bytes -> a clean raster image, or a refusal with a code.

An upload is trusted for nothing: not its name, not its declared type, not its
headers. It is identified by its magic bytes, opened by Pillow, checked against
pixel and byte limits *before* its pixels are decoded, decoded in full (which
catches truncation), and then re-encoded from the pixels alone. The stored file
therefore carries no metadata at all: no EXIF (GPS positions, camera serials,
dates), no XMP, no IPTC, no comments, no embedded thumbnails, no ICC profile
(colours are converted to sRGB first). Clinical photographs can carry patient
identifiers in any of these.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps

# Detected format -> (stored extension, extensions an upload of it may carry).
FORMATS: dict[str, tuple[str, frozenset[str]]] = {
    "JPEG": ("jpg", frozenset({"jpg", "jpeg"})),
    "PNG": ("png", frozenset({"png"})),
    "WEBP": ("webp", frozenset({"webp"})),
}

# Formats we recognise by their first bytes only to refuse them by name.
_REFUSED_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"GIF8", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"\x00\x00\x01\x00", "ICO"),
)
_MARKUP_START = re.compile(rb"^\s*(?:\xef\xbb\xbf)?\s*<", re.DOTALL)
# Markup that has no business inside a photograph or a drawing. Camera XMP is
# XML (`<x:xmpmeta`, `<rdf:RDF`) and passes; HTML, SVG and script do not. Only
# patterns of five or more bytes: shorter ones turn up by chance in the
# compressed data of a large photograph.
_ACTIVE_CONTENT = re.compile(
    rb"<(?:script|html|body|iframe|object|embed)\b|<svg[\s>]"
    rb"|<\?php|<!doctype\s+html|javascript:|\bon(?:error|load)\s*=",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ImageLimits:
    max_bytes: int
    max_pixels: int
    max_side: int
    min_side: int

    @classmethod
    def from_settings(cls) -> ImageLimits:
        return cls(
            max_bytes=settings.FIGURE_MAX_BYTES,
            max_pixels=settings.FIGURE_MAX_PIXELS,
            max_side=settings.FIGURE_MAX_SIDE,
            min_side=settings.FIGURE_MIN_SIDE,
        )


@dataclass(frozen=True)
class CleanImage:
    """Re-encoded image bytes, ready to be stored under their SHA-256."""

    data: bytes
    format: str
    extension: str
    width: int
    height: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _refuse(message: str, code: str, **params: object) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


def extension_of(filename: str) -> str:
    _, dot, extension = filename.rpartition(".")
    return extension.lower() if dot else ""


def _check_bytes(data: bytes, filename: str, limits: ImageLimits) -> None:
    if not data:
        raise _refuse(_("The file is empty."), "empty")
    if len(data) > limits.max_bytes:
        raise _refuse(
            _("The file is larger than %(limit)s MB."),
            "too_large",
            limit=limits.max_bytes // 1_000_000,
        )
    for magic, name in _REFUSED_MAGIC:
        if data.startswith(magic):
            raise _refuse(
                _("%(format)s files are not accepted: upload a JPEG, PNG or WebP."),
                "unsupported_format",
                format=name,
            )
    if _MARKUP_START.match(data[:256]):
        # SVG, HTML or XML: text that a browser could run, never a raster image.
        raise _refuse(
            _("Markup files (SVG, HTML, XML) are not accepted: upload a JPEG, "
              "PNG or WebP."),
            "unsupported_format",
            format="SVG/HTML",
        )  # fmt: skip
    if _ACTIVE_CONTENT.search(data):
        raise _refuse(
            _("The file contains web page or script content besides the image. "
              "Export the picture again from an image editor."),
            "polyglot",
        )  # fmt: skip


def _open(data: bytes, filename: str, limits: ImageLimits) -> Image.Image:
    """Open without decoding pixels: format, size and frame count come first."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # A multi-picture JPEG (MPO) comes through the JPEG opener.
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(_("The image has too many pixels."), "too_many_pixels") from None
    except (OSError, SyntaxError, ValueError):
        raise _refuse(
            _("The file is not a JPEG, PNG or WebP image."), "not_an_image"
        ) from None
    if image.format == "MPO":
        # A camera's multi-picture JPEG: the first picture is the photograph.
        image.format = "JPEG"
    elif getattr(image, "n_frames", 1) > 1 or getattr(image, "is_animated", False):
        raise _refuse(
            _("Animated images are not accepted: upload a single still image, "
              "or a video."),
            "animated",
        )  # fmt: skip
    extension = extension_of(filename)
    if extension not in FORMATS[image.format][1]:
        raise _refuse(
            _("The file is a %(format)s image but its name ends in “.%(ext)s”. "
              "Rename it or export it again."),
            "mislabelled",
            format=image.format,
            ext=extension,
        )  # fmt: skip
    _check_geometry(image, limits)
    return image


def _check_geometry(image: Image.Image, limits: ImageLimits) -> None:
    width, height = image.size
    if width * height > limits.max_pixels or max(width, height) > limits.max_side:
        raise _refuse(
            _("The image is %(width)s x %(height)s pixels; the limit is "
              "%(megapixels)s megapixels and %(side)s pixels a side."),
            "too_many_pixels",
            width=width,
            height=height,
            megapixels=limits.max_pixels // 1_000_000,
            side=limits.max_side,
        )  # fmt: skip
    if min(width, height) < limits.min_side:
        raise _refuse(
            _("The image is only %(width)s x %(height)s pixels."),
            "too_small",
            width=width,
            height=height,
        )


def _decode(image: Image.Image) -> Image.Image:
    try:
        image.load()
    except (OSError, SyntaxError, ValueError, EOFError):
        raise _refuse(
            _("The image is truncated or damaged: export it again."), "truncated"
        ) from None
    # The camera's orientation tag is applied to the pixels before every tag
    # is dropped, or a portrait photo would show on its side.
    ImageOps.exif_transpose(image, in_place=True)
    return _to_srgb(image)


def _to_srgb(image: Image.Image) -> Image.Image:
    """Colours converted to sRGB while the file's own profile is still known
    (a CMYK photo needs its CMYK profile), then the profile is dropped."""
    profile = image.info.get("icc_profile")
    alpha = "A" in image.getbands()
    if profile:
        # A broken or unusable profile: the pixels stay as they are.
        with contextlib.suppress(ImageCms.PyCMSError, OSError, ValueError):
            image = ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                ImageCms.createProfile("sRGB"),
                outputMode="RGBA" if alpha else "RGB",
            )
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if alpha else "RGB")
    return image


def _encode(image: Image.Image, format: str) -> bytes:
    """Pixels only: Pillow writes no EXIF, XMP, comment or ICC unless asked."""
    out = io.BytesIO()
    if format == "JPEG":
        if image.mode != "RGB":
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=90, optimize=True, progressive=True)
    elif format == "PNG":
        # Not `optimize`: on a large drawing it costs seconds for a few percent.
        image.save(out, "PNG", compress_level=6)
    else:
        image.save(out, "WEBP", quality=90, method=4)
    return out.getvalue()


def clean_image(
    data: bytes, filename: str, limits: ImageLimits | None = None
) -> CleanImage:
    """Steps: check the raw bytes; open and check format, name, size and frames
    without decoding; decode every pixel; re-encode from the pixels."""
    limits = limits or ImageLimits.from_settings()
    _check_bytes(data, filename, limits)
    image = _open(data, filename, limits)
    format = image.format
    pixels = _decode(image)
    encoded = _encode(pixels, format)
    return CleanImage(
        data=encoded,
        format=format,
        extension=FORMATS[format][0],
        width=pixels.width,
        height=pixels.height,
    )
