from __future__ import annotations

from django.db import migrations

from oncolex.review.groups import grant


def grant_article_permissions(apps, schema_editor):
    grant(
        apps,
        app_label="articles",
        models=["cancertype", "article", "section", "reference"],
        extra={},
    )
    # Readers' records are written by approval only, never by hand; both groups
    # may look at them.
    grant(apps, app_label="articles", models=[], extra={
        "Editors": ["view_publishedarticle"],
        "Approvers": ["view_publishedarticle"],
    })


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_initial"),
        ("oncolex", "0002_editorial_groups"),
    ]
    operations = [migrations.RunPython(grant_article_permissions, migrations.RunPython.noop)]
