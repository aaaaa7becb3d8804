from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from oncolex.text import CleanTextFormMixin


class SubmitForm(CleanTextFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Note for the approver"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class ApproveForm(CleanTextFormMixin, forms.Form):
    note = forms.CharField(
        label=_("What changed clinically (shown to readers)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    note_nb = forms.CharField(
        label=_("The same in Bokmål (datasets, which readers see in both languages)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    confirm_past_review_date = forms.BooleanField(required=False)

    def __init__(
        self,
        *args: Any,
        bilingual: bool = False,
        past_review_date: datetime.date | None = None,
        **kwargs: Any,
    ) -> None:
        """Only the fields this submission needs: a Bokmål note for content
        read in both languages, a confirmation if its review date has passed
        (the review service enforces both; the form only asks)."""
        super().__init__(*args, **kwargs)
        if not bilingual:
            del self.fields["note_nb"]
        if past_review_date is None:
            del self.fields["confirm_past_review_date"]
        else:
            self.fields["confirm_past_review_date"].label = _(
                "The next review was due %(date)s, which has passed. Approve "
                "anyway: readers will see “review overdue” at once."
            ) % {"date": date_format(past_review_date, "DATE_FORMAT")}


class RejectForm(CleanTextFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection (sent to the editor)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class UnpublishForm(CleanTextFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is this taken off the site?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
