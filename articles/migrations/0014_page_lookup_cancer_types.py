"""Indexes for the public pages' cancer-type lookups: the menu (live rows in
menu order) and the address (by slug, live first), which otherwise read every
retired version."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_reviewed_cancer_types"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="publishedcancertype",
            index=models.Index(
                condition=models.Q(("is_current", True)),
                fields=["menu_position", "name_en"],
                name="published_cancer_type_menu",
            ),
        ),
        migrations.AddIndex(
            model_name="publishedcancertype",
            index=models.Index(
                fields=["slug", "is_current", "number"],
                name="published_cancer_type_slug",
            ),
        ),
    ]
