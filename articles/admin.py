from __future__ import annotations

import datetime
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from articles.forms import ArticleAdminForm, SectionForm
from articles.models import Article, CancerType, Reference, Section
from articles.services import link_translation
from oncolex.review.admin import ReviewableAdminMixin


@admin.register(CancerType)
class CancerTypeAdmin(VersionAdmin):
    list_display = ["name_en", "name_nb", "slug", "icd10_codes", "menu_position"]
    list_editable = ["menu_position"]
    search_fields = ["name_en", "name_nb", "icd10_codes"]
    prepopulated_fields = {"slug": ["name_en"]}


class SectionInline(admin.StackedInline):
    model = Section
    form = SectionForm
    extra = 0
    min_num = 1


class ReferenceInline(admin.TabularInline):
    model = Reference
    extra = 0
    fields = ["position", "authors", "title", "journal", "year", "pmid", "doi"]


class ReviewDueFilter(admin.SimpleListFilter):
    title = _("review due")
    parameter_name = "review_due"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("overdue", _("overdue")), ("soon", _("within 30 days"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        today = datetime.date.today()
        if self.value() == "overdue":
            return queryset.filter(next_review_due__lt=today)
        if self.value() == "soon":
            return queryset.filter(
                next_review_due__gte=today,
                next_review_due__lte=today + datetime.timedelta(days=30),
            )
        return queryset


@admin.register(Article)
class ArticleAdmin(ReviewableAdminMixin, VersionAdmin):
    form = ArticleAdminForm
    inlines = [SectionInline, ReferenceInline]
    list_display = [
        "title",
        "language",
        "kind",
        "next_review_due",
        "updated_at",
    ]
    list_filter = [
        "language",
        "kind",
        "procedure_type",
        "cancer_types",
        ReviewDueFilter,
    ]
    search_fields = ["title", "slug", "summary", "icd10_codes", "ncsp_codes"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["cancer_types", "medical_editors"]
    autocomplete_fields = ["translation"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "language", "translation", "summary"]}),
        (_("Place"), {"fields": ["kind", "chapter", "procedure_type", "cancer_types"]}),
        (_("Codes"), {"fields": ["icd10_codes", "ncsp_codes", "ncmp_codes"]}),
        (
            _("Responsibility"),
            {"fields": ["medical_editors", "last_reviewed", "next_review_due"]},
        ),
    ]

    def save_model(
        self, request: HttpRequest, obj: Article, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        link_translation(article=obj)
