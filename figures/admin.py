from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from reversion.admin import VersionAdmin

from figures import services
from figures.blocks import media_url
from figures.forms import FigureForm
from figures.models import Figure, FigurePlacement


def thumbnail_html(figure: Figure) -> str:
    """The editors' thumbnail (served to signed-in editors only)."""
    if not figure.thumbnail:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="120">',
        media_url(figure.thumbnail),
        figure.alt_en,
    )


@admin.register(Figure)
class FigureAdmin(VersionAdmin):
    form = FigureForm
    list_display = ["preview", "name", "size", "licence", "is_video", "used_in"]
    list_display_links = ["preview", "name"]
    list_filter = ["licence", "clinical_photograph", "decorative"]
    search_fields = ["name", "alt_en", "alt_nb", "caption_en", "caption_nb", "credit"]
    readonly_fields = ["preview", "size", "files"]
    fieldsets = [
        (None, {"fields": ["name", "upload", "preview", "size"]}),
        (
            _("For readers"),
            {
                "fields": [
                    "decorative",
                    "alt_en",
                    "alt_nb",
                    "caption_en",
                    "caption_nb",
                ]
            },
        ),
        (
            _("Rights"),
            {
                "fields": [
                    "credit",
                    "licence",
                    "source_url",
                    "clinical_photograph",
                    "consent_confirmed",
                ]
            },
        ),
        (
            _("Video"),
            {
                "fields": [
                    "video_upload",
                    "captions_en_upload",
                    "captions_nb_upload",
                    "remove_video",
                ]
            },
        ),
        (_("Stored files"), {"fields": ["files"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("placements__article")

    def save_model(
        self, request: HttpRequest, obj: Figure, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        if change:
            services.revise_placing_articles(obj)

    @admin.display(description=_("preview"))
    def preview(self, obj: Figure) -> str:
        return thumbnail_html(obj)

    @admin.display(description=_("size"))
    def size(self, obj: Figure) -> str:
        return f"{obj.width} x {obj.height}" if obj.width else "—"

    @admin.display(description=_("video"), boolean=True)
    def is_video(self, obj: Figure) -> bool:
        return obj.is_video

    @admin.display(description=_("used in"))
    def used_in(self, obj: Figure) -> str:
        return ", ".join(str(p.article) for p in obj.placements.all()) or "—"

    @admin.display(description=_("stored files (SHA-256 names)"))
    def files(self, obj: Figure) -> str:
        names = [obj.image, obj.video, obj.captions_en, obj.captions_nb]
        return ", ".join(name for name in names if name) or "—"


class FigurePlacementInline(admin.TabularInline):
    model = FigurePlacement
    extra = 0
    fields = ["key", "figure", "preview"]
    readonly_fields = ["preview"]
    autocomplete_fields = ["figure"]
    verbose_name = pgettext_lazy("one figure", "figure")
    verbose_name_plural = _(
        "figures: place one in a section with ![Alt text](figure:KEY), refer to "
        "it with [Figure](figure:KEY)"
    )

    @admin.display(description=_("preview"))
    def preview(self, obj: FigurePlacement) -> str:
        return thumbnail_html(obj.figure) if obj.pk else "—"
