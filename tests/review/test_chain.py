"""The tamper-evident record: every published version and audit event is
sealed with a SHA-256 chained to the one before; verify_audit finds changes."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection

from articles.demo.loader import load_demo
from articles.models import PublishedArticle
from epidemiology.models import PublishedDataset
from oncolex.review import chain
from oncolex.review.models import AuditEvent, ChainHead
from tests.factories import sign_in_with_second_factor


def verify() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out, stderr=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    load_demo()


def test_a_fresh_demo_verifies(demo):
    report = verify()
    assert "Every chain is intact." in report
    assert PublishedArticle.objects.count() > 0
    for version in PublishedArticle.objects.all():
        assert len(version.content_hash) == 64


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("articles_publishedarticle", "body_html", "'<p>Double the dose.</p>'"),
        ("articles_publishedarticle", "approver_name", "'Someone Else'"),
        ("epidemiology_publisheddataset", "incidence_csv", "'year,cases\n2013,1'"),
        ("oncolex_auditevent", "comment", "'nothing to see'"),
    ],
)
def test_one_row_altered_in_sql_breaks_the_chain_at_that_row(
    demo, table, column, value
):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(id) FROM {table}")  # noqa: S608
        (row_id,) = cursor.fetchone()
        cursor.execute(
            f"UPDATE {table} SET {column} = {value} WHERE id = %s",  # noqa: S608
            [row_id],
        )
    with pytest.raises(CommandError, match=f"#{row_id} .*altered") as failed:
        verify()
    assert failed.value.returncode == 1


def test_a_record_removed_from_the_middle_or_the_end_is_noticed(demo):
    events = list(AuditEvent.objects.order_by("pk").values_list("pk", flat=True))
    AuditEvent.objects.filter(pk=events[-1])._raw_delete(using="default")
    with pytest.raises(CommandError, match="removed from its end"):
        verify()
    AuditEvent.objects.filter(pk=events[1])._raw_delete(using="default")
    with pytest.raises(CommandError, match=f"#{events[2]} .*does not follow"):
        verify()


def test_unpublishing_leaves_the_seal_intact(demo):
    version = PublishedDataset.objects.current().first()
    PublishedDataset.objects.filter(pk=version.pk).update(is_current=False)
    assert chain.verify_chain(PublishedDataset)[1] is None


def test_the_migration_seals_exactly_as_approval_does(demo):
    before = dict(PublishedArticle.objects.values_list("pk", "content_hash"))
    head = ChainHead.objects.get(name="articles.publishedarticle").hash
    chain.reseal_all(PublishedArticle, ChainHead)
    assert dict(PublishedArticle.objects.values_list("pk", "content_hash")) == before
    assert ChainHead.objects.get(name="articles.publishedarticle").hash == head


def test_canonical_form_leaves_out_the_seal_and_what_may_change():
    version = PublishedArticle(
        pk=7, title="Grading", is_current=True, content_hash="x" * 64, summary=""
    )
    assert chain.canonical(version) == (
        b'{"id":7,"model":"articles.publishedarticle","title":"Grading"}'
    )


def test_the_page_shows_the_seal_a_clinician_can_cite(reader, demo):
    version = PublishedArticle.objects.current().get(
        slug="neuroendocrine-tumours", language="en"
    )
    page = reader.get("/en/articles/neuroendocrine-tumours/").content.decode()
    assert f"seal <code>{version.short_hash}</code>" in page
    assert f"seal {version.short_hash}" in page
    history = reader.get("/en/articles/neuroendocrine-tumours/history/")
    assert version.short_hash in history.content.decode()
    old = reader.get(f"/en/articles/neuroendocrine-tumours/history/{version.number}/")
    assert version.short_hash in old.content.decode()


def test_the_audit_trail_in_the_admin_shows_each_events_seal(client, demo):
    sign_in_with_second_factor(client, User.objects.get(username="admin"))
    page = client.get("/admin/oncolex/auditevent/").content.decode()
    event = AuditEvent.objects.order_by("-at", "-pk").first()
    assert event.content_hash[:12] in page


def test_an_audit_event_written_by_any_code_is_sealed(demo):
    event = AuditEvent.objects.create(
        content_type=ContentType.objects.get_for_model(PublishedArticle),
        object_id=1,
        action="submit",
        at=PublishedArticle.objects.first().approved_at,
        comment="Written outside the review services",
    )
    event.refresh_from_db()
    assert len(event.content_hash) == 64
    assert "Every chain is intact." in verify()
