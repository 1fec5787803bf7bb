"""Load the default section wording (reports/defaults.py)."""

from django.db import migrations


def create(apps, schema_editor):
    from reports.defaults import ensure_default_wording

    ensure_default_wording(apps.get_model("reports", "SectionTemplate"))


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
