"""People as the admin names them: by their full name, not their username."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin


def full_name(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


class PersonChoiceField(forms.ModelMultipleChoiceField):
    """A picker of people that lists them by full name."""

    def label_from_instance(self, obj: Any) -> str:
        return full_name(obj)


class PersonListFilter(admin.RelatedFieldListFilter):
    """An admin list filter on people that names them by full name."""

    def field_choices(self, field: Any, request: Any, model_admin: Any) -> list:
        ordering = ("last_name", "first_name", "username")
        people = field.related_model._default_manager.filter(
            pk__in=model_admin.get_queryset(request).values(field.name)
        ).order_by(*ordering)
        return [(person.pk, full_name(person)) for person in people]
