from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from epidemiology.csv_import import MAX_FILE_BYTES

INCIDENCE = "incidence"
SITES = "sites"


class ImportForm(forms.Form):
    table = forms.ChoiceField(
        label=_("Table"),
        choices=[
            (INCIDENCE, _("Incidence rows: year, sex, age_group, cases, population")),
            (SITES, _("Site distribution: site, share_percent")),
        ],
    )
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8 text with a header row; at most %(mb)s MB.")
        % {"mb": MAX_FILE_BYTES // (1024 * 1024)},
    )
    comment = forms.CharField(
        label=_("What changed and why (for the history)"),
        required=False,
        max_length=500,
    )
    # The SHA-256 of the file shown in the dry run: what is imported must be
    # exactly what was previewed.
    previewed = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB; split it."),
                code="too_large",
                params={"mb": MAX_FILE_BYTES // (1024 * 1024)},
            )
        return upload
