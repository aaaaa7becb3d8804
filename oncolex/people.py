"""People as the admin names them: by their full name, not their username."""

from __future__ import annotations

from typing import Any

from django import forms


def full_name(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


class PersonChoiceField(forms.ModelMultipleChoiceField):
    """A picker of people that lists them by full name."""

    def label_from_instance(self, obj: Any) -> str:
        return full_name(obj)
