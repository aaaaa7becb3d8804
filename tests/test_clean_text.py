"""Every text an editor fills refuses invisible control characters, naming
the field, and is stored in Unicode NFC: in every admin form of every model,
in the review forms and in CSV imports.

The walk below visits every CharField and TextField of every model of ours
and fails for any field that has no cleaning path, so a new field cannot be
forgotten. Distinct inputs: 65 forbidden characters (C0 but tab and line
feed, a lone carriage return, DEL and C1, U+FFFE, U+FFFF, a lone surrogate)
and three accepted ones.
"""

from __future__ import annotations

import unicodedata

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.test import RequestFactory

from articles.models import Article
from epidemiology import csv_import
from oncolex.review import services
from oncolex.review.forms import ApproveForm, RejectForm, SubmitForm, UnpublishForm
from oncolex.text import CleanTextFormMixin, clean_text
from tests.articles.test_admin import article_form
from tests.factories import make_cancer_type, save_article

FORBIDDEN = [
    *(chr(c) for c in range(0x00, 0x20) if chr(c) not in "\t\n"),
    "\x7f",
    *(chr(c) for c in range(0x80, 0xA0)),
    "\ufffe",
    "\uffff",
    "\ud800",
]
OUR_APPS = ("articles", "epidemiology", "oncolex")

# Text fields no editor form fills, and what fills them instead.
FILLED_ELSEWHERE = {
    # Copies written at approval from a working copy cleaned by its form, or
    # rendered by our code; change notes come from ApproveForm (tested below)
    # and names from the approver's account.
    "articles.PublishedArticle": "written at approval",
    "articles.PublishedLink": "written at approval from the rendered links",
    "articles.PublishedCode": "written at approval from the validated codes",
    "epidemiology.PublishedDataset": "written at approval",
    # Written by the CSV import from validated records (sites: clean_text).
    "epidemiology.IncidenceRow": "CSV import: choices only",
    "epidemiology.SiteShareRow": "CSV import, cleaned by csv_import",
    # Loaded by a data migration and never edited.
    "epidemiology.StandardPopulation": "data migration",
    "epidemiology.StandardPopulationWeight": "data migration",
    # Filled through the review forms (SubmitForm, ApproveForm, RejectForm,
    # UnpublishForm; withdrawing uses SubmitForm), all cleaned.
    "oncolex.Submission": "review forms",
    "oncolex.AuditEvent": "review forms",
}


def text_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
        and field.editable
        and not field.auto_created
    ]


def admin_forms(request) -> dict[type[models.Model], type]:
    """Each model edited in the admin, with the form class the admin uses."""
    found = {}
    for model, model_admin in admin.site._registry.items():
        if (
            model._meta.app_label not in OUR_APPS
            or not model_admin.has_change_permission(request)
        ):
            continue
        found[model] = model_admin.get_form(request)
        for inline in model_admin.get_inline_instances(request):
            found[inline.model] = inline.get_formset(request).form
    return found


@pytest.mark.django_db
def test_every_text_field_of_every_model_refuses_control_characters(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    forms = admin_forms(request)
    unchecked = []
    for model in apps.get_models():
        label = model._meta.label
        if model._meta.app_label not in OUR_APPS or model._meta.proxy:
            continue
        fields = text_fields(model)
        if not fields:
            continue
        form_class = forms.get(model)
        if form_class is None:
            if label not in FILLED_ELSEWHERE:
                unchecked.append(label)
            continue
        assert issubclass(form_class, CleanTextFormMixin), label
        for field in fields:
            if field.name not in form_class.base_fields:
                continue
            form = form_class(data={field.name: "Text\x0bwith a soft break"})
            errors = form.errors.as_data().get(field.name)
            assert errors, f"{label}.{field.name} accepted U+000B"
            if not field.choices:
                assert [e.code for e in errors] == ["control_character"], (
                    f"{label}.{field.name}"
                )
    assert unchecked == [], "text fields with no cleaning path"


@pytest.mark.parametrize(
    ("form_class", "name"),
    [
        (SubmitForm, "comment"),
        (ApproveForm, "note"),
        (RejectForm, "reason"),
        (UnpublishForm, "reason"),
    ],
)
def test_review_forms_refuse_control_characters(form_class, name):
    form = form_class(data={name: "Fine\x01"})
    assert [e.code for e in form.errors.as_data()[name]] == ["control_character"]


@pytest.mark.parametrize("character", FORBIDDEN, ids=lambda c: f"U+{ord(c):04X}")
def test_each_forbidden_character_is_refused_naming_the_field_and_place(character):
    with pytest.raises(ValidationError) as refused:
        clean_text(f"Ki-67{character}index", field="Heading")
    assert refused.value.code == "control_character"
    message = refused.value.messages[0]
    assert message.startswith("Heading contains an invisible control character")
    assert f"(U+{ord(character):04X}) at character 6." in message


def test_a_lone_carriage_return_is_refused_but_crlf_tab_and_newline_are_kept():
    assert clean_text("a\tb\nc\r\nd", field="Body") == "a\tb\nc\r\nd"
    with pytest.raises(ValidationError):
        clean_text("a\rb", field="Body")


def test_text_is_stored_in_nfc():
    decomposed = "Ve\u0301ne"  # e + combining acute accent
    assert clean_text(decomposed, field="Title") == "V\u00e9ne"


@pytest.mark.django_db
@pytest.mark.parametrize("character", ["\x0b", "\x01", "\uffff"])
def test_the_admin_refuses_a_title_with_a_control_character(client, editor, character):
    cancer_type = make_cancer_type()
    client.force_login(editor)
    response = client.post(
        "/admin/articles/article/add/",
        article_form(cancer_type.pk, title=f"Pancreatic{character} NET"),
    )
    assert response.status_code == 200
    assert (
        f"Title contains an invisible control character (U+{ord(character):04X}) "
        "at character 11." in response.content.decode()
    )
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_the_admin_stores_what_an_editor_types_in_nfc(client, editor):
    cancer_type = make_cancer_type()
    client.force_login(editor)
    client.post(
        "/admin/articles/article/add/",
        article_form(
            cancer_type.pk,
            title="Pancreatic NET, cre\u0300me",
            **{"sections-0-body": "Cafe\u0301 [1]."},
        ),
    )
    article = Article.objects.get()
    assert article.title == unicodedata.normalize("NFC", "Pancreatic NET, crème")
    assert article.sections.get(position=0).body == "Caf\u00e9 [1]."


def test_a_csv_site_name_with_a_control_character_is_refused_naming_line_and_column():
    data = "site,share_percent,site_nb\nlung,50,lunge\nsmall\x0bintestine,50,tynn\n"
    with pytest.raises(csv_import.CsvImportError) as refused:
        csv_import.parse_site_shares(data.encode())
    (problem,) = refused.value.problems
    assert (problem.line, problem.column) == (3, "site")
    assert "invisible control character (U+000B)" in problem.message


def test_csv_site_names_are_stored_in_nfc():
    data = "site,share_percent,site_nb\nlung,50,lunge\nother,50,andre sma\u030a\n"
    records = csv_import.parse_site_shares(data.encode())
    assert records[1].site_nb == "andre sm\u00e5"


@pytest.mark.django_db
def test_a_withdrawal_comment_with_a_control_character_is_refused(client, editor):
    article = save_article(user=editor)
    submission = services.submit(obj=article, user=editor)
    client.force_login(editor)
    response = client.post(
        f"/admin/oncolex/submission/{submission.pk}/withdraw/",
        {"comment": "Not\x0bready"},
        follow=True,
    )
    assert "invisible control character (U+000B)" in response.content.decode()
    submission.refresh_from_db()
    assert submission.is_pending
