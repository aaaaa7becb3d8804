"""What readers read: one immutable record per approved revision.

Everything a public page needs is computed at approval time and stored here, so a
page is one indexed query and a draft cannot reach a reader by construction. Only
`is_current` and `unpublished_at` ever change after creation.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from articles.models.working import (
    Article,
    ArticleKind,
    CancerType,
    ChapterType,
    Language,
    ProcedureType,
)
from oncolex.review.versions import PublishedVersion


class PublishedArticleQuerySet(models.QuerySet):
    def current(self) -> PublishedArticleQuerySet:
        return self.filter(is_current=True)

    def in_language(self, language: str) -> PublishedArticleQuerySet:
        return self.filter(language=language)

    def in_cancer_types(self, ids: object) -> PublishedArticleQuerySet:
        """Versions that belong to any of these cancer types (ids, or a
        subquery of them), read through the links of live versions only."""
        return self.filter(
            cancer_type_links__cancer_type_id__in=ids,
            cancer_type_links__is_current=True,
        )

    def for_listing(self) -> PublishedArticleQuerySet:
        # Lists never need the stored HTML: keep the rows small.
        return self.defer(*self.LARGE_FIELDS, "article_html")

    def for_page(self) -> PublishedArticleQuerySet:
        # What an article page reads: the stored <article> and what links it
        # to its neighbours. Naming the few columns is also cheaper for the
        # ORM to compile than deferring the many.
        return self.only(
            "article_id",
            "number",
            "language",
            "slug",
            "title",
            "summary",  # the page's meta description
            "is_current",
            "unpublished_at",
            "approved_at",
            "next_review_due",
            "translation_article_id",
            "translation_number_at_approval",
            "article_html",
            "content_hash",
        )

    LARGE_FIELDS = (
        "body_html",
        "references_html",
        "toc",
        "anchors",
        "search_text",
        "source",
    )


class PublishedArticle(PublishedVersion):
    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="published_versions"
    )
    # number, revision, submission, is_current, unpublished_at and the approval
    # come from PublishedVersion.

    # The article as it was approved.
    language = models.CharField(max_length=2, choices=Language)
    slug = models.SlugField(max_length=200)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    kind = models.CharField(max_length=16, choices=ArticleKind)
    chapter = models.CharField(max_length=16, choices=ChapterType, blank=True)
    procedure_type = models.CharField(max_length=16, choices=ProcedureType, blank=True)
    # The article's cancer types as readers saw them at approval (their
    # published slugs and names), kept here so that no later change or deletion
    # in the working tables alters a published page. Their ids are in
    # `cancer_type_links`, for filtering.
    cancer_type_snapshot = models.JSONField(default=list)
    translation_article_id = models.BigIntegerField(null=True, blank=True)
    # The twin's live version number when this one was approved: if the twin
    # moves on, readers are told this text may be behind it.
    translation_number_at_approval = models.PositiveIntegerField(null=True, blank=True)
    icd10_codes = models.CharField(max_length=300, blank=True)
    ncsp_codes = models.CharField(max_length=300, blank=True)
    ncmp_codes = models.CharField(max_length=300, blank=True)
    editor_names = models.CharField(max_length=500, blank=True)
    last_reviewed = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)

    # Rendered at approval time.
    article_html = models.TextField(
        blank=True, help_text="The whole <article> element readers see."
    )
    toc = models.JSONField(default=list)
    anchors = models.JSONField(default=list)
    body_html = models.TextField()
    references_html = models.TextField(blank=True)
    search_text = models.TextField(blank=True)
    # The approved source, kept for diffs between published versions: stored
    # reversion data is not migrated with the models, these records are.
    source = models.JSONField(default=dict)
    word_count = models.PositiveIntegerField(default=0)

    objects = PublishedArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-approved_at", "-number"]
        get_latest_by = "number"
        indexes = [
            models.Index(fields=["language", "slug", "is_current"]),
            # Every lookup a public page makes has an index, so a page costs the
            # same with 10 or 10,000 articles and any number of past versions.
            # The twin of a live version (article page):
            models.Index(
                fields=["translation_article_id"],
                condition=models.Q(is_current=True),
                name="published_live_twin",
            ),
            # Live targets of a page's internal links, in any language:
            models.Index(
                fields=["slug"],
                condition=models.Q(is_current=True),
                name="published_live_slug",
            ),
            # Recently published (home page), newest first:
            models.Index(
                fields=["language", "-approved_at"],
                condition=models.Q(is_current=True),
                name="published_live_recent",
            ),
            # The feed: every version, newest first.
            models.Index(
                fields=["language", "-approved_at", "-id"],
                name="published_feed_order",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="published_article_number_unique"
            ),
            # One live article per address.
            models.UniqueConstraint(
                fields=["language", "slug"],
                condition=models.Q(is_current=True),
                name="one_live_article_per_address",
            ),
            models.UniqueConstraint(
                fields=["article"],
                condition=models.Q(is_current=True),
                name="one_current_version_per_article",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"

    def get_absolute_url(self) -> str:
        with translation.override(self.language):
            return reverse("articles:article", kwargs={"slug": self.slug})

    def approved_cancer_types(self) -> list[PublishedCancerType]:
        """The cancer types as approved with this version (unsaved records
        built from the stored snapshot: no query)."""
        return [
            PublishedCancerType(
                cancer_type_id=entry["id"],
                slug=entry["slug"],
                name_en=entry["name_en"],
                name_nb=entry["name_nb"],
            )
            for entry in self.cancer_type_snapshot
        ]

    def cancer_type_names(self, language: str) -> str:
        """The cancer types as approved, named in `language`."""
        key = "name_nb" if language == Language.BOKMAL else "name_en"
        return ", ".join(ct[key] for ct in self.cancer_type_snapshot)

    def is_behind(self, twin: PublishedArticle | None) -> bool:
        """Has the twin been revised since this version was approved? A twin
        first published later counts as this text's translation, not a change."""
        if twin is None:
            return False
        return twin.number > (self.translation_number_at_approval or 1)


class PublishedArticleCancerType(models.Model):
    """Which cancer types a published version belongs to, by the cancer type's
    id: a plain number, not a foreign key, so deleting or changing a cancer
    type never reaches into published records."""

    version = models.ForeignKey(
        PublishedArticle, on_delete=models.CASCADE, related_name="cancer_type_links"
    )
    cancer_type_id = models.PositiveBigIntegerField(db_index=True)
    # False once its version is retired or unpublished (articles.publishing),
    # so that a cancer type's live articles are found without reading the
    # links of every version ever approved. Readers' queries still ask for
    # a live version too: this flag only narrows what they read.
    is_current = models.BooleanField(default=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["cancer_type_id"],
                condition=models.Q(is_current=True),
                name="published_live_cancer_type",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "cancer_type_id"],
                name="published_article_cancer_type_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} in cancer type #{self.cancer_type_id}"


class PublishedCancerTypeQuerySet(models.QuerySet):
    def current(self) -> PublishedCancerTypeQuerySet:
        return self.filter(is_current=True)

    def menu(self) -> PublishedCancerTypeQuerySet:
        return self.current().order_by("menu_position", "name_en")


class PublishedCancerType(PublishedVersion):
    """A cancer type as approved: what the menu, its page, breadcrumbs, the
    sitemap and the search filters show."""

    cancer_type = models.ForeignKey(
        CancerType, on_delete=models.PROTECT, related_name="published_versions"
    )
    slug = models.SlugField()
    name_en = models.CharField(max_length=120)
    name_nb = models.CharField(max_length=120)
    icd10_codes = models.CharField(max_length=200, blank=True)
    menu_position = models.PositiveSmallIntegerField(default=0)

    objects = PublishedCancerTypeQuerySet.as_manager()

    class Meta:
        ordering = ["menu_position", "name_en"]
        get_latest_by = "number"
        verbose_name = _("published cancer type")
        # Every approval of a cancer type adds a row: the address lookup
        # (live version first, else where it moved) must not read them all.
        # The menu reads live rows through the partial unique index below.
        indexes = [
            models.Index(
                fields=["slug", "is_current", "number"],
                name="published_cancer_type_slug",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cancer_type", "number"],
                name="published_cancer_type_number_unique",
            ),
            models.UniqueConstraint(
                fields=["cancer_type"],
                condition=models.Q(is_current=True),
                name="one_current_version_per_cancer_type",
            ),
            # One live cancer type per address (the slug serves both languages).
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(is_current=True),
                name="one_live_cancer_type_per_address",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_en} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("articles:cancer_type", kwargs={"slug": self.slug})

    def name_in(self, language: str) -> str:
        return self.name_nb if language == Language.BOKMAL else self.name_en

    def as_snapshot(self) -> dict[str, object]:
        """What a published article keeps of its cancer type."""
        return {
            "id": self.cancer_type_id,
            "slug": self.slug,
            "name_en": self.name_en,
            "name_nb": self.name_nb,
        }


class PublishedLink(models.Model):
    """An internal `article:` link in a published version, kept so editors can
    be told which live articles point at a page that is gone or changed."""

    version = models.ForeignKey(
        PublishedArticle, on_delete=models.CASCADE, related_name="links"
    )
    target_slug = models.SlugField(max_length=200)
    target_anchor = models.CharField(max_length=120, blank=True)

    class Meta:
        indexes = [models.Index(fields=["target_slug"])]

    def __str__(self) -> str:
        return f"{self.version} -> {self.target_slug}#{self.target_anchor}"


class PublishedCode(models.Model):
    """One clinical code of an article's latest published version, without its
    dots ("C254"), so that the code search is an index range scan ("C25%")
    instead of a scan of every live article's code strings. Rewritten for the
    article at each approval; readers' queries also require the version to be
    live, so an unpublished article's rows are never found."""

    version = models.ForeignKey(
        PublishedArticle, on_delete=models.CASCADE, related_name="codes"
    )
    language = models.CharField(max_length=2, choices=Language)
    code = models.CharField(max_length=16)

    class Meta:
        indexes = [
            # varchar_pattern_ops lets PostgreSQL use the index for LIKE 'C25%'
            # whatever the database's collation; other databases ignore it.
            models.Index(
                fields=["language", "code"],
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
                name="code_prefix",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} -> {self.version}"
