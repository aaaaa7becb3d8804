"""Clean text: every text an editor types or uploads passes through here.

Refused: control characters that no editor means to type and that break
XML (the Atom feed), CSV and search: C0 controls except tab and newline
(U+000B, Word's soft line break, is the usual one), DEL and the C1 controls,
the non-characters U+FFFE and U+FFFF, and lone surrogates (which no UTF-8
text can hold). Carriage returns are accepted only as part of a CRLF pair,
which browsers post for every textarea line break. Accepted text is
normalised to NFC, so "é" typed as e + combining accent and "é" typed as one
character compare, search and diff as the same word.

Forms get this through `CleanTextFormMixin` (every admin form of ours uses
it; `tests/test_clean_text.py` walks every model's text fields to prove it),
CSV imports by calling `clean_text` on every text cell.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]|\r(?!\n)"
)


def forbidden_character(value: str) -> tuple[int, str] | None:
    """The position and character of the first forbidden character, if any."""
    match = _FORBIDDEN.search(value)
    return (match.start(), match.group()) if match else None


def clean_text(value: str, *, field: str) -> str:
    """`value` in NFC, or ValidationError (code "control_character") naming
    the field, the character and where it is."""
    found = forbidden_character(value)
    if found is not None:
        position, character = found
        raise ValidationError(
            _(
                "%(field)s contains an invisible control character (U+%(code)04X) "
                "at character %(position)s. Delete it and type that spot again "
                "(it often comes with text pasted from a word processor)."
            ),
            code="control_character",
            params={
                "field": field,
                "code": ord(character),
                "position": position + 1,
            },
        )
    return unicodedata.normalize("NFC", value)


def xml_safe(value: str) -> str:
    """Text with the characters XML 1.0 cannot hold removed: for output of
    records written before these rules (the feed must never fail on them)."""
    return _FORBIDDEN.sub("", value).replace("\r", "")


def _cleaning(to_python: Callable[[Any], Any], label: str) -> Callable[[Any], Any]:
    def clean(value: Any) -> Any:
        value = to_python(value)
        return clean_text(value, field=label) if isinstance(value, str) else value

    return clean


class CleanTextFormMixin:
    """Refuse control characters and normalise to NFC in every text field of
    the form, before the form's own `clean_<field>` methods see the value.

    Each form instance has its own copies of its fields, so wrapping their
    `to_python` here changes this form only."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField):
                label = str(field.label or name.replace("_", " ")).capitalize()
                field.to_python = _cleaning(field.to_python, label)  # type: ignore[method-assign]


class CleanTextModelForm(CleanTextFormMixin, forms.ModelForm):
    """The base of every admin ModelForm of ours."""
