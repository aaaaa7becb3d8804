from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    """`{{ states|get_item:revision.pk }}`: a dict lookup by a variable key."""
    return mapping.get(key)
