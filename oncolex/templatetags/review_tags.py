from __future__ import annotations

from typing import Any

from django import template

from oncolex.people import full_name

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    """`{{ states|get_item:revision.pk }}`: a dict lookup by a variable key."""
    return mapping.get(key)


@register.filter
def person(user: Any) -> str:
    """`{{ submission.submitted_by|person }}`: a person by their full name."""
    return full_name(user)
