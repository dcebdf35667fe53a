# The draft's computation state takes the names every draft shares (unroll.content.models.Draft).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0002_attempts_versions_drafts")]

    operations = [
        migrations.RenameField("quizdraft", "computed_hash", "job_hash"),
        migrations.RenameField("quizdraft", "computed_at", "job_done_at"),
        migrations.AlterField(
            model_name="quizdraft",
            name="job_hash",
            field=models.CharField(blank=True, help_text="What the last job read (its hash).", max_length=64),
        ),
        migrations.AlterField(
            model_name="quizdraft",
            name="status",
            field=models.CharField(
                choices=[("none", "Not run"), ("queued", "Queued"), ("running", "Running"), ("done", "Done")],
                default="none",
                max_length=16,
            ),
        ),
        migrations.AlterField(
            model_name="quiz",
            name="version",
            field=models.PositiveIntegerField(default=1, help_text="Goes up each time the published content changes."),
        ),
    ]
