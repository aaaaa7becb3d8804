"""The Atom feed answers for any approved content: a property-style sweep
over the hostile Markdown corpus and every control character, put into the
published record's title, change note and approver name (records approved
before the text rules existed may hold them). The feed stays 200 and
well-formed XML, and the change note it marks as HTML is escaped, so a feed
reader shows what the approver typed instead of running it as markup.

Distinct inputs: the hostile corpus plus 63 control characters (NUL and lone
surrogates are left out: no database we run on stores them, and the forms
refuse them, see tests/test_clean_text.py).
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

import pytest

from articles.models import PublishedArticle
from tests.articles.hostile_markdown import CORPUS
from tests.factories import published_article
from tests.test_clean_text import FORBIDDEN

ATOM = "{http://www.w3.org/2005/Atom}"
STORABLE = [c for c in FORBIDDEN if c not in ("\x00", "\ud800")]
# Corpus entries lose their NUL bytes for the same reason.
INPUTS = [h.body.replace("\x00", "") for h in CORPUS] + [
    f"Dose{c}corrected" for c in STORABLE
]
REMOVED = set(FORBIDDEN) | {"\r"}


def shown(text: str) -> str:
    return "".join(c for c in text if c not in REMOVED)


@pytest.mark.django_db
def test_the_feed_answers_and_escapes_for_any_published_text(client, editor, approver):
    _, version = published_article(editor=editor, approver=approver, slug="net")
    for text in INPUTS:
        PublishedArticle.objects.filter(pk=version.pk).update(
            title=text[:200], change_note=text, approver_name=text[:200]
        )
        response = client.get("/en/feed/")
        assert response.status_code == 200, repr(text)
        (entry,) = ET.fromstring(response.content).findall(f"{ATOM}entry")
        title = entry.findtext(f"{ATOM}title")
        assert title == f"{shown(text[:200])}, version 1", repr(text)
        summary = entry.find(f"{ATOM}summary")
        assert summary.get("type") == "html"
        # An HTML consumer unescapes the summary once: it must get plain text.
        assert html.unescape(summary.text) == (
            f"{shown(text)} (approved by {shown(text[:200])})"
        ), repr(text)
        assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == shown(text[:200])


@pytest.mark.django_db
def test_markup_in_a_change_note_reaches_feed_readers_as_text(client, editor, approver):
    published_article(editor=editor, approver=approver, slug="net")
    PublishedArticle.objects.update(change_note="Dose <b>halved</b> & checked")
    summary = ET.fromstring(client.get("/en/feed/").content).find(
        f"{ATOM}entry/{ATOM}summary"
    )
    assert summary.text == (
        "Dose &lt;b&gt;halved&lt;/b&gt; &amp; checked (approved by Approver Tester)"
    )
