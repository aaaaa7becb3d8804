"""Seal the records written before seals existed (see oncolex/review/chain.py),
and withdraw pending submissions whose content was deleted before deleting
withdrew them."""

from django.db import migrations
from django.utils import timezone

from oncolex.review.chain import reseal_all

SEALED = [
    ("articles", "PublishedArticle"),
    ("articles", "PublishedCancerType"),
    ("epidemiology", "PublishedDataset"),
]


def withdraw_orphans(apps, schema_editor):
    Submission = apps.get_model("oncolex", "Submission")
    AuditEvent = apps.get_model("oncolex", "AuditEvent")
    now = timezone.now()
    for submission in Submission.objects.filter(state="pending").select_related(
        "content_type"
    ):
        content_type = submission.content_type
        try:
            model = apps.get_model(content_type.app_label, content_type.model)
        except LookupError:
            model = None
        if model is not None and model.objects.filter(pk=submission.object_id).exists():
            continue
        comment = "Withdrawn: its content had been deleted."
        submission.state = "withdrawn"
        submission.decided_at = now
        submission.decision_comment = comment
        submission.save(update_fields=["state", "decided_at", "decision_comment"])
        AuditEvent.objects.create(
            content_type_id=submission.content_type_id,
            object_id=submission.object_id,
            action="withdraw",
            at=now,
            comment=comment,
            submission=submission,
        )


def seal(apps, schema_editor):
    ChainHead = apps.get_model("oncolex", "ChainHead")
    for app_label, model_name in SEALED:
        reseal_all(apps.get_model(app_label, model_name), ChainHead)
    reseal_all(apps.get_model("oncolex", "AuditEvent"), ChainHead)


def unseal(apps, schema_editor):
    apps.get_model("oncolex", "ChainHead").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("oncolex", "0005_chain"),
        ("articles", "0013_reviewed_cancer_types"),
        ("epidemiology", "0006_one_live_dataset_per_address"),
    ]

    operations = [
        migrations.RunPython(withdraw_orphans, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(seal, unseal, elidable=False),
    ]
