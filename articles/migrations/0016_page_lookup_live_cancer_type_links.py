"""A cancer type's live articles without the links of retired versions: each
link says whether its version is live, and a partial index holds the live
ones (the cancer-type page, search and the procedure index filter by them)."""

from django.db import migrations, models


def flag_retired_links(apps, schema_editor):
    link = apps.get_model("articles", "PublishedArticleCancerType")
    link.objects.filter(version__is_current=False).update(is_current=False)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_page_lookup_cancer_types"),
    ]

    operations = [
        migrations.AddField(
            model_name="publishedarticlecancertype",
            name="is_current",
            field=models.BooleanField(default=True),
        ),
        migrations.RunPython(flag_retired_links, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="publishedarticlecancertype",
            index=models.Index(
                condition=models.Q(("is_current", True)),
                fields=["cancer_type_id"],
                name="published_live_cancer_type",
            ),
        ),
    ]
