from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleKind, Section
from articles.slugs import slugify_anchor
from oncolex.review.services import latest_revision_id
from oncolex.review.stale import revision_saved_since
from oncolex.text import CleanTextModelForm


def normalise_newlines(text: str) -> str:
    # Browsers post textareas with CRLF; store one form so diffs show only what
    # the editor changed.
    return text.replace("\r\n", "\n").replace("\r", "\n")


class NewlineNormalisedField(forms.CharField):
    """A textarea field whose value is normalised before anything compares it:
    in `clean` and in `has_changed` alike. Normalising only in `clean_<field>`
    made every untouched inline look changed (CRLF posted, LF stored), so every
    save re-saved every section and named all of them in the change message."""

    def to_python(self, value: object) -> str:
        return normalise_newlines(super().to_python(value))


class ArticleAdminForm(CleanTextModelForm):
    # The revision the editor started from. If someone saved since, the save is
    # refused instead of silently overwriting their work (sections included).
    based_on_revision = forms.IntegerField(
        widget=forms.HiddenInput, required=False, label=""
    )

    class Meta:
        model = Article
        fields = [
            "title", "slug", "language", "translation", "summary", "kind", "chapter",
            "procedure_type", "cancer_types", "icd10_codes", "ncsp_codes",
            "ncmp_codes", "medical_editors", "last_reviewed", "next_review_due",
            "based_on_revision",
        ]  # fmt: skip
        field_classes = {"summary": NewlineNormalisedField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["based_on_revision"] = latest_revision_id(self.instance)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self._refuse_stale_save(data.get("based_on_revision"))
        kind = data.get("kind")
        cancer_types = data.get("cancer_types")
        if kind == ArticleKind.CHAPTER:
            if not data.get("chapter"):
                self.add_error("chapter", _("A chapter needs its chapter type."))
            if data.get("procedure_type"):
                self.add_error("procedure_type", _("Only procedures have a type."))
            if cancer_types is not None and len(cancer_types) != 1:
                self.add_error(
                    "cancer_types", _("A chapter belongs to exactly one cancer type.")
                )
        elif kind == ArticleKind.PROCEDURE:
            if not data.get("procedure_type"):
                self.add_error("procedure_type", _("A procedure needs its type."))
            if data.get("chapter"):
                self.add_error("chapter", _("Only chapters have a chapter type."))
        translation = data.get("translation")
        if translation is not None:
            if translation.language == data.get("language"):
                self.add_error(
                    "translation", _("The translation must be in the other language.")
                )
            elif self.instance.pk and translation.pk == self.instance.pk:
                self.add_error("translation", _("An article cannot translate itself."))
        last, due = data.get("last_reviewed"), data.get("next_review_due")
        if last and due and due <= last:
            self.add_error(
                "next_review_due", _("The next review must come after the last one.")
            )
        return data

    def _refuse_stale_save(self, based_on: int | None) -> None:
        revision = revision_saved_since(self.instance, based_on)
        if revision is None:
            return
        latest = revision.pk
        who = revision.user.get_full_name() if revision.user else _("someone")
        compare = reverse("admin:articles_article_compare", args=[self.instance.pk])
        raise forms.ValidationError(
            format_html(
                '{} <a href="{}?from={}&amp;to={}">{}</a>',
                _(
                    "%(who)s saved this article at %(when)s, after you opened it. "
                    "Nothing of yours was saved, and nothing of theirs was "
                    "overwritten. Copy your changes, reload the page and apply "
                    "them again."
                )
                % {
                    "who": who or revision.user.get_username(),
                    "when": date_format(
                        localtime(revision.date_created), "DATETIME_FORMAT"
                    ),
                },
                compare,
                based_on or latest,
                latest,
                _("See what they changed"),
            ),
            code="stale",
        )


class SectionForm(CleanTextModelForm):
    class Meta:
        model = Section
        fields = ["position", "heading", "anchor", "body", "dataset"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12, "cols": 90})}
        field_classes = {"body": NewlineNormalisedField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["anchor"].required = False

    def clean_anchor(self) -> str:
        # Left empty, the anchor follows the heading; once set it stays stable.
        anchor = self.cleaned_data.get("anchor") or slugify_anchor(
            self.data.get(self.add_prefix("heading"), "")
        )
        if not anchor:
            raise forms.ValidationError(
                _("Give the section an anchor."), code="required"
            )
        return anchor
