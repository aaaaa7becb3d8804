"""Writes to the working copy that go beyond a plain model save."""

from __future__ import annotations

from django.db import transaction

from articles.models import Article


def link_translation(*, article: Article) -> None:
    """Make the translation link go both ways (A -> B implies B -> A).

    The twin's pointer is navigation, not content, so it is set without a new
    revision of the twin.
    """
    twin = article.translation
    with transaction.atomic():
        Article.objects.filter(translation=article).exclude(
            pk=twin.pk if twin else None
        ).update(translation=None)
        if twin is not None and twin.translation_id != article.pk:
            Article.objects.filter(pk=twin.pk).update(translation=article)
