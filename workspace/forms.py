from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from workspace.models import Profile


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = [
            "language",
            "mail_submitted",
            "mail_approved",
            "mail_rejected",
            "mail_changes",
            "mail_withdrawn",
            "mail_digest",
        ]


class RequestChangesForm(forms.Form):
    """A note for the editor and one comment field per submitted section."""

    reason = forms.CharField(
        label=_("Note for the editor"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )

    def __init__(
        self, *args: Any, sections: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sections = sections
        for anchor, heading in sections:
            self.fields[f"section-{anchor}"] = forms.CharField(
                label=_("Comment on “%(heading)s”") % {"heading": heading},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=2000,
            )

    def comments(self) -> dict[str, str]:
        return {
            anchor: self.cleaned_data.get(f"section-{anchor}", "")
            for anchor, _heading in self.sections
        }

    def section_fields(self) -> list[forms.BoundField]:
        return [self[f"section-{anchor}"] for anchor, _heading in self.sections]
