"""What the change form of a reviewed model with sections borrows from the
workspace: the approver's comments beside each section, and resolving them
when the editor saves."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from workspace import comments
from workspace.models import SectionComment


class SectionCommentsInlineMixin:
    """For a section inline: a read-only field listing the comments on the
    section, each with a "resolved" box that the change form posts."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # `obj` is the parent (the article): show the field only if anyone
        # ever commented on it, so other change forms stay as they were.
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and self._comments_of(obj):
            fields.append("approver_comments")
        return fields

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The comments come first, where the editor starts reading the section.
        fields = list(super().get_fields(request, obj))
        if "approver_comments" in fields:
            fields.remove("approver_comments")
            fields.insert(0, "approver_comments")
        return fields

    def _comments_of(self, article: Any) -> dict[str, list[SectionComment]]:
        # The inline is made anew for each request: load the article's
        # comments once, not once per section.
        if getattr(self, "_comments_for", None) != article.pk:
            self._comments_for = article.pk
            self._comments = comments.comments_for_editor(article)
        return self._comments

    @admin.display(description=_("Approver comments"))
    def approver_comments(self, section: Any) -> str:
        if section is None or section.pk is None:
            return ""
        found = self._comments_of(section.article).get(section.anchor, [])
        if not found:
            return ""
        return SafeString(
            render_to_string("workspace/section_comments.html", {"comments": found})
        )


class ResolveCommentsAdminMixin:
    """For the model admin: comments on sections that no longer exist are
    shown above the form, and ticked comments are resolved on save."""

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        extra = dict(extra_context or {})
        obj = self.get_object(request, object_id)
        if obj is not None:
            anchors = set(obj.sections.values_list("anchor", flat=True))
            extra["orphan_comments"] = [
                c
                for anchor, found in comments.comments_for_editor(obj).items()
                if anchor not in anchors
                for c in found
            ]
        return super().change_view(request, object_id, form_url, extra)

    def save_related(
        self, request: HttpRequest, form: Any, formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        ids = [int(v) for v in request.POST.getlist("resolve_comment") if v.isdigit()]
        if change and ids:
            comments.resolve(obj=form.instance, user=request.user, comment_ids=ids)
