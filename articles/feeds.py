from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from articles import selectors
from articles.models import PublishedArticle


class PublishedVersionsFeed(Feed):
    """Atom feed of newly approved versions; only published records appear."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest) -> str:
        return request.LANGUAGE_CODE

    def title(self, language: str) -> str:
        return _("Oncolex: newly approved versions")

    def link(self, language: str) -> str:
        return reverse("articles:home")

    def subtitle(self, language: str) -> str:
        return _("Every version here was approved by a named approver.")

    def items(self, language: str) -> list[PublishedArticle]:
        return selectors.feed_versions(language=language)

    def item_title(self, item: PublishedArticle) -> str:
        return _("%(title)s, version %(n)s") % {"title": item.title, "n": item.number}

    def item_description(self, item: PublishedArticle) -> str:
        return _("%(note)s (approved by %(approver)s)") % {
            "note": item.change_note,
            "approver": item.approver_name,
        }

    def item_link(self, item: PublishedArticle) -> str:
        return reverse(
            "articles:version", kwargs={"slug": item.slug, "number": item.number}
        )

    def item_guid(self, item: PublishedArticle) -> str:
        return f"oncolex:published-article:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: PublishedArticle):
        return item.approved_at

    def item_updateddate(self, item: PublishedArticle):
        return item.approved_at

    def item_author_name(self, item: PublishedArticle) -> str:
        return item.approver_name
