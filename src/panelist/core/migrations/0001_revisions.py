"""Revision counters and the triggers that raise them (panelist.core.revisions).

The triggers cover every table that exists once the migrations listed below have run; every
later ``migrate`` installs what is missing (``revisions.ensure_triggers`` on post_migrate)."""

from django.db import migrations, models

from panelist.core import revisions


def install(apps, schema_editor):
    revisions.ensure_triggers(schema_editor.connection)
    revisions.start_new_epoch(schema_editor.connection)


def remove(apps, schema_editor):
    revisions.remove_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("access", "0007_seal_mfa_secrets"),
        ("account", "0009_emailaddress_unique_primary_email"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("api", "0002_idempotent_request"),
        ("audit", "0004_candidate_link_events"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("calibration", "0003_stored_intervals"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("decisions", "0005_final_evaluation_and_member_skill_readings"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        ("fairness", "0002_shipped_questions"),
        ("greenhouse", "0003_erased_in_panelist"),
        ("hiring", "0009_candidate_created_index"),
        ("interviews", "0009_signal_cites_learning_prompt"),
        ("library", "0002_learning_prompt_formats"),
        ("mfa", "0003_authenticator_type_uniq"),
        ("notifications", "0008_review_due_kind"),
        ("outcomes", "0001_hires_and_reviews"),
        ("portal", "0001_candidate_links_and_materials"),
        ("privacy", "0001_retention_policy_and_candidate_privacy"),
        ("sessions", "0001_initial"),
        ("socialaccount", "0006_alter_socialaccount_extra_data"),
        ("teams", "0002_skill_reading"),
        ("usersessions", "0001_initial"),
        ("webhooks", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Revision",
            fields=[
                ("scope", models.BigIntegerField(primary_key=True, serialize=False)),
                ("n", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name": "revision"},
        ),
        migrations.RunPython(install, remove, elidable=False),
    ]
