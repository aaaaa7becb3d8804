from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from reversion.models import Revision, Version

from articles.demo.catalogue import USERS
from articles.models import Article, CancerType, PublishedArticle, Reference, Section
from articles.publishing import ARTICLES
from oncolex.review.models import AuditEvent, Submission
from tests.diff_pages import inside, marked, parse_strictly

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Every run hashes the demo passwords; the production hasher would only make
    # this module slower without testing anything more.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_demo() -> str:
    out, err = StringIO(), StringIO()
    call_command("load_demo", force=True, stdout=out, stderr=err)
    assert err.getvalue() == "", err.getvalue()
    return out.getvalue()


def row_counts() -> dict[str, int]:
    models = [
        User,
        User.groups.through,
        CancerType,
        Article,
        Section,
        Reference,
        Revision,
        Version,
        Submission,
        AuditEvent,
        PublishedArticle,
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_demo_publishes_the_neuroendocrine_chapter_in_english_and_bokmal(client):
    load_demo()

    english = client.get("/en/articles/neuroendocrine-tumours/")
    bokmal = client.get("/nb/articles/nevroendokrine-svulster/")

    assert english.status_code == 200
    assert bokmal.status_code == 200
    english_html, bokmal_html = english.content.decode(), bokmal.content.decode()
    assert "Ki-67 index" in english_html
    assert "Ki-67-indeks" in bokmal_html
    for html in (english_html, bokmal_html):
        assert "Dr. Astrid Approver" in html
        assert "Dr. Ingrid Editor" in html
    assert 'href="/nb/articles/nevroendokrine-svulster/"' in english_html
    assert 'href="/en/articles/neuroendocrine-tumours/"' in bokmal_html


def test_demo_links_the_two_languages_both_ways():
    load_demo()

    english = Article.objects.get(language="en", slug="neuroendocrine-tumours")
    bokmal = Article.objects.get(language="nb", slug="nevroendokrine-svulster")

    assert english.translation == bokmal
    assert bokmal.translation == english


def test_running_the_demo_twice_adds_no_rows_revisions_or_versions():
    load_demo()
    before = row_counts()

    output = load_demo()

    assert row_counts() == before
    assert "Articles published: none" in output
    assert "Accounts created: none" in output


def test_demo_prints_logins_that_work(client):
    output = load_demo()

    for demo in USERS:
        assert demo.username in output
        assert demo.password in output
        signed_in = client.post(
            "/admin/login/?next=/admin/",
            {"username": demo.username, "password": demo.password},
        )
        assert signed_in.status_code == 302
        index = client.get("/admin/")
        if index.status_code == 302:  # approvers and the superuser: a code first
            assert index.url.startswith("/admin/two-factor/")
            line = next(
                line
                for line in output.splitlines()
                if line.strip().startswith(f"{demo.username}: ")
            )
            code = line.split()[1]
            assert client.post(index.url, {"code": code}).status_code == 302
            index = client.get("/admin/")
        assert index.status_code == 200
        client.logout()
    assert User.objects.get(username="admin").is_superuser


def test_demo_does_not_print_a_password_that_was_changed_since():
    load_demo()
    editor = User.objects.get(username="editor")
    editor.set_password("a private password")
    editor.save()

    output = load_demo()

    assert "demo-editor-pw" not in output
    assert "(changed since; not shown)" in output


def test_every_demo_reference_has_a_pmid_or_doi_in_valid_form():
    load_demo()

    references = list(Reference.objects.all())
    assert references
    for reference in references:
        assert reference.pmid or reference.doi, reference
        if reference.pmid:
            assert re.fullmatch(r"[1-9][0-9]{0,8}", reference.pmid), reference
        if reference.doi:
            assert re.fullmatch(r"10\.[0-9]{4,9}/\S+", reference.doi), reference


def test_internal_links_and_citations_in_the_demo_all_resolve():
    load_demo()

    versions = list(PublishedArticle.objects.current().select_related("article"))
    assert len(versions) == 10
    for version in versions:
        assert "article:" not in version.body_html, version
        _, problems = ARTICLES.preview(version.article, version.revision_id)
        assert problems == [], version
    pancreas = next(v for v in versions if v.slug == "pancreatic-cancer")
    assert 'href="/en/articles/neuroendocrine-tumours/#grading"' in pancreas.body_html


def test_three_cancer_types_each_have_a_published_chapter_in_both_languages(
    client,
):
    load_demo()

    cancer_types = list(CancerType.objects.all())
    assert len(cancer_types) >= 3
    for cancer_type in cancer_types:
        for language in ("en", "nb"):
            chapter = (
                PublishedArticle.objects.current()
                .filter(
                    cancer_type_links__cancer_type_id=cancer_type.pk,
                    language=language,
                    kind="chapter",
                )
                .get()
            )
            page = client.get(f"/{language}/cancer-types/{cancer_type.slug}/")
            assert chapter.title in page.content.decode()


PROCEDURES = {
    "en": {
        "somatostatin-receptor-pet-ct": ("neuroendocrine-tumours", 1),
        "pancreaticoduodenectomy": ("pancreatic-cancer", 2),
    },
    "nb": {
        "somatostatinreseptor-pet-ct": ("neuroendocrine-tumours", 1),
        "pankreatoduodenektomi": ("pancreatic-cancer", 2),
    },
}


@pytest.mark.parametrize("language", ["en", "nb"])
def test_demo_procedures_are_listed_linked_and_illustrated_in_both_languages(
    client, language
):
    load_demo()

    index = client.get(f"/{language}/procedures/").content.decode()
    for slug, (cancer_type, figure_count) in PROCEDURES[language].items():
        url = f"/{language}/articles/{slug}/"
        assert f'href="{url}"' in index
        assert (
            f'href="{url}"'
            in client.get(f"/{language}/cancer-types/{cancer_type}/").content.decode()
        )
        page = client.get(url).content.decode()
        assert page.count('<figure class="figure"') == figure_count
        assert page.count("<picture>") == figure_count
        # The drawings are the project's own, with credit and licence.
        assert "Credit" in page or "Kreditering" in page
        assert ": Oncolex ·" in page
        assert 'href="https://creativecommons.org/licenses/by/4.0/"' in page
        for src in re.findall(r'src="(/media/[^"]+)"', page):
            assert client.get(src).status_code == 200
    # Alt text in the page's own language.
    pet = client.get(
        f"/{language}/articles/{next(iter(PROCEDURES[language]))}/"
    ).content.decode()
    if language == "en":
        assert 'alt="Schematic whole-body PET image' in pet and "Skjematisk" not in pet
    else:
        assert 'alt="Skjematisk PET-bilde' in pet and "Schematic whole-body" not in pet


def test_every_demo_version_was_approved_by_someone_who_did_not_write_it():
    load_demo()

    for version in PublishedArticle.objects.select_related("revision", "submission"):
        assert version.approved_by_id != version.revision.user_id
        assert version.approved_by_id != version.submission.submitted_by_id


def test_demo_codes_are_who_icd10_without_us_only_categories():
    load_demo()

    codes = [ct.icd10_codes for ct in CancerType.objects.all()]
    codes += [article.icd10_codes for article in Article.objects.all()]
    for code_list in codes:
        assert code_list
        assert not re.search(r"\b(C7A|C7B|D3A)", code_list), code_list


def test_demo_refuses_to_run_outside_development(settings):
    settings.DEBUG = False
    settings.TESTING = False

    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("load_demo", stdout=StringIO())

    assert not User.objects.filter(username="admin").exists()


@pytest.mark.parametrize(
    ("url", "paragraph", "item"),
    [
        ("/en/articles/neuroendocrine-tumours", "WHO ICD-10, the version", "Rarer"),
        ("/nb/articles/nevroendokrine-svulster", "WHOs ICD-10, som", "Sjeldnere"),
    ],
)
def test_demo_publishes_two_versions_of_the_net_chapter_to_compare(
    client, url, paragraph, item
):
    load_demo()
    assert paragraph not in client.get(f"{url}/history/1/").content.decode()
    assert paragraph in client.get(f"{url}/").content.decode()
    root = parse_strictly(client.get(f"{url}/compare/?from=1&to=2").content)
    added = marked(root, "added")
    assert inside(added, "ins", paragraph)
    assert [li for li in added if li.tag == "li" and inside([li], "ins", item)]
    assert not marked(root, "removed")
