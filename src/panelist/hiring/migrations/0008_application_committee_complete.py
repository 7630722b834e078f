from django.db import migrations, models
from django.db.models import Exists, ExpressionWrapper, OuterRef


def fill_committee_complete(apps, schema_editor):
    """Set the new field from the assignments as they stand, in one statement."""
    Application = apps.get_model("hiring", "Application")
    Assignment = apps.get_model("interviews", "Assignment")
    complete = Exists(Assignment.objects.filter(application=OuterRef("pk"))) & ~Exists(
        Assignment.objects.filter(application=OuterRef("pk"), submitted=False)
    )
    Application.objects.update(
        committee_complete=ExpressionWrapper(complete, output_field=models.BooleanField())
    )


READY = models.Q(
    ("committee_complete", True), ("stage__in", ["applied", "screening", "interviewing"])
)


class Migration(migrations.Migration):
    dependencies = [
        ("hiring", "0007_application_version"),
        ("interviews", "0007_assignment_submitted"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="committee_complete",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(fill_committee_complete, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                condition=READY, fields=["stage_changed_at", "id"], name="application_ready_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                condition=READY,
                fields=["opening", "stage_changed_at"],
                name="application_ready_by_opening",
            ),
        ),
    ]
