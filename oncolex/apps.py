from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OncolexConfig(AppConfig):
    name = "oncolex"
    verbose_name = _("Review")

    def ready(self) -> None:
        from oncolex.review import registry

        # Each app registers its reviewable models in its `publishing` module.
        registry.autodiscover()
