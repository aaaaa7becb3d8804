"""Filters for reference lists."""

from __future__ import annotations

from django import template

register = template.Library()

_TERMINAL = (".", "?", "!")


@register.filter
def sentence(text: str) -> str:
    """The text closed by a full stop, unless it already ends in one (or in
    "?" or "!"): "Kidd M, et al." stays as typed, never "et al..";
    a title that is a question keeps its question mark alone."""
    text = str(text).rstrip()
    return text if not text or text.endswith(_TERMINAL) else f"{text}."
