from django.contrib import admin

from panelist.decisions import models


@admin.register(models.CommitteeRecommendation)
class CommitteeRecommendationAdmin(admin.ModelAdmin):
    list_display = ("application", "recommendation", "recorded_by", "recorded_at")
    list_select_related = ("application__candidate", "application__opening", "recorded_by")


@admin.register(models.Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("application", "outcome", "level", "decided_by", "decided_at")
    list_select_related = ("application__candidate", "application__opening", "level", "decided_by")


@admin.register(models.SkillAssessment)
class SkillAssessmentAdmin(admin.ModelAdmin):
    list_display = ("application", "skill", "holding", "recorded_by", "recorded_at")
    list_select_related = ("application__candidate", "application__opening", "skill", "recorded_by")
