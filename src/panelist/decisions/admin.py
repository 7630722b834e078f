"""The committee's recommendations, skill readings and decisions are read-only in the admin.

Each is a step of the process that the services keep with who and when, on the application's
timeline and in the recording history; an edit or a delete here would leave no trace, so
changes go through the app's pages and the API."""

from django.contrib import admin

from panelist.decisions import models


class KeptStepAdmin(admin.ModelAdmin):
    """Listed and readable; never added, changed or deleted from the admin."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.CommitteeRecommendation)
class CommitteeRecommendationAdmin(KeptStepAdmin):
    list_display = ("application", "recommendation", "recorded_by", "recorded_at")
    list_select_related = ("application__candidate", "application__opening", "recorded_by")


@admin.register(models.CommitteeRecommendationRecord)
class CommitteeRecommendationRecordAdmin(KeptStepAdmin):
    list_display = ("application", "recommendation", "recorded_by", "recorded_at")
    list_select_related = ("application__candidate", "application__opening", "recorded_by")


@admin.register(models.Decision)
class DecisionAdmin(KeptStepAdmin):
    list_display = ("application", "outcome", "level", "decided_by", "decided_at")
    list_select_related = ("application__candidate", "application__opening", "level", "decided_by")


@admin.register(models.SkillAssessment)
class SkillAssessmentAdmin(KeptStepAdmin):
    list_display = ("application", "skill", "holding", "recorded_by", "recorded_at")
    list_select_related = ("application__candidate", "application__opening", "skill", "recorded_by")


@admin.register(models.SkillAssessmentRecord)
class SkillAssessmentRecordAdmin(KeptStepAdmin):
    list_display = ("application", "skill", "holding", "recorded_by", "recorded_at")
    list_select_related = ("application__candidate", "application__opening", "skill", "recorded_by")
