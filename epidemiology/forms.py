from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from epidemiology.csv_import import MAX_FILE_BYTES
from oncolex.text import CleanTextFormMixin

INCIDENCE = "incidence"
SITES = "sites"


class ImportForm(CleanTextFormMixin, forms.Form):
    table = forms.ChoiceField(
        label=_("Table"),
        choices=[
            (INCIDENCE, _("Incidence rows: year, sex, age_group, cases, population")),
            (
                SITES,
                _(
                    "Site distribution: site, share_percent, and optionally site_nb "
                    "(the site's name in Bokmål)"
                ),
            ),
        ],
    )
    file = forms.FileField(label=_("CSV file"))
    comment = forms.CharField(
        label=_("What changed and why (for the history)"),
        required=False,
        max_length=500,
    )
    # The SHA-256 of the file shown in the dry run: what is imported must be
    # exactly what was previewed.
    previewed = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Formatted per form, in the request's language: a lazy string
        # formatted at import time would stay in the language of start-up.
        self.fields["file"].help_text = gettext(
            "UTF-8 text with a header row; at most %(mb)s MB."
        ) % {"mb": MAX_FILE_BYTES // (1024 * 1024)}

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB; split it."),
                code="too_large",
                params={"mb": MAX_FILE_BYTES // (1024 * 1024)},
            )
        return upload
