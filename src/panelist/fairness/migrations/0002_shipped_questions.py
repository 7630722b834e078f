from django.db import migrations

from panelist.fairness.defaults import DEFAULT_QUESTIONS


def add_questions(apps, schema_editor):
    Question = apps.get_model("fairness", "Question")
    AnswerOption = apps.get_model("fairness", "AnswerOption")
    for spec in DEFAULT_QUESTIONS:
        fields = {k: v for k, v in spec.items() if k not in ("key", "options")}
        question, created = Question.objects.get_or_create(key=spec["key"], defaults=fields)
        if created:
            AnswerOption.objects.bulk_create(
                AnswerOption(question=question, label=label, order=order)
                for order, label in enumerate(spec["options"])
            )


class Migration(migrations.Migration):
    dependencies = [("fairness", "0001_self_identification")]

    operations = [migrations.RunPython(add_questions, migrations.RunPython.noop)]
