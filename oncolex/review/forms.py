from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SubmitForm(forms.Form):
    comment = forms.CharField(
        label=_("Note for the approver"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class ApproveForm(forms.Form):
    note = forms.CharField(
        label=_("What changed clinically (shown to readers)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection (sent to the editor)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this taken off the site?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
