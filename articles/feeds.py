from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from articles import selectors
from articles.models import PublishedArticle
from oncolex.text import xml_safe


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

    # Every text from a record passes through xml_safe: a control character
    # approved before the text rules existed would make the XML writer fail
    # and the whole feed answer 500.

    def item_title(self, item: PublishedArticle) -> str:
        return _("%(title)s, version %(n)s") % {
            "title": xml_safe(item.title),
            "n": item.number,
        }

    def item_description(self, item: PublishedArticle) -> str:
        # Atom marks the summary type="html": escape the note, so a reader's
        # feed client shows "<b>" as typed instead of running it as markup.
        return escape(
            _("%(note)s (approved by %(approver)s)")
            % {
                "note": xml_safe(item.change_note),
                "approver": xml_safe(item.approver_name),
            }
        )

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
        return xml_safe(item.approver_name)
