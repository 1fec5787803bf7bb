# Names the admin shows in Chinese (issue 17): report sections and versions, who created a report, its version.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0007_approved_figures"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="reportsection",
            options={"ordering": ["order", "pk"], "verbose_name": "report section",
                     "verbose_name_plural": "report sections"},
        ),
        migrations.AlterModelOptions(
            name="reportversion",
            options={"ordering": ["-number"], "verbose_name": "report version",
                     "verbose_name_plural": "report versions"},
        ),
        migrations.AlterField(
            model_name="reportversion",
            name="created_by",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                                    to=settings.AUTH_USER_MODEL, verbose_name="created by"),
        ),
        migrations.AlterField(
            model_name="summaryreport",
            name="created_by",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                                    to=settings.AUTH_USER_MODEL, verbose_name="created by"),
        ),
        migrations.AlterField(
            model_name="summaryreport",
            name="version",
            field=models.PositiveIntegerField(default=1, verbose_name="version"),
        ),
    ]
