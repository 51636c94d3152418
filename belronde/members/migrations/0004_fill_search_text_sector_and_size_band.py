"""Fill the derived columns (search text, sector, size band) of organisations that existed
before they were added; new and changed rows keep them in step themselves."""

from django.db import migrations


def fill(apps, schema_editor):
    from belronde.members.normalise import band_for
    from belronde.members.reference import fold_words, section_for

    Organisation = apps.get_model("members", "Organisation")
    batch = []
    for org in Organisation.objects.filter(search_text="").iterator(chunk_size=2000):
        org.search_text = (
            f"{fold_words(org.name)} {fold_words(org.municipality)} {org.enterprise_number}"[:400]
        )
        org.nace_section = (
            section_for(org.nace_code, org.nace_version or "2008") if org.nace_code else ""
        )
        if org.employees is not None:
            org.size_band = band_for(org.employees)
        batch.append(org)
        if len(batch) >= 2000:
            Organisation.objects.bulk_update(batch, ["search_text", "nace_section", "size_band"])
            batch = []
    if batch:
        Organisation.objects.bulk_update(batch, ["search_text", "nace_section", "size_band"])


class Migration(migrations.Migration):
    dependencies = [("members", "0003_trigram_search_index_on_postgresql")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
