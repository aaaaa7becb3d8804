from __future__ import annotations

from django.db import migrations

from oncolex.review.groups import grant


def grant_figure_permissions(apps, schema_editor):
    grant(apps, app_label="figures", models=["figure", "figureplacement"], extra={})
    # Published media rows are written by approval only.
    grant(apps, app_label="figures", models=[], extra={
        "Editors": ["view_publishedmedia"],
        "Approvers": ["view_publishedmedia"],
    })


class Migration(migrations.Migration):
    dependencies = [
        ("figures", "0001_initial"),
        ("oncolex", "0002_editorial_groups"),
    ]
    operations = [
        migrations.RunPython(grant_figure_permissions, migrations.RunPython.noop)
    ]
