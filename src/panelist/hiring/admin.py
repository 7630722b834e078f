from django.contrib import admin

from panelist.core.admin import ReadOnly
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
class ApplicationAdmin(ReadOnly, admin.ModelAdmin):
    """Read-only: an application is created, moved between stages and closed by the services,
    which write each step on its timeline. Deleting one would take its scorecards, committee
    recommendation and decision with it, so the admin cannot."""

    list_display = ("candidate", "opening", "stage", "created_at")
    list_filter = ("stage",)
    list_select_related = ("candidate", "opening")
    fields = ("candidate", "opening", "stage", "stage_changed_at", "created_at")
    readonly_fields = fields
