from django.contrib import admin

from panelist.hiring import models


class RequiredSkillInline(admin.TabularInline):
    model = models.RequiredSkill
    extra = 0


@admin.register(models.Opening)
class OpeningAdmin(admin.ModelAdmin):
    list_display = ("title", "team", "hiring_manager", "target_level", "status")
    list_filter = ("status", "team")
    list_select_related = ("team", "hiring_manager", "target_level")
    inlines = [RequiredSkillInline]

    def get_readonly_fields(self, request, obj=None):
        # Scorecards are written against the opening's library version: pinned once created.
        return ("library_version",) if obj else ()


@admin.register(models.Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "created_at")
    search_fields = ("name", "email")


@admin.register(models.Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("candidate", "opening", "stage", "created_at")
    list_filter = ("stage",)
    list_select_related = ("candidate", "opening")
