from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportConfig(AppConfig):
    name = "export"
    verbose_name = _("Page export")

    def ready(self) -> None:
        from export import services
        from oncolex.signals import public_pages_changing

        public_pages_changing.connect(
            services.on_public_pages_changing, dispatch_uid="export.withdraw"
        )
