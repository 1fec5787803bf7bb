"""Version notes written before the history was worded in Chinese ("submitted", "reopened 原因")."""

from django.db import migrations

# The notes services wrote until 2026-12-02, and how the history words them now (frozen here).
WORDS = {"submitted": "提交审定", "approved": "已审定"}


def forwards(apps, schema_editor):
    ReportVersion = apps.get_model("reports", "ReportVersion")
    for version in ReportVersion.objects.filter(note__regex=r"^(submitted|approved|reopened)( |$)"):
        action, _, reason = version.note.partition(" ")
        version.note = WORDS.get(action) or f"重新打开：{reason}"
        version.save(update_fields=["note"])


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_review_and_basis")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
