from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OncolexConfig(AppConfig):
    name = "oncolex"
    verbose_name = _("Review")
