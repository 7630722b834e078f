"""The committee's recommendations, skill readings and decisions are read-only in the admin.

Each is a step of the process that the services keep with who and when, on the application's
timeline and in the recording history; an edit or a delete here would leave no trace, so
changes go through the app's pages and the API. The admin shows who recorded what and when,
but not the committee's notes, the evidence of a skill reading or a decision's rationale:
administrators read those on the app's pages, where the permission layer decides."""

from django.contrib import admin

from panelist.core.admin import ReadOnly
from panelist.decisions import models


class KeptStepAdmin(ReadOnly, admin.ModelAdmin):
    """Listed and readable; never added, changed or deleted from the admin."""


@admin.register(models.CommitteeRecommendation)
class CommitteeRecommendationAdmin(KeptStepAdmin):
    exclude = ("notes",)
    list_display = ("application", "recommendation", "recorded_by", "recorded_at")
    list_select_related = ("application__candidate", "application__opening", "recorded_by")


@admin.register(models.CommitteeRecommendationRecord)
class CommitteeRecommendationRecordAdmin(KeptStepAdmin):
    exclude = ("notes",)
    list_display = ("application", "recommendation", "recorded_by", "recorded_at")
    list_select_related = ("application__candidate", "application__opening", "recorded_by")


@admin.register(models.Decision)
class DecisionAdmin(KeptStepAdmin):
    exclude = ("rationale",)
    list_display = ("application", "outcome", "level", "decided_by", "decided_at")
    list_select_related = ("application__candidate", "application__opening", "level", "decided_by")


@admin.register(models.SkillAssessment)
class SkillAssessmentAdmin(KeptStepAdmin):
    exclude = ("evidence",)
    list_display = ("application", "skill", "holding", "recorded_by", "recorded_at")
    list_select_related = ("application__candidate", "application__opening", "skill", "recorded_by")


@admin.register(models.SkillAssessmentRecord)
class SkillAssessmentRecordAdmin(KeptStepAdmin):
    exclude = ("evidence",)
    list_display = ("application", "skill", "holding", "recorded_by", "recorded_at")
    list_select_related = ("application__candidate", "application__opening", "skill", "recorded_by")


@admin.register(models.MemberSkillReading)
class MemberSkillReadingAdmin(KeptStepAdmin):
    exclude = ("evidence",)
    list_display = ("application", "skill", "member", "holding", "recorded_at")
    list_select_related = ("application__candidate", "application__opening", "skill", "member")


@admin.register(models.FinalEvaluation)
class FinalEvaluationAdmin(KeptStepAdmin):
    exclude = ("coaching", "complement", "collaboration", "collaboration_concern", "confidence")
    list_display = ("application", "recorded_by", "recorded_at")
    list_select_related = ("application__candidate", "application__opening", "recorded_by")
