"""Questions and practices point at ``themes.Theme`` now; the table and its rows stay as they are
(see ``themes/0001``), so nothing happens in the database."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0002_seed_themes_of_existing_chapters"),
        ("themes", "0001_theme_moves_from_knowledge"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name=model,
                    name="theme",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name=related,
                        to="themes.theme",
                        verbose_name="theme",
                    ),
                )
                for model, related in (
                    ("question", "questions"),
                    ("bestpractice", "best_practices"),
                )
            ]
            + [migrations.DeleteModel(name="Theme")],
            database_operations=[],
        ),
    ]
