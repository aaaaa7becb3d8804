"""The figures of one article revision, as the Markdown renderer asks for them
(articles.rendering.FigureHooks): numbers, "Figure N" labels and <figure>
blocks in the article's language.

For publishing, blocks show renditions made now (figures/renditions.py) and the
class remembers every file it showed, to be recorded as published media. For
the approver's preview, blocks show the stored original, which only signed-in
editors can fetch.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext, override

from articles.models import Language
from figures.models import Licence, VideoType
from figures.renditions import Rendition, make_renditions

LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}
# The article column is at most 46rem wide (static/site.css); below that the
# figure spans the viewport less the page margins.
SIZES = "(min-width: 50rem) 46rem, calc(100vw - 2rem)"


def media_url(name: str) -> str:
    return f"{settings.MEDIA_URL}{name}"


def _srcset(renditions: list[Rendition], mime: str) -> str:
    return ", ".join(
        f"{media_url(r.name)} {r.width}w" for r in renditions if r.mime == mime
    )


class ArticleFigures:
    """Implements articles.rendering.FigureHooks for one article revision."""

    def __init__(
        self,
        figures: dict[str, dict[str, Any]],
        order: list[str],
        *,
        language: str,
        publish: bool,
    ) -> None:
        self.figures = figures  # placement key -> the figure's stored fields
        self.language = language
        self.publish = publish
        self.numbers: dict[str, int] = {}
        for key in order:
            if key in figures and key not in self.numbers:
                self.numbers[key] = len(self.numbers) + 1
        self.shown_files: set[str] = set()
        self._blocks: dict[str, str] = {}

    def number(self, key: str) -> int | None:
        return self.numbers.get(key)

    def anchor(self, key: str) -> str:
        return f"figure-{key}"

    def anchors(self) -> set[str]:
        return {self.anchor(key) for key in self.numbers}

    def label(self, key: str) -> str:
        with override(self.language):
            return gettext("Figure %(number)s") % {"number": self.numbers[key]}

    def text(self, key: str) -> str:
        figure = self.figures[key]
        parts = [figure[f"caption_{self.language}"], figure[f"alt_{self.language}"]]
        return "\n".join(part for part in parts if part)

    def problems(self) -> list[str]:
        """What the approver should know before readers see the figures: a
        placed figure with no caption in the article's language."""
        return [
            f"Figure {key} has no caption in {Language(self.language).label}."
            for key in self.numbers
            if not self.figures[key][f"caption_{self.language}"].strip()
            and not self.figures[key]["decorative"]
        ]

    def unplaced(self) -> list[str]:
        return sorted(set(self.figures) - set(self.numbers))

    def block(self, key: str) -> str | None:
        if key not in self.numbers:
            return None
        if key in self._blocks:
            # Placed twice: the second place shows nothing new; a reference
            # ("Figure N") is the way to point at it again.
            return ""
        html = self._render(key, self.figures[key])
        self._blocks[key] = html
        return html

    def _render(self, key: str, figure: dict[str, Any]) -> str:
        original = str(figure["image"])
        size = (int(figure["width"]), int(figure["height"]))
        # The preview shows the stored original: renditions are made once,
        # when a revision is approved, never for a draft.
        renditions = make_renditions(original, size) if self.publish else []
        jpegs = [r for r in renditions if r.mime == "image/jpeg"]
        # Browsers without srcset get the middle width (960 pixels) or less.
        fallback = jpegs[min(1, len(jpegs) - 1)] if jpegs else None
        language = self.language
        context = {
            "id": self.anchor(key),
            "label": self.label(key),
            "alt": "" if figure["decorative"] else figure[f"alt_{language}"],
            "caption": figure[f"caption_{language}"],
            "credit": figure["credit"],
            "licence": Licence(figure["licence"]).label,
            "licence_url": LICENCE_URLS.get(figure["licence"], ""),
            "source_url": figure["source_url"],
            "width": size[0],
            "height": size[1],
            "full_url": media_url(original),
            "src": media_url(fallback.name) if fallback else media_url(original),
            "webp_srcset": _srcset(renditions, "image/webp"),
            "jpeg_srcset": _srcset(renditions, "image/jpeg"),
            "sizes": SIZES,
            # The first figure usually shows with the opening text; later
            # ones wait until the reader scrolls near them.
            "lazy": self.numbers[key] > 1,
            "video": self._video(figure),
        }
        self.shown_files.update({original, *(r.name for r in renditions)})
        with override(language):
            return render_to_string("figures/_figure.html", context).strip()

    def _video(self, figure: dict[str, Any]) -> dict[str, Any] | None:
        if not figure.get("video"):
            return None
        tracks = []
        # The article's language first and default; the other one as a choice.
        for language in sorted(("en", "nb"), key=lambda code: code != self.language):
            name = figure.get(f"captions_{language}")
            if name:
                tracks.append(
                    {
                        "url": media_url(name),
                        "language": language,
                        "label": "English" if language == "en" else "Norsk bokmål",
                        "default": language == self.language,
                    }
                )
                self.shown_files.add(name)
        self.shown_files.add(figure["video"])
        return {
            "url": media_url(figure["video"]),
            "type": figure["video_type"] or VideoType.MP4,
            "tracks": tracks,
        }
