"""An index for the cancer-type page's address lookup (by slug, the live
version first, else the newest retired one, which says where it moved): without
it every page reads every version of every cancer type."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_search_head_vector"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="publishedcancertype",
            index=models.Index(
                fields=["slug", "is_current", "number"],
                name="published_cancer_type_slug",
            ),
        ),
    ]
