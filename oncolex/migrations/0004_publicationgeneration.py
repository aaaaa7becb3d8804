from django.db import migrations, models


def create_the_row(apps, schema_editor):
    apps.get_model("oncolex", "PublicationGeneration").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("oncolex", "0003_alter_auditevent_action")]

    operations = [
        migrations.CreateModel(
            name="PublicationGeneration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("value", models.PositiveBigIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("id", 1)),
                        name="publication_generation_one_row",
                    )
                ]
            },
        ),
        migrations.RunPython(create_the_row, migrations.RunPython.noop),
    ]
