from django.contrib import admin

from panelist.teams import models


class MembershipInline(admin.TabularInline):
    model = models.TeamMembership
    extra = 0


@admin.register(models.Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]


class MemberSkillInline(admin.TabularInline):
    model = models.MemberSkill
    extra = 0


@admin.register(models.TeamMembership)
class TeamMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "team", "joined_on")
    list_select_related = ("user", "team")
    inlines = [MemberSkillInline]


@admin.register(models.Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "dimension")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(models.MemberSkill)
class MemberSkillAdmin(admin.ModelAdmin):
    list_display = ("membership", "skill", "level")
    list_select_related = ("membership__user", "membership__team", "skill")


@admin.register(models.CoachingPreference)
class CoachingPreferenceAdmin(admin.ModelAdmin):
    list_display = ("manager", "dimension", "willingness")
    list_select_related = ("manager", "dimension")
