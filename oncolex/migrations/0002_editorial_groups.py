from __future__ import annotations

from django.db import migrations

from oncolex.review.groups import APPROVERS, EDITORS, grant


def create_groups(apps, schema_editor):
    grant(
        apps,
        app_label="oncolex",
        models=[],
        extra={
            EDITORS: ["add_submission", "view_submission", "view_auditevent"],
            APPROVERS: [
                "add_submission",
                "view_submission",
                "view_auditevent",
                "approve_submission",
                "unpublish_content",
            ],
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("oncolex", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
