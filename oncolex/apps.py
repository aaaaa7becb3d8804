from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OncolexConfig(AppConfig):
    name = "oncolex"
    verbose_name = _("Review")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from oncolex.review import chain, registry
        from oncolex.review.models import AuditEvent

        post_save.connect(
            chain.seal_audit_event,
            sender=AuditEvent,
            dispatch_uid="oncolex.review.seal-audit-event",
        )
        # Each app registers its reviewable models in its `publishing` module.
        registry.autodiscover()
