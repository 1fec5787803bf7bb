import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0004_audit_actor_protect"),
    ]

    operations = [
        migrations.AddField(
            model_name="exportjob",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now, verbose_name="updated"),
            preserve_default=False,
        ),
    ]
