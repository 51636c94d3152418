"""Chapters that existed before coaching get the default timeline and plan modules (new chapters
get them from ``coaching.actions.seed_new_chapter``). Labels in Dutch, the chapters' language."""

from django.db import migrations

TIMELINE = (
    ("analysis", "Financiële analyse klaar", 7),
    ("plan", "Plan afgesproken", 21),
    ("follow_up", "Eerste opvolging", 45),
    ("follow_up", "Tweede opvolging", 90),
    ("closure", "Afsluiting en evaluatie", 120),
)
MODULES = (
    ("liquidity-plan", "Liquiditeitsplan"),
    ("payment-plan", "Afbetalingsplan met de RSZ of de fiscus"),
    ("cost-reduction", "Kostenbesparing"),
    ("financing", "Financiering"),
    ("judicial-reorganisation", "Voorbereiding van een gerechtelijke reorganisatie"),
    ("dyzo", "Overdracht aan Dyzo"),
    ("other", "Andere"),
)


def seed(apps, schema_editor):
    Chapter = apps.get_model("accounts", "Chapter")
    TimelineStep = apps.get_model("coaching", "TimelineStep")
    PlanModule = apps.get_model("coaching", "PlanModule")
    for chapter in Chapter.objects.all():
        if not TimelineStep.objects.filter(chapter=chapter).exists():
            for i, (kind, label, days) in enumerate(TIMELINE):
                TimelineStep.objects.create(
                    chapter=chapter, kind=kind, label=label, offset_days=days, position=i
                )
        if not PlanModule.objects.filter(chapter=chapter).exists():
            for i, (key, label) in enumerate(MODULES):
                PlanModule.objects.create(chapter=chapter, key=key, label=label, position=i)


class Migration(migrations.Migration):
    dependencies = [("coaching", "0001_trajectories"), ("accounts", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
