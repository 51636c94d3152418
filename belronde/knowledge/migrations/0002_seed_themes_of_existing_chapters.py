"""Chapters created before themes came with the chapter get the curated list now (until then a
page created it on first use, which a GET must never do)."""

from django.db import migrations

from belronde.themes.defaults import DEFAULT_THEMES


def seed(apps, schema_editor):
    Chapter = apps.get_model("accounts", "Chapter")
    Theme = apps.get_model("knowledge", "Theme")
    with_themes = set(Theme.objects.values_list("chapter_id", flat=True).distinct())
    for chapter in Chapter.objects.exclude(pk__in=with_themes):
        Theme.objects.bulk_create(
            Theme(
                chapter=chapter,
                slug=default.slug,
                label_nl=default.label_nl,
                label_en=default.label_en,
                keywords=list(default.keywords),
                position=(index + 1) * 10,
            )
            for index, default in enumerate(DEFAULT_THEMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0001_themes_questions_answers_practices"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
