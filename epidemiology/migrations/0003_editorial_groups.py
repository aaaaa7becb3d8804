from __future__ import annotations

from django.db import migrations

from oncolex.review.groups import APPROVERS, EDITORS, grant

# Rows change only through a CSV import (a change to the dataset), published
# records only through approval and standard populations only by migration:
# both groups may look at them, nobody edits them by hand.
VIEW_ONLY = [
    "view_incidencerow",
    "view_sitesharerow",
    "view_publisheddataset",
    "view_standardpopulation",
    "view_standardpopulationweight",
]


def grant_epidemiology_permissions(apps, schema_editor):
    grant(
        apps,
        app_label="epidemiology",
        models=["source", "dataset"],
        extra={EDITORS: VIEW_ONLY, APPROVERS: VIEW_ONLY},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("epidemiology", "0002_standard_populations"),
        ("oncolex", "0002_editorial_groups"),
    ]
    operations = [
        migrations.RunPython(grant_epidemiology_permissions, migrations.RunPython.noop)
    ]
