"""Admin for committee records. Scorecard content is personal data under the blind rule, so
the admin lists scorecards and their status but shows no ratings, evidence or flags."""

from django.contrib import admin

from panelist.core.admin import ReadOnly
from panelist.interviews import models


@admin.register(models.Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("member", "application", "interview_format", "scheduled_at", "feedback_due")
    list_select_related = (
        "member",
        "application__candidate",
        "application__opening",
        "interview_format",
    )
    filter_horizontal = ("dimensions",)

    def get_readonly_fields(self, request, obj=None):
        # Moving an assignment would hand its scorecard (drafts included) to someone else.
        return ("application", "member", "interview_format") if obj else ()


@admin.register(models.Scorecard)
class ScorecardAdmin(ReadOnly, admin.ModelAdmin):
    """A scorecard is a kept step of the process; deleting it (or an assignment or application
    that would take it along) would leave no trace on the timeline."""

    list_display = ("assignment", "status", "submitted_at", "version")
    list_filter = ("status",)
    list_select_related = (
        "assignment__member",
        "assignment__application__candidate",
        "assignment__application__opening",
        "assignment__interview_format",
    )
    fields = ("assignment", "library_version", "status", "submitted_at", "version")
    readonly_fields = fields


@admin.register(models.Rating, models.TraitSignal, models.Flag, models.Amendment)
class ScorecardContentAdmin(admin.ModelAdmin):
    """Registered so the models are listed, but no admin may open them: use the app's pages,
    which apply the blind rule."""

    def has_module_permission(self, request) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
