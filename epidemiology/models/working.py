"""The working copy editors change. Readers never read these tables."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

import reversion
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from epidemiology.models.standards import StandardPopulation
from epidemiology.tables import (
    AGE_GROUP_CHOICES,
    AGE_GROUPS,
    Sex,
    parse_incidence_text,
    parse_site_text,
)
from oncolex.review.versions import PublishedVersionsMixin

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from epidemiology.tables import IncidenceRecord, SiteShareRecord
    from oncolex.review.models import Submission

slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Use lowercase letters, digits and single hyphens, e.g. 'net-norway-2013'."),
    code="invalid_slug",
)

# WHO ICD-10 as used in Norway: C17, C25.4, and ranges such as C18.0-C18.9.
_ICD10 = re.compile(
    r"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,2})?(-[A-Z][0-9]{2}(\.[0-9A-Z]{1,2})?)?$"
)


@deconstructible
class ICD10ListValidator:
    def __call__(self, value: str) -> None:
        bad = [
            code
            for code in re.split(r"[\s,;]+", value.strip().upper())
            if code and not _ICD10.fullmatch(code)
        ]
        if bad:
            raise ValidationError(
                _("Not ICD-10 codes: %(codes)s. Write e.g. C17, C25.4 or C18.0-C18.9."),
                code="invalid_icd10",
                params={"codes": ", ".join(bad)},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ICD10ListValidator)


@reversion.register()
class Source(models.Model):
    publisher = models.CharField(
        _("publisher"), max_length=200, help_text=_("E.g. Cancer Registry of Norway.")
    )
    publisher_nb = models.CharField(
        _("publisher (Bokmål)"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Kreftregisteret. Empty: the publisher above is shown."),
    )
    title = models.CharField(_("title"), max_length=300)
    title_nb = models.CharField(
        _("title (Bokmål)"),
        max_length=300,
        blank=True,
        help_text=_(
            "Only for a source of our own; a published work keeps its own title. "
            "Empty: the title above is shown."
        ),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1800), MaxValueValidator(2100)]
    )
    url = models.URLField(
        _("URL"),
        max_length=500,
        blank=True,
        help_text=_("Leave empty when the source has no stable address."),
    )
    retrieved_on = models.DateField(_("date retrieved"))

    class Meta:
        ordering = ["publisher", "-year", "title"]
        verbose_name = _("source")

    def __str__(self) -> str:
        return f"{self.publisher}: {self.title} ({self.year})"


# The row tables are versioned as part of the dataset (its canonical text
# fields), not row by row: see `epidemiology/tables.py`.
@reversion.register(follow=["source"], exclude=["rows_digest"])
class Dataset(PublishedVersionsMixin, models.Model):
    slug = models.SlugField(max_length=100, unique=True, validators=[slug_validator])
    title = models.CharField(_("title (English)"), max_length=200)
    title_nb = models.CharField(_("title (Bokmål)"), max_length=200, blank=True)
    diagnosis = models.CharField(
        _("diagnosis (English)"),
        max_length=200,
        help_text=_("E.g. neuroendocrine tumours."),
    )
    diagnosis_nb = models.CharField(
        _("diagnosis (Bokmål)"),
        max_length=200,
        blank=True,
        help_text=_("E.g. nevroendokrine svulster. Empty: the English is shown."),
    )
    icd10_codes = models.CharField(
        _("ICD-10 codes"),
        max_length=300,
        blank=True,
        validators=[ICD10ListValidator()],
        help_text=_("WHO ICD-10 codes the dataset covers, if any."),
    )
    region = models.CharField(
        _("region (English)"), max_length=120, help_text=_("E.g. Norway.")
    )
    region_nb = models.CharField(
        _("region (Bokmål)"),
        max_length=120,
        blank=True,
        help_text=_("E.g. Norge. Empty: the English is shown."),
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="datasets",
        verbose_name=_("source"),
    )
    standard_population = models.ForeignKey(
        StandardPopulation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("standard population"),
        help_text=_("Used for age-standardised rates."),
    )
    illustrative = models.BooleanField(
        _("illustrative numbers"),
        default=False,
        help_text=_(
            "Tick when the numbers are made up for demonstration; readers then see "
            "a notice saying so."
        ),
    )
    note = models.TextField(
        _("note for readers (English)"),
        blank=True,
        max_length=2000,
        help_text=_("What is counted, and anything a reader must know."),
    )
    note_nb = models.TextField(
        _("note for readers (Bokmål)"), blank=True, max_length=2000
    )
    incidence_table = models.TextField(editable=False, blank=True)
    site_table = models.TextField(editable=False, blank=True)
    # Digest of the two tables as last copied into the row models; reverting a
    # revision restores the tables but not this, so the copy is rebuilt.
    rows_digest = models.CharField(max_length=64, editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("dataset")

    def __str__(self) -> str:
        return self.title

    def title_in(self, language: str) -> str:
        return self.title_nb if language == "nb" and self.title_nb else self.title

    def incidence_records(self) -> list[IncidenceRecord]:
        return (
            parse_incidence_text(self.incidence_table) if self.incidence_table else []
        )

    def site_records(self) -> list[SiteShareRecord]:
        return parse_site_text(self.site_table) if self.site_table else []

    # The review protocol (oncolex.review.protocol.Reviewable); the state half
    # comes from PublishedVersionsMixin.

    # Readers read datasets in both languages: the approver may give the
    # change note in Bokmål too (oncolex.review.services.approve).
    bilingual_change_note = True

    def publish_revision(
        self,
        *,
        submission: Submission,
        approver: AbstractBaseUser,
        approved_at: datetime.datetime,
        note: str,
        note_nb: str = "",
    ) -> models.Model:
        from epidemiology.publishing import publish_dataset_revision

        return publish_dataset_revision(
            self,
            submission=submission,
            approver=approver,
            approved_at=approved_at,
            note=note,
            note_nb=note_nb,
        )

    def render_revision_html(self, revision_id: int) -> tuple[str, list[str]]:
        from epidemiology.publishing import preview_revision

        return preview_revision(self, revision_id)

    def render_revision_diff(
        self, old_revision_id: int | None, new_revision_id: int
    ) -> str:
        from epidemiology.publishing import revision_diff_html

        return revision_diff_html(self, old_revision_id, new_revision_id)


class IncidenceRow(models.Model):
    """One row of a dataset's incidence table, copied from its canonical text
    for browsing and filtering in the admin."""

    dataset = models.ForeignKey(
        Dataset, on_delete=models.CASCADE, related_name="incidence_rows"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sex = models.CharField(_("sex"), max_length=6, choices=Sex)
    age_group = models.CharField(
        _("age group"), max_length=5, choices=AGE_GROUP_CHOICES
    )
    cases = models.PositiveIntegerField(_("new cases"))
    population = models.PositiveIntegerField(
        _("population at risk"), null=True, blank=True
    )

    class Meta:
        ordering = ["dataset", "year", "sex", "age_group"]
        verbose_name = _("incidence row")
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "year", "sex", "age_group"],
                name="incidence_row_unique_key",
            ),
            models.CheckConstraint(
                condition=models.Q(sex__in=Sex.values), name="incidence_row_sex"
            ),
            models.CheckConstraint(
                condition=models.Q(age_group__in=AGE_GROUPS),
                name="incidence_row_age_group",
            ),
            models.CheckConstraint(
                condition=models.Q(population__isnull=True)
                | models.Q(cases__lte=models.F("population")),
                name="incidence_row_cases_within_population",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.sex} {self.age_group}: {self.cases}"


class SiteShareRow(models.Model):
    dataset = models.ForeignKey(
        Dataset, on_delete=models.CASCADE, related_name="site_rows"
    )
    position = models.PositiveSmallIntegerField(default=0)
    site = models.CharField(_("site"), max_length=120)
    site_nb = models.CharField(_("site (Bokmål)"), max_length=120, blank=True)
    share = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["dataset", "position"]
        verbose_name = _("site-distribution row")
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "site"], name="site_share_row_unique_site"
            ),
            models.CheckConstraint(
                condition=models.Q(share__gte=0, share__lte=100),
                name="site_share_row_percentage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site}: {self.share} %"
