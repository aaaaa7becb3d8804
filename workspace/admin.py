from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from oncolex.people import full_name
from workspace.models import Mail, MailState, Profile, SectionComment
from workspace.tasks import send_mail


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Mail)
class MailAdmin(ReadOnlyAdmin):
    """The outbox: what was mailed to whom, and what failed (for operators)."""

    list_display = [
        "created_at",
        "kind",
        "person",
        "to",
        "subject",
        "state",
        "attempts",
    ]
    list_filter = ["state", "kind", "language"]
    search_fields = ["to", "subject"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    actions = ["send_again"]

    @admin.display(description=_("recipient"))
    def person(self, mail: Mail) -> str:
        return full_name(mail.recipient)

    @admin.action(description=_("Send the failed mails again"), permissions=["resend"])
    def send_again(self, request: HttpRequest, queryset: QuerySet[Mail]) -> None:
        failed = list(queryset.filter(state=MailState.FAILED))
        for mail in failed:
            mail.state = MailState.QUEUED
            mail.attempts = 0
            mail.save(update_fields=["state", "attempts"])
            send_mail.enqueue(mail_id=mail.pk)
        messages.success(
            request,
            ngettext(
                "%(n)d mail queued again.", "%(n)d mails queued again.", len(failed)
            )
            % {"n": len(failed)},
        )

    def has_resend_permission(self, request: HttpRequest) -> bool:
        # The one write in an otherwise read-only outbox: operators only.
        return request.user.is_superuser


@admin.register(SectionComment)
class SectionCommentAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "heading", "body", "author_name", "resolved_at"]
    list_select_related = ["author"]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter)]

    @admin.display(description=_("author"))
    def author_name(self, comment: SectionComment) -> str:
        return full_name(comment.author)


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    """Everyone edits their own profile under "My settings"; this list is for
    administrators."""

    list_display = ["person", "language", "mail_submitted", "mail_digest"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]

    @admin.display(description=_("person"))
    def person(self, profile: Profile) -> str:
        return full_name(profile.user)
