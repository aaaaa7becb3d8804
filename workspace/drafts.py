"""What the admin found wrong in a draft when it was saved, kept for the
dashboard (rendering every draft on each dashboard view would not scale)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from workspace.models import DraftCheck

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from articles.models import Article


def record_problems(
    *, article: Article, problems: list[str], user: AbstractBaseUser
) -> None:
    DraftCheck.objects.update_or_create(
        article=article,
        defaults={
            "problems": [str(p) for p in problems],
            "checked_at": timezone.now(),
            "checked_by": user,
        },
    )
