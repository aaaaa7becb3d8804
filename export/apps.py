from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportConfig(AppConfig):
    name = "export"
    verbose_name = _("Page export")

    def ready(self) -> None:
        from export.receivers import withdraw_and_queue_export
        from oncolex.signals import public_pages_changing

        public_pages_changing.connect(
            withdraw_and_queue_export, dispatch_uid="export.withdraw"
        )
