"""The working copy that editors change. Readers never read these tables (except
the cancer-type menu, which is navigation, not clinical content)."""

from __future__ import annotations

import reversion
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from articles.codes import ICD10Validator, NCMPValidator, NCSPValidator

anchor_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Use lowercase letters, digits and single hyphens, e.g. 'grading'."),
    code="invalid_anchor",
)
pmid_validator = RegexValidator(
    r"^[1-9][0-9]{0,8}$", _("A PMID is a number such as 18853416."), code="invalid_pmid"
)
doi_validator = RegexValidator(
    r"^10\.[0-9]{4,9}/\S+$",
    _("A DOI starts with 10. and a registrant code, e.g. 10.1002/cncr.23883."),
    code="invalid_doi",
)


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    BOKMAL = "nb", _("Norwegian Bokmål")


class ArticleKind(models.TextChoices):
    CHAPTER = "chapter", _("chapter of a cancer type")
    PROCEDURE = "procedure", _("procedure")


class ChapterType(models.TextChoices):
    BACKGROUND = "background", _("background")
    DIAGNOSTICS = "diagnostics", _("diagnostics")
    TREATMENT = "treatment", _("treatment")
    FOLLOW_UP = "follow_up", _("follow-up")


class ProcedureType(models.TextChoices):
    DIAGNOSTIC = "diagnostic", _("diagnostic")
    SURGERY = "surgery", _("surgery")
    RADIATION = "radiation", _("radiation therapy")
    MEDICAL = "medical", _("medical treatment")
    SUPPORTIVE = "supportive", _("supportive care")


@reversion.register()
class CancerType(models.Model):
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_nb = models.CharField(_("name (Bokmål)"), max_length=120)
    slug = models.SlugField(unique=True, validators=[anchor_validator])
    icd10_codes = models.CharField(
        _("ICD-10 codes"), max_length=200, blank=True, validators=[ICD10Validator()]
    )
    menu_position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["menu_position", "name_en"]
        verbose_name = _("cancer type")

    def __str__(self) -> str:
        return self.name_en

    def get_absolute_url(self) -> str:
        return reverse("articles:cancer_type", kwargs={"slug": self.slug})

    def name_in(self, language: str) -> str:
        return self.name_nb if language == Language.BOKMAL else self.name_en


@reversion.register(follow=["sections", "references", "figure_placements"])
class Article(models.Model):
    kind = models.CharField(max_length=16, choices=ArticleKind)
    chapter = models.CharField(
        _("chapter"),
        max_length=16,
        choices=ChapterType,
        blank=True,
        help_text=_("For chapters of a cancer type."),
    )
    procedure_type = models.CharField(
        max_length=16,
        choices=ProcedureType,
        blank=True,
        help_text=_("For procedures."),
    )
    cancer_types = models.ManyToManyField(CancerType, related_name="articles")
    language = models.CharField(max_length=2, choices=Language)
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, validators=[anchor_validator])
    translation = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translated_from",
        help_text=_("The same article in the other language."),
    )
    summary = models.TextField(max_length=600)
    icd10_codes = models.CharField(
        _("ICD-10 codes"), max_length=300, blank=True, validators=[ICD10Validator()]
    )
    ncsp_codes = models.CharField(
        _("NCSP codes"), max_length=300, blank=True, validators=[NCSPValidator()]
    )
    ncmp_codes = models.CharField(
        _("NCMP codes"), max_length=300, blank=True, validators=[NCMPValidator()]
    )
    medical_editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="edited_articles", blank=True
    )
    last_reviewed = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                "language", Lower("slug"), name="article_slug_unique_per_language"
            ),
            models.CheckConstraint(
                condition=models.Q(next_review_due__isnull=True)
                | models.Q(last_reviewed__isnull=True)
                | models.Q(next_review_due__gt=models.F("last_reviewed")),
                name="article_next_review_after_last_review",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="chapter") & ~models.Q(chapter=""))
                | (models.Q(kind="procedure") & ~models.Q(procedure_type="")),
                name="article_kind_has_its_type",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"

    def get_absolute_url(self) -> str:
        with translation.override(self.language):
            return reverse("articles:article", kwargs={"slug": self.slug})


@reversion.register()
class Section(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField(max_length=200)
    anchor = models.SlugField(
        max_length=80,
        validators=[anchor_validator],
        help_text=_("Stable link target, e.g. 'grading'. Unique in the article."),
    )
    body = models.TextField(help_text=_("Markdown. Cite references as [1]."))
    dataset = models.ForeignKey(
        "epidemiology.Dataset",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "A table shown after this section: readers see the dataset's own "
            "published version, approved separately."
        ),
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "anchor"], name="section_anchor_unique_in_article"
            )
        ]

    def __str__(self) -> str:
        return self.heading


@reversion.register()
class Reference(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="references"
    )
    position = models.PositiveSmallIntegerField(default=0)
    authors = models.CharField(max_length=500)
    title = models.CharField(max_length=500)
    journal = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1800), MaxValueValidator(2100)]
    )
    pmid = models.CharField(
        "PMID", max_length=9, blank=True, validators=[pmid_validator]
    )
    doi = models.CharField(
        "DOI", max_length=200, blank=True, validators=[doi_validator]
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.authors} ({self.year}) {self.title}"


class ArticleDueForReview(Article):
    """Articles seen through the review cycle: a list in the admin."""

    class Meta:
        proxy = True
        verbose_name = _("article due for review")
        verbose_name_plural = _("review cycle: articles due")
