"""Login throttling in the admin: an action to unlock what django-axes locked."""

from __future__ import annotations

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from axes.utils import reset
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class UnlockingAccessAttemptAdmin(AccessAttemptAdmin):
    actions = [*AccessAttemptAdmin.actions, "unlock"]

    @admin.action(
        description=_(
            "Unlock: forget these failed logins (their usernames and addresses)"
        )
    )
    def unlock(self, request: HttpRequest, queryset: QuerySet) -> None:
        removed = 0
        for attempt in queryset:
            removed += reset(username=attempt.username) if attempt.username else 0
            removed += reset(ip=attempt.ip_address) if attempt.ip_address else 0
        messages.success(
            request,
            ngettext(
                "Unlocked: %(count)d record of failed logins removed.",
                "Unlocked: %(count)d records of failed logins removed.",
                removed,
            )
            % {"count": removed},
        )


admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, UnlockingAccessAttemptAdmin)
