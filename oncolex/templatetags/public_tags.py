"""Small helpers for public templates: values HTML and search engines accept."""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def html_datetime(value: datetime.datetime | None) -> str:
    """A valid HTML `datetime` attribute: seconds and offset, no microseconds
    (HTML allows at most three fractional digits; `|date:'c'` gives six)."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()


@register.simple_tag(takes_context=True)
def absolute_url(context: template.Context, path: str) -> str:
    """`path` on this site, with scheme and host: what hreflang links need."""
    return context["request"].build_absolute_uri(path)
