from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self) -> None:
        from django.db.models.signals import pre_delete

        from articles.cancer_types import refuse_deleting_a_cancer_type_in_use
        from articles.models import CancerType

        pre_delete.connect(
            refuse_deleting_a_cancer_type_in_use,
            sender=CancerType,
            dispatch_uid="articles.cancer-type-in-use",
        )
