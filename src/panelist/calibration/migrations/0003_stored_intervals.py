"""Store each interval's ends, which the posterior draws make asymmetric; earlier runs get
the symmetric interval they were shown with (estimate ± 1.6449 standard errors)."""

from django.db import migrations, models
from django.db.models import F

Z90 = 1.6449


def symmetric_ends(apps, schema_editor):
    for model, estimate in (("CandidateScore", "score"), ("Leniency", "leniency")):
        apps.get_model("calibration", model).objects.update(
            low=F(estimate) - Z90 * F("se"), high=F(estimate) + Z90 * F("se")
        )


class Migration(migrations.Migration):
    dependencies = [("calibration", "0002_interviewer_summary")]

    operations = [
        migrations.AddField(
            model_name="fit",
            name="method",
            field=models.CharField(
                choices=[
                    ("posterior", "Posterior draws (small data)"),
                    ("plug-in", "Plug-in standard errors (large data)"),
                ],
                default="plug-in",
                max_length=20,
            ),
        ),
        *(
            migrations.AddField(model_name=model, name=end, field=models.FloatField(null=True))
            for model in ("candidatescore", "leniency")
            for end in ("low", "high")
        ),
        migrations.RunPython(symmetric_ends, migrations.RunPython.noop),
        *(
            migrations.AlterField(
                model_name=model,
                name=end,
                field=models.FloatField(help_text=f"{label} end of the 90 % interval."),
            )
            for model in ("candidatescore", "leniency")
            for end, label in (("low", "Lower"), ("high", "Upper"))
        ),
    ]
