"""A published dataset as another page (an article) shows it: the stored
table and source line, then the dataset's own trust line (who approved these
numbers, when, which version) and a link to its page (chart, method, CSV and
its provenance). The article's approval does not vouch for the numbers; the
dataset's does, so readers must see that one.

Written with format_html rather than a template: an article may embed ten
tables, and ten template renders cost a page more than its two queries."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext, override

from epidemiology.models import PublishedDataset


def embedded_html(version: PublishedDataset, *, language: str) -> SafeString:
    """`version` must carry the fields of `PublishedDataset.objects.for_embedding`."""
    with override(language):
        approved = gettext(
            "Numbers approved by %(who)s on %(when)s · version %(n)s"
        ) % {
            "who": version.approver_name,
            "when": date_format(localtime(version.approved_at), "DATE_FORMAT"),
            "n": version.number,
        }
        link = gettext(
            "%(title)s: chart, method, CSV and where the numbers come from"
        ) % {"title": version.title_in(language)}
        return format_html(
            '<div class="embedded-dataset">{}\n<p class="trust">{} · '
            '<a href="{}">{}</a></p>\n</div>\n',
            # Rendered and escaped at the dataset's approval.
            mark_safe(version.table_html_in(language)),
            approved,
            reverse("epidemiology:dataset", kwargs={"slug": version.slug}),
            link,
        )
