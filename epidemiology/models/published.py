"""What readers read: one immutable record per approved dataset revision.

Approval writes everything a page needs (the numbers as approved, the rates,
the table HTML, the chart SVG and the CSV text), so a page is one indexed query
and an unapproved import cannot reach a reader by construction. Only
`is_current` and `unpublished_at` change after creation.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from epidemiology.models.working import Dataset
from oncolex.review.versions import PublishedVersion


class PublishedDatasetQuerySet(models.QuerySet):
    def current(self) -> PublishedDatasetQuerySet:
        return self.filter(is_current=True)

    def for_page(self) -> PublishedDatasetQuerySet:
        # The page shows stored HTML; the raw rows and CSV texts stay behind.
        return self.defer("rows", "incidence_csv", "sites_csv")

    def for_embedding(self) -> PublishedDatasetQuerySet:
        # With the trust line: who approved these numbers, when.
        return self.only(
            "dataset_id",
            "slug",
            "title",
            "title_nb",
            "number",
            "approver_name",
            "approved_at",
            "table_html",
        )


class PublishedDataset(PublishedVersion):
    dataset = models.ForeignKey(
        Dataset, on_delete=models.PROTECT, related_name="published_versions"
    )
    # number, revision, submission, is_current, unpublished_at and the approval
    # come from PublishedVersion.

    # The dataset as approved.
    slug = models.SlugField(max_length=100)
    title = models.CharField(max_length=200)
    title_nb = models.CharField(max_length=200, blank=True)
    diagnosis = models.CharField(max_length=200)
    diagnosis_nb = models.CharField(max_length=200, blank=True)
    icd10_codes = models.CharField(max_length=300, blank=True)
    region = models.CharField(max_length=120)
    region_nb = models.CharField(max_length=120, blank=True)
    illustrative = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    note_nb = models.TextField(blank=True)
    source_publisher = models.CharField(max_length=200)
    source_publisher_nb = models.CharField(max_length=200, blank=True)
    source_title = models.CharField(max_length=300)
    source_title_nb = models.CharField(max_length=300, blank=True)
    source_year = models.PositiveSmallIntegerField()
    source_url = models.URLField(max_length=500, blank=True)
    source_retrieved_on = models.DateField()
    standard_name = models.CharField(max_length=200)
    standard_name_nb = models.CharField(max_length=200, blank=True)
    # The change note in Bokmål (datasets are read in both languages).
    change_note_nb = models.TextField(blank=True)
    standard_reference = models.TextField(blank=True)

    # Computed at approval time.
    rows = models.JSONField(default=dict)
    incidence_row_count = models.PositiveIntegerField(default=0)
    site_row_count = models.PositiveIntegerField(default=0)
    rates = models.JSONField(default=list)
    table_html = models.JSONField(default=dict)  # language -> table + source
    chart_svg = models.JSONField(default=dict)  # language -> SVG, may be ""
    incidence_csv = models.TextField(blank=True)
    sites_csv = models.TextField(blank=True)

    objects = PublishedDatasetQuerySet.as_manager()

    class Meta:
        ordering = ["-approved_at", "-number"]
        get_latest_by = "number"
        verbose_name = _("published dataset")
        indexes = [models.Index(fields=["slug", "is_current"])]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "number"], name="published_dataset_number_unique"
            ),
            models.UniqueConstraint(
                fields=["dataset"],
                condition=models.Q(is_current=True),
                name="one_current_version_per_dataset",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("epidemiology:dataset", kwargs={"slug": self.slug})

    def _in(self, name: str, language: str) -> str:
        translated = getattr(self, f"{name}_nb") if language == "nb" else ""
        return translated or getattr(self, name)

    def title_in(self, language: str) -> str:
        return self._in("title", language)

    def diagnosis_in(self, language: str) -> str:
        return self._in("diagnosis", language)

    def region_in(self, language: str) -> str:
        return self._in("region", language)

    def note_in(self, language: str) -> str:
        return self._in("note", language)

    def standard_name_in(self, language: str) -> str:
        return self._in("standard_name", language)

    def change_note_in(self, language: str) -> str:
        return self._in("change_note", language)

    def source_publisher_in(self, language: str) -> str:
        return self._in("source_publisher", language)

    def source_title_in(self, language: str) -> str:
        return self._in("source_title", language)

    def table_html_in(self, language: str) -> str:
        """The stored table and source line, ready to embed (e.g. in an article)."""
        return self.table_html.get(language) or self.table_html.get("en", "")

    def chart_svg_in(self, language: str) -> str:
        """The charts (SVG in figures), or "" if there is nothing to chart."""
        return self.chart_svg.get(language) or self.chart_svg.get("en", "")

    @property
    def has_asr(self) -> bool:
        return any(rate.get("asr") is not None for rate in self.rates)

    @property
    def has_rates(self) -> bool:
        return any(rate.get("crude") is not None for rate in self.rates)

    @property
    def has_incidence(self) -> bool:
        return self.incidence_row_count > 0

    @property
    def has_sites(self) -> bool:
        return self.site_row_count > 0
