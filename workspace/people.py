"""Who can act on reviews."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from oncolex.people import full_name
from oncolex.review.services import APPROVE_PERMISSION

__all__ = ["approvers", "full_name"]


def approvers() -> QuerySet[AbstractBaseUser]:
    """Active accounts that hold the approval permission, by any route."""
    app_label, codename = APPROVE_PERMISSION.split(".")
    granted = Q(is_superuser=True)
    for route in ("groups__permissions", "user_permissions"):
        granted |= Q(
            **{f"{route}__content_type__app_label": app_label},
            **{f"{route}__codename": codename},
        )
    return (
        get_user_model()
        .objects.filter(granted, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
