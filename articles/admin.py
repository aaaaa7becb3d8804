from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import translation
from django.utils.csp import build_policy
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.admin import VersionAdmin
from reversion.models import Revision, Version

from articles import editorial
from articles.cancer_types import live_articles_of
from articles.forms import ArticleAdminForm, SectionForm
from articles.models import (
    Article,
    ArticleDueForReview,
    CancerType,
    PublishedCancerType,
    Reference,
    Section,
)
from articles.publishing import ARTICLES, preview_page
from articles.services import link_translation
from figures.admin import FigurePlacementInline
from oncolex import dates
from oncolex.people import PersonChoiceField, PersonListFilter
from oncolex.review.admin import ReviewableAdminMixin
from oncolex.review.services import latest_revision_id
from oncolex.text import CleanTextModelForm
from workspace.admin_hooks import ResolveCommentsAdminMixin, SectionCommentsInlineMixin
from workspace.drafts import record_problems


@admin.register(CancerType)
class CancerTypeAdmin(ReviewableAdminMixin, VersionAdmin):
    """Cancer types are reviewed: a change reaches readers when approved."""

    form = CleanTextModelForm
    list_display = ["name_en", "name_nb", "slug", "icd10_codes", "menu_position"]
    list_editable = ["menu_position"]
    search_fields = ["name_en", "name_nb", "icd10_codes"]
    prepopulated_fields = {"slug": ["name_en"]}

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple:
        # The admin's own confirmation page lists what protects the object:
        # here also the live articles that belong to it (cancer_types.py).
        deleted, counts, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        for cancer_type in objs:
            protected.extend(
                _("Live article: %(article)s") % {"article": version}
                for version in live_articles_of(cancer_type)
            )
        if protected:
            # Nothing is deleted anyway: name what protects it rather than the
            # published records nobody may delete.
            perms_needed = set()
        return deleted, counts, perms_needed, protected


@admin.register(PublishedCancerType)
class PublishedCancerTypeAdmin(admin.ModelAdmin):
    """Approved cancer-type versions, with their seals: written by approval only."""

    list_display = [
        "name_en",
        "slug",
        "number",
        "is_current",
        "approver_name",
        "approved_at",
        "short_hash",
    ]
    list_filter = ["is_current"]
    search_fields = ["name_en", "name_nb", "slug"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SectionInline(SectionCommentsInlineMixin, admin.StackedInline):
    model = Section
    form = SectionForm
    extra = 0
    min_num = 1


class ReferenceInline(admin.TabularInline):
    model = Reference
    form = CleanTextModelForm
    extra = 0
    fields = ["position", "authors", "title", "journal", "year", "pmid", "doi"]


class ReviewDueFilter(admin.SimpleListFilter):
    title = gettext_lazy("review due")
    parameter_name = "review_due"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("overdue", gettext_lazy("overdue")),
            ("soon", gettext_lazy("within 30 days")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        today = dates.today()
        if self.value() == "overdue":
            return queryset.filter(next_review_due__lt=today)
        if self.value() == "soon":
            return queryset.filter(
                next_review_due__gte=today,
                next_review_due__lte=today + datetime.timedelta(days=30),
            )
        return queryset


@admin.display(description=gettext_lazy("next review"), ordering="next_review_due")
def next_review(obj: Article) -> str:
    """The next-review date, or "overdue since <date>" once it has passed."""
    if obj.next_review_due is None:
        return ""
    shown = date_format(obj.next_review_due, "DATE_FORMAT")
    if dates.review_overdue(obj.next_review_due):
        return format_html(
            '<strong class="review-overdue">{}</strong>',
            _("overdue since %(date)s") % {"date": shown},
        )
    return shown


@admin.register(Article)
class ArticleAdmin(ResolveCommentsAdminMixin, ReviewableAdminMixin, VersionAdmin):
    form = ArticleAdminForm
    inlines = [SectionInline, ReferenceInline, FigurePlacementInline]
    object_history_template = "admin/articles/article/object_history.html"
    # The history page says "newest first": django-reversion lists oldest first
    # unless told.
    history_latest_first = True
    change_form_template = "admin/articles/article/change_form.html"
    list_display = ["title", "language", "kind", next_review, "updated_at"]
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
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "language",
                    "translation",
                    "summary",
                    "based_on_revision",
                ]
            },
        ),
        (
            gettext_lazy("Place"),
            {"fields": ["kind", "chapter", "procedure_type", "cancer_types"]},
        ),
        (
            gettext_lazy("Codes"),
            {"fields": ["icd10_codes", "ncsp_codes", "ncmp_codes"]},
        ),
        (
            gettext_lazy("Responsibility"),
            {"fields": ["medical_editors", "last_reviewed", "next_review_due"]},
        ),
    ]

    def formfield_for_manytomany(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "medical_editors":
            kwargs["form_class"] = PersonChoiceField
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/compare/",
                wrap(self.compare_view),
                name="articles_article_compare",
            ),
            path(
                "<int:pk>/preview/",
                wrap(self.preview_view),
                name="articles_article_preview_latest",
            ),
            path(
                "<int:pk>/preview/<int:revision_id>/",
                wrap(self.preview_view),
                name="articles_article_preview",
            ),
            *super().get_urls(),
        ]

    def save_model(
        self, request: HttpRequest, obj: Article, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        link_translation(article=obj)

    def response_change(self, request: HttpRequest, obj: Article) -> HttpResponse:
        self._report_link_problems(request, obj)
        if request.resolver_match and request.resolver_match.url_name == (
            "articles_article_revision"
        ):
            # A revert saved the old text as a new draft: say so, and stay on
            # the article, where "Submit for review" is.
            messages.success(
                request,
                _(
                    "The earlier revision was restored as a new draft. Readers "
                    "still see the published version: submit the draft for "
                    "review to publish it."
                ),
            )
            return HttpResponseRedirect(
                reverse("admin:articles_article_change", args=[obj.pk])
            )
        return super().response_change(request, obj)

    def response_add(
        self, request: HttpRequest, obj: Article, post_url_continue: str | None = None
    ) -> HttpResponse:
        self._report_link_problems(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def _report_link_problems(self, request: HttpRequest, obj: Article) -> None:
        # Readers would see these links as plain text: tell the editor now,
        # not when the approver finds them; the dashboard keeps the list.
        problems = editorial.draft_link_problems(obj)
        for problem in problems:
            messages.warning(request, problem)
        record_problems(article=obj, problems=problems, user=request.user)

    def review_status(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        status = super().review_status(request, obj)
        status["translation_notice"] = editorial.translation_notice(obj)
        status["inbound_problems"] = editorial.inbound_link_problems(obj)
        if dates.review_overdue(obj.next_review_due):
            status["overdue_since"] = obj.next_review_due
        return status

    def history_view(
        self,
        request: HttpRequest,
        object_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        obj = get_object_or_404(Article, pk=object_id)
        # Preselected: what readers see now <-> what the editors saved last
        # (or the two newest revisions when those are one and the same).
        published = ARTICLES.published_revision_id(obj)
        latest = latest_revision_id(obj)
        extra = {
            **(extra_context or {}),
            "review_states": editorial.review_states(obj),
            "reader_numbers": editorial.reader_numbers(obj),
            "compare_from": published if published != latest else None,
            "compare_to": latest,
        }
        return super().history_view(request, object_id, extra)

    def preview_view(
        self, request: HttpRequest, pk: int, revision_id: int | None = None
    ) -> HttpResponse:
        """A revision (by default the latest saved one) in the public article
        template, marked as not approved. Staff only (the admin's login), never
        cached (the admin's never_cache, and the page cache skips /admin/)."""
        article = get_object_or_404(Article, pk=pk)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        if revision_id is None:
            revision_id = latest_revision_id(article)
        revisions = Version.objects.get_for_object(article).values_list(
            "revision_id", flat=True
        )
        if revision_id is None or revision_id not in set(revisions):
            raise Http404(_("This article has no such revision."))
        preview = preview_page(article, revision_id)
        with translation.override(preview.version.language):
            response = TemplateResponse(
                request,
                "articles/preview.html",
                {
                    "version": preview.version,
                    "article_html": preview.article_html,
                    "translation": preview.translation,
                    "behind": False,
                    "revision_id": revision_id,
                    "problems": preview.problems,
                    "change_url": reverse(
                        "admin:articles_article_change", args=[article.pk]
                    ),
                },
            )
            response.render()
        # What readers get: the public pages' policy (no script at all), not
        # the admin's.
        response.headers["Content-Security-Policy"] = build_policy(settings.SECURE_CSP)
        return response

    def compare_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The rendered diff (or with ?view=source the Markdown diff) of any two
        saved revisions."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        article = get_object_or_404(Article, pk=pk)
        revision_ids = set(
            Version.objects.get_for_object(article).values_list(
                "revision_id", flat=True
            )
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
        }
        try:
            old_id = int(request.GET.get("from", ""))
            new_id = int(request.GET.get("to", ""))
        except ValueError:
            old_id = new_id = -1
        if not {old_id, new_id} <= revision_ids:
            messages.error(request, _("Choose two revisions of this article."))
            return TemplateResponse(
                request,
                "admin/articles/article/compare.html",
                {**context, "title": _("Compare revisions")},
                status=400,
            )
        old_id, new_id = sorted((old_id, new_id))
        source = request.GET.get("view") == "source"
        render = ARTICLES.source_diff if source else ARTICLES.diff
        old_revision = Revision.objects.select_related("user").get(pk=old_id)
        new_revision = Revision.objects.select_related("user").get(pk=new_id)
        context |= {
            "title": _("Compare revisions of %(article)s") % {"article": article},
            "old_revision": old_revision,
            "new_revision": new_revision,
            "revisions": [old_revision]
            if old_id == new_id
            else [old_revision, new_revision],
            "reader_numbers": editorial.reader_numbers(article),
            "same": old_id == new_id,
            "source": source,
            "diff_html": "" if old_id == new_id else render(article, old_id, new_id),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)


@admin.register(ArticleDueForReview)
class ArticleDueForReviewAdmin(admin.ModelAdmin):
    """The review cycle: articles whose next review is past or within 30 days."""

    list_display = ["title", "language", next_review, "last_reviewed", "editors"]
    list_filter = [
        "language",
        "kind",
        "cancer_types",
        ReviewDueFilter,
        ("medical_editors", PersonListFilter),
    ]
    search_fields = ["title", "medical_editors__last_name"]
    ordering = ["next_review_due"]
    sortable_by = ["title", "language", "next_review", "last_reviewed"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        soon = dates.today() + datetime.timedelta(days=30)
        return (
            super()
            .get_queryset(request)
            .filter(next_review_due__lte=soon)
            .prefetch_related("medical_editors")
        )

    @admin.display(description=gettext_lazy("medical editors"))
    def editors(self, obj: Article) -> str:
        return ", ".join(
            u.get_full_name() or u.get_username() for u in obj.medical_editors.all()
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("articles.view_article")
