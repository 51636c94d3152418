"""The theme model moves from ``knowledge`` to its own low app: the table stays where it is
(``knowledge_theme``, created by ``knowledge/0001``), only Django's idea of its owner changes."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        ("knowledge", "0002_seed_themes_of_existing_chapters"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Theme",
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
                        ("slug", models.SlugField(max_length=40, verbose_name="code")),
                        (
                            "label_nl",
                            models.CharField(max_length=100, verbose_name="name (Dutch)"),
                        ),
                        (
                            "label_en",
                            models.CharField(max_length=100, verbose_name="name (English)"),
                        ),
                        (
                            "keywords",
                            models.JSONField(blank=True, default=list, verbose_name="keywords"),
                        ),
                        ("is_active", models.BooleanField(default=True, verbose_name="in use")),
                        (
                            "position",
                            models.PositiveSmallIntegerField(default=0, verbose_name="position"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="created at"
                            ),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="updated at"
                            ),
                        ),
                        (
                            "chapter",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="accounts.chapter",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "theme",
                        "verbose_name_plural": "themes",
                        "db_table": "knowledge_theme",
                        "ordering": ["position", "label_nl"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("chapter", "slug"), name="theme_unique_slug"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
