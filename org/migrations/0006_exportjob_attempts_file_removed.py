from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0005_exportjob_updated_at'),
    ]

    operations = [
        migrations.AddField(
            model_name='exportjob',
            name='attempts',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='resumed'),
        ),
        migrations.AddField(
            model_name='exportjob',
            name='file_removed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='file removed'),
        ),
    ]
