# The draft's proof state takes the names every draft shares (unroll.content.models.Draft).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_drawings")]

    operations = [
        migrations.RenameField("exercisedraft", "proof_status", "status"),
        migrations.RenameField("exercisedraft", "proof_files_hash", "job_hash"),
        migrations.RenameField("exercisedraft", "proved_at", "job_done_at"),
        migrations.AlterField(
            model_name="exercisedraft",
            name="job_hash",
            field=models.CharField(blank=True, help_text="What the last job read (its hash).", max_length=64),
        ),
        migrations.AlterField(
            model_name="exercisedraft",
            name="files",
            field=models.JSONField(default=dict, help_text="{relative path: text}: the exercise's folder."),
        ),
    ]
