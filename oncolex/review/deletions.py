"""Deleting a reviewed object never leaves its submission behind in the queue."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.signals import pre_delete


def _uid(model: type[models.Model]) -> str:
    return f"oncolex.review.withdraw-on-delete:{model._meta.label_lower}"


def _withdraw_pending(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    # pre_delete runs inside the deletion's transaction, so the submission is
    # withdrawn (with its audit record) exactly when the object goes.
    from oncolex.review import services

    services.withdraw_for_deletion(obj=instance)


def watch(model: type[models.Model]) -> None:
    pre_delete.connect(_withdraw_pending, sender=model, dispatch_uid=_uid(model))


def unwatch(model: type[models.Model]) -> None:
    pre_delete.disconnect(sender=model, dispatch_uid=_uid(model))
