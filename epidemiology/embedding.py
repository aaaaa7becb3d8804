"""A published dataset as another page (an article) shows it: the stored
table and source line, then the dataset's own trust line (who approved these
numbers, when, which version) and a link to its page (chart, method, CSV and
its provenance). The article's approval does not vouch for the numbers; the
dataset's does, so readers must see that one."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import override

from epidemiology.models import PublishedDataset


def embedded_html(version: PublishedDataset, *, language: str) -> str:
    """`version` must carry the fields of `PublishedDataset.objects.for_embedding`."""
    with override(language):
        return render_to_string(
            "epidemiology/_embedded.html",
            {
                "version": version,
                "title": version.title_in(language),
                # Rendered and escaped at the dataset's approval.
                "table_html": mark_safe(version.table_html_in(language)),
            },
        )
