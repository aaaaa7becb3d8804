"""Editorial roles as Django groups. Migrations call `grant` so that each app
grants its own permissions; nobody sets permissions by hand."""

from __future__ import annotations

from typing import Any

EDITORS = "Editors"
APPROVERS = "Approvers"


def grant(
    apps: Any, *, app_label: str, models: list[str], extra: dict[str, list[str]]
) -> None:
    """Give both groups full editing rights on `models` of `app_label`, plus the
    codenames in `extra[group]` (e.g. approval for Approvers).

    Permissions normally appear after migrations (post_migrate); create them
    now so a fresh database gets its groups in one `migrate`.
    """
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editing = Permission.objects.filter(
        content_type__app_label=app_label,
        content_type__model__in=models,
        codename__regex=r"^(add|change|delete|view)_",
    )
    for name in (EDITORS, APPROVERS):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*editing)
        codenames = extra.get(name, [])
        if codenames:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )
