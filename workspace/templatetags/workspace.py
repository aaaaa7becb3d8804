from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest
from django.urls import reverse

from oncolex import dates
from oncolex.review.models import Submission
from workspace import comments, selectors
from workspace.forms import RequestChangesForm

register = template.Library()


@register.simple_tag(takes_context=True)
def workspace_counts(context: template.Context) -> selectors.Counts | None:
    request: HttpRequest | None = context.get("request")
    if request is None or not getattr(request.user, "is_staff", False):
        return None
    return selectors.header_counts(request.user, today=dates.today())


@register.simple_tag(takes_context=True)
def workspace_dashboard(context: template.Context) -> selectors.Dashboard | None:
    request: HttpRequest | None = context.get("request")
    if request is None or not getattr(request.user, "is_staff", False):
        return None
    return selectors.dashboard(request.user, today=dates.today())


@register.simple_tag
def request_changes_form(submission: Submission) -> RequestChangesForm | None:
    sections = comments.submitted_sections(submission)
    return RequestChangesForm(sections=sections) if sections else None


@register.simple_tag
def section_comments_up_to(submission: Submission) -> list[Any]:
    return comments.comments_up_to(submission)


@register.filter
def comments_on(by_anchor: dict[str, list[Any]] | None, anchor: str) -> list[Any]:
    return (by_anchor or {}).get(anchor, [])


@register.filter
def change_url(obj: Any) -> str:
    """The admin change page of any model instance."""
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
