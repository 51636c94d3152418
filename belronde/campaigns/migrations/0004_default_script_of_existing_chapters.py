"""Chapters created before the default script came with the chapter get it now (until then the
script list and the new-campaign page created it on first use, which a GET must never do)."""

from django.db import migrations

from belronde.campaigns import script_items

NAME = "Script van de belronde"  # "Call round script" in the site's language, Dutch


def seed(apps, schema_editor):
    Chapter = apps.get_model("accounts", "Chapter")
    Script = apps.get_model("campaigns", "Script")
    ScriptVersion = apps.get_model("campaigns", "ScriptVersion")
    with_script = set(Script.objects.values_list("chapter_id", flat=True).distinct())
    items = script_items.validate_items(script_items.DEFAULT_ITEMS)
    for chapter in Chapter.objects.exclude(pk__in=with_script):
        script = Script.objects.create(chapter=chapter, name=NAME)
        ScriptVersion.objects.create(
            script=script,
            number=1,
            items=items,
            intro_nl=script_items.DEFAULT_INTRO_NL,
            intro_en=script_items.DEFAULT_INTRO_EN,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0003_idempotency_key_per_caller"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
