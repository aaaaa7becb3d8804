"""Bokmål pages show no English: every public page type under /nb/, with
the demo content loaded, against the English of our templates and code (each
catalogue entry of two words or more, cut at its placeholders) and of the
demo data (datasets, sources, site names, change notes, English articles)
and the standard populations.

Left out on purpose: titles of cited works (`<cite>`), the reference lists,
and text marked `lang="en"` (the link to the English article), which are
English by nature and say so.
"""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import translation

from articles.demo.catalogue import ARTICLES
from articles.models import Article, CancerType, PublishedArticle
from epidemiology.management.commands import load_demo_epidemiology as demo_data
from epidemiology.models import Dataset, StandardPopulation
from oncolex.review import services
from tests.factories import publish, save_article

pytestmark = pytest.mark.django_db

# Punctuation around a fragment, en dash included.
_EDGES = " .,:;()\u201c\u201d\u00ab\u00bb\u00b7\u2013-\n"
_PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0]*\d*[sdifX]|%%")
# Strings that are the same words in both languages, or names.
SAME_IN_BOTH = {"ICD-10", "Oncolex", "CSV", "NCSP", "NCMP"}


def catalogue_english() -> set[str]:
    """English fragments of every translated entry of the Bokmål catalogue
    (Django merges the project's and every app's)."""
    found = set()
    catalogue = translation.trans_real.translation("nb")._catalog
    for msgid, msgstr in catalogue.items():
        if not isinstance(msgid, str) or not msgid or msgid == msgstr:
            continue
        for fragment in _PLACEHOLDER.split(msgid):
            fragment = fragment.strip(_EDGES)
            if len(fragment.split()) >= 2 and fragment not in SAME_IN_BOTH:
                found.add(fragment)
    return found


def demo_english() -> set[str]:
    texts = set()
    for spec in demo_data.DATASETS:
        texts |= {spec["title"], spec["diagnosis"], spec["region"], spec["note"]}
        texts.add(spec["source"]["publisher"])
    texts.add(demo_data.ILLUSTRATIVE_SOURCE["title"])
    texts.add("Demo dataset published.")
    texts |= set(StandardPopulation.objects.values_list("name", flat=True))
    with (demo_data.DEMO / "net_primary_sites.csv").open() as handle:
        texts |= {row["site"] for row in csv.DictReader(handle)}
    for article in ARTICLES:
        if article.language == "en":
            texts |= {article.title, article.summary, article.approval_note}
    return texts


def reader_text(body: str) -> str:
    """What a reader of the page reads (and hears: labels, alt texts)."""
    body = re.sub(r"<cite>.*?</cite>", " ", body, flags=re.S)
    body = re.sub(r'<ol class="references">.*?</ol>', " ", body, flags=re.S)
    # The reference list as the compare page shows it.
    body = re.sub(
        r'Referanser</h[23]>\s*<div class="diff-text">.*?</div>', " ", body, flags=re.S
    )
    body = re.sub(r'<a [^>]*lang="en"[^>]*>.*?</a>', " ", body, flags=re.S)
    labels = " ".join(re.findall(r'(?:aria-label|alt|title)="([^"]*)"', body))
    text = re.sub(r"<[^>]+>", " ", body)
    return html.unescape(re.sub(r"\s+", " ", f"{text} {labels}"))


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def public_pages(client) -> dict[str, str]:
    """One page or more of every public page type, in Bokmål."""
    nb = PublishedArticle.objects.current().filter(language="nb")
    urls = ["/nb/", "/nb/procedures/", "/nb/feed/", "/nb/no-such-page/"]
    urls += [f"/nb/cancer-types/{c.slug}/" for c in CancerType.objects.all()]
    for version in nb:
        base = f"/nb/articles/{version.slug}/"
        urls += [base, f"{base}history/", f"{base}history/1/"]
    urls += ["/nb/search/?q=svulster", "/nb/search/?q=", "/nb/codes/?code=C1"]
    urls += [
        f"/nb/epidemiology/{slug}/"
        for slug in Dataset.objects.values_list("slug", flat=True)
    ]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        pages[url] = response.content.decode()
    return pages


def test_bokmal_pages_of_every_type_show_no_english(client, demo):
    editor = User.objects.get(username="editor")
    approver = User.objects.get(username="approver")
    pages = {}
    # A second version of a Bokmål article: history with two entries, compare.
    article = Article.objects.get(language="nb", slug="nevroendokrine-svulster")
    save_article(user=editor, article=article, summary=article.summary + " Oppdatert.")
    publish(
        article, editor=editor, approver=approver, note="Sammendraget er oppdatert."
    )
    pages.update(public_pages(client))
    base = "/nb/articles/nevroendokrine-svulster/"
    pages[f"{base}compare/"] = client.get(
        f"{base}compare/?from=1&to=2"
    ).content.decode()
    pages[f"{base}compare/ (bad)"] = client.get(
        f"{base}compare/?from=x"
    ).content.decode()
    # Withdrawn: an article and a dataset answer 410 with a notice.
    services.unpublish(obj=article, user=approver, comment="Trukket")
    pages["410 article"] = client.get(base).content.decode()
    dataset = Dataset.objects.get(slug="net-norway-2013")
    services.unpublish(obj=dataset, user=approver, comment="Trukket")
    pages["410 dataset"] = client.get(
        "/nb/epidemiology/net-norway-2013/"
    ).content.decode()

    english = catalogue_english() | demo_english()
    found = {}
    for url, body in pages.items():
        text = reader_text(body)
        hits = sorted(
            phrase
            for phrase in english
            if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text)
        )
        if hits:
            found[url] = hits
    assert found == {}
    assert len(pages) >= 20
