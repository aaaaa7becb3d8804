"""What readers type into the finding pages, checked. Every form here is a GET
form: a bad value is reported next to its field and then ignored, so the page
still answers with what it can."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from articles.codes import normalise_code_query
from articles.models import ArticleKind, ProcedureType, PublishedCancerType
from articles.search import (
    ALL_PROCEDURES,
    MAX_QUERY_LENGTH,
    shortened,
    without_controls,
)

MIN_CODE_LENGTH = 2
# The longest code we store has six characters without its dot (WBOC03, C25.45).
MAX_CODE_LENGTH = 8
_CODE = re.compile(r"^[A-Z0-9]+$")


class FindingBoundField(forms.BoundField):
    """Adds the <option>s of a select, built in Python: Django's widget
    templates take milliseconds for 45 cancer types, and these pages have a
    15 ms budget (see articles/templates/articles/_field.html)."""

    @property
    def options_html(self) -> SafeString:
        current = self.value()
        # Every value and label is escaped; format_html() per option would
        # double the cost of a select of 45 cancer types.
        return mark_safe(
            "\n".join(
                f'<option value="{escape(value)}"'
                f"{' selected' if value == current else ''}>{escape(label)}</option>"
                for value, label in self.field.choices
            )
        )


class QueryField(forms.CharField):
    widget = forms.SearchInput

    def to_python(self, value: Any) -> str:
        # Before validation, so a stray NUL is dropped rather than refused.
        return without_controls(super().to_python(value))


def cancer_type_choices(
    cancer_types: list[PublishedCancerType], language: str
) -> list[tuple[str, str]]:
    return [
        ("", _("All cancer types")),
        *((ct.slug, ct.name_in(language)) for ct in cancer_types),
    ]


class _FindingForm(forms.Form):
    """Shared by the finding forms: the cancer types come from the caller (one
    query per page), and labels carry no colon."""

    bound_field_class = FindingBoundField

    def __init__(
        self,
        data: Any,
        *,
        cancer_types: list[PublishedCancerType],
        language: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, label_suffix="", **kwargs)
        self.cancer_types = {ct.slug: ct for ct in cancer_types}
        if "cancer_type" in self.fields:
            self.fields["cancer_type"].choices = cancer_type_choices(
                cancer_types, language
            )

    def value(self, name: str) -> Any:
        """The cleaned value, or None if it was missing or refused."""
        self.is_valid()
        return self.cleaned_data.get(name) or None

    @property
    def cancer_type(self) -> PublishedCancerType | None:
        return self.cancer_types.get(self.value("cancer_type") or "")


def _cancer_type_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Cancer type"),
        required=False,
        error_messages={
            "invalid_choice": _(
                "There is no cancer type “%(value)s”; showing all cancer types."
            )
        },
    )


class SearchForm(_FindingForm):
    # Set by clean_q when the reader's query was too long to search as typed.
    shortened = False

    q = QueryField(label=_("Search for"), required=False)
    cancer_type = _cancer_type_field()
    kind = forms.ChoiceField(
        label=_("Kind of article"),
        required=False,
        choices=[
            ("", _("Chapters and procedures")),
            (ArticleKind.CHAPTER, _("Chapters")),
            (ALL_PROCEDURES, _("All procedures")),
            *((value, capfirst(label)) for value, label in ProcedureType.choices),
        ],
        error_messages={
            "invalid_choice": _(
                "There is no kind of article “%(value)s”; showing every kind."
            )
        },
    )

    def clean_q(self) -> str:
        query = self.cleaned_data["q"]
        if len(query) <= MAX_QUERY_LENGTH:
            return query
        self.shortened = True
        query = shortened(query)
        # Show what was searched for, not what was typed.
        self.data = self.data.copy()
        self.data["q"] = query
        return query

    @property
    def has_filters(self) -> bool:
        return self.cancer_type is not None or self.value("kind") is not None


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code or its beginning"),
        required=False,
        help_text=_(
            "ICD-10, NCSP or NCMP; two characters are enough, e.g. C1 or JL. "
            "Case, dots and spaces do not matter."
        ),
    )

    def __init__(self, data: Any, **kwargs: Any) -> None:
        super().__init__(data, label_suffix="", **kwargs)

    def clean_code(self) -> str:
        code = normalise_code_query(self.cleaned_data["code"])
        if not code:
            return ""
        if len(code) < MIN_CODE_LENGTH:
            raise ValidationError(
                _("Type at least two characters of the code, e.g. C1."),
                code="too_short",
            )
        if len(code) > MAX_CODE_LENGTH or not _CODE.match(code):
            raise ValidationError(
                _("Codes are letters and digits, such as C17, C25.4, JLC30 or WBOC03."),
                code="not_a_code",
            )
        return code

    @property
    def prefix(self) -> str:
        self.is_valid()
        return self.cleaned_data.get("code", "")


class ProcedureFilterForm(_FindingForm):
    type = forms.ChoiceField(
        label=_("Procedure type"),
        required=False,
        choices=[
            ("", _("All procedure types")),
            *((value, capfirst(label)) for value, label in ProcedureType.choices),
        ],
        error_messages={
            "invalid_choice": _(
                "There is no procedure type “%(value)s”; showing every type."
            )
        },
    )
    cancer_type = _cancer_type_field()
