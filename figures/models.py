"""Figures (images, optionally a video with its poster) and where articles place
them. A figure's file names are SHA-256 content names (figures/storage.py), so a
revision that names a file names exactly those bytes forever."""

from __future__ import annotations

import reversion
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from articles.models.working import anchor_validator


class Licence(models.TextChoices):
    CC_BY = "CC-BY-4.0", "CC BY 4.0"
    CC_BY_SA = "CC-BY-SA-4.0", "CC BY-SA 4.0"
    CC0 = "CC0-1.0", "CC0 1.0"
    PERMISSION = "permission", _("used with the rights holder's permission")


class VideoType(models.TextChoices):
    MP4 = "video/mp4", "MP4"
    WEBM = "video/webm", "WebM"


@reversion.register()
class Figure(models.Model):
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("How editors find the figure in the admin; readers never see it."),
    )
    # Content names in the default storage; set from the validated upload.
    image = models.CharField(_("image file"), max_length=200, editable=False)
    thumbnail = models.CharField(max_length=200, editable=False)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    decorative = models.BooleanField(
        _("decorative"),
        default=False,
        help_text=_(
            "Only for images that add nothing a reader needs: they get an empty "
            "alt text and screen readers skip them."
        ),
    )
    alt_en = models.CharField(_("alt text (English)"), max_length=500, blank=True)
    alt_nb = models.CharField(_("alt text (Bokmål)"), max_length=500, blank=True)
    caption_en = models.TextField(_("caption (English)"), max_length=1000, blank=True)
    caption_nb = models.TextField(_("caption (Bokmål)"), max_length=1000, blank=True)
    credit = models.CharField(
        _("creator / credit"),
        max_length=300,
        help_text=_("Who made it, e.g. 'Drawing: Oncolex' or a photographer."),
    )
    licence = models.CharField(_("licence"), max_length=20, choices=Licence)
    source_url = models.URLField(_("source URL"), blank=True)
    clinical_photograph = models.BooleanField(
        _("clinical photograph"),
        default=False,
        help_text=_("A photograph or image of a patient."),
    )
    consent_confirmed = models.BooleanField(
        _("consent is on file"),
        default=False,
        help_text=_(
            "I confirm that the patient's written consent to publication is on file."
        ),
    )
    video = models.CharField(max_length=200, blank=True, editable=False)
    video_type = models.CharField(
        max_length=10, choices=VideoType, blank=True, editable=False
    )
    captions_en = models.CharField(max_length=200, blank=True, editable=False)
    captions_nb = models.CharField(max_length=200, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = pgettext_lazy("one figure", "figure")
        constraints = [
            models.CheckConstraint(
                condition=Q(decorative=True) | (~Q(alt_en="") & ~Q(alt_nb="")),
                name="figure_alt_text_unless_decorative",
            ),
            models.CheckConstraint(
                condition=Q(clinical_photograph=False) | Q(consent_confirmed=True),
                name="figure_clinical_photograph_has_consent",
            ),
            models.CheckConstraint(
                condition=Q(video="")
                | (~Q(video_type="") & ~Q(captions_en="") & ~Q(captions_nb="")),
                name="figure_video_has_captions",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_video(self) -> bool:
        return bool(self.video)


@reversion.register(follow=["figure"])
class FigurePlacement(models.Model):
    """A figure attached to an article under a key its sections use:
    `![Resection lines](figure:whipple-resection)` places it,
    `[Figure](figure:whipple-resection)` refers to it by number."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="figure_placements"
    )
    key = models.SlugField(
        _("key"),
        max_length=80,
        validators=[anchor_validator],
        help_text=_("Used in the text as figure:KEY, e.g. 'whipple-resection'."),
    )
    figure = models.ForeignKey(
        Figure, on_delete=models.PROTECT, related_name="placements"
    )

    class Meta:
        ordering = ["key"]
        verbose_name = _("figure in this article")
        verbose_name_plural = _("figures in this article")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "key"], name="figure_key_unique_in_article"
            )
        ]

    def __str__(self) -> str:
        return f"figure:{self.key}"


class PublishedMedia(models.Model):
    """A file a published article version shows. The media view serves a file
    to readers only while it is listed here for a version of a live article."""

    version = models.ForeignKey(
        "articles.PublishedArticle", on_delete=models.CASCADE, related_name="media"
    )
    name = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["name"])]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "name"], name="published_media_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return self.name
