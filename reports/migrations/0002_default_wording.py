"""Once loaded the default section wording; superseded by ``reports.apps`` (post_migrate).

It imported live code, so a later change of the templates' model broke a fresh ``migrate``;
the defaults are now ensured after every migrate instead (reports/defaults.py).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations: list = []
