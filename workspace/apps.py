from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """What the admin tells each person to do next: the dashboard, comments on
    sections of a submission, profiles, and mail about review transitions."""

    name = "workspace"
    verbose_name = _("Workspace")

    def ready(self) -> None:
        from oncolex.review.signals import transition_committed
        from workspace import notifications

        transition_committed.connect(
            notifications.queue_transition_mail, dispatch_uid="workspace-mail"
        )
