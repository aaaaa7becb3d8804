from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from epidemiology.csv_import import MAX_FILE_BYTES
from epidemiology.models import Dataset
from oncolex.review.services import latest_revision_id
from oncolex.review.stale import revision_saved_since
from oncolex.text import CleanTextFormMixin, CleanTextModelForm

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


class DatasetAdminForm(CleanTextModelForm):
    # The revision the editor started from: a save from a form opened before
    # someone else's save is refused (oncolex/review/stale.py).
    based_on_revision = forms.IntegerField(
        widget=forms.HiddenInput, required=False, label=""
    )

    class Meta:
        model = Dataset
        exclude: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["based_on_revision"] = latest_revision_id(self.instance)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        revision = revision_saved_since(self.instance, data.get("based_on_revision"))
        if revision is not None:
            user = revision.user
            who = (user.get_full_name() or user.get_username()) if user else ""
            raise forms.ValidationError(
                _(
                    "%(who)s saved this dataset at %(when)s, after you opened it. "
                    "Nothing of yours was saved, and nothing of theirs was "
                    "overwritten. Reload the page and apply your changes again."
                ),
                code="stale",
                params={
                    "who": who or _("Someone"),
                    "when": date_format(
                        localtime(revision.date_created), "DATETIME_FORMAT"
                    ),
                },
            )
        return data
