from django.contrib import admin

from panelist.teams import models, services


class MembershipInline(admin.TabularInline):
    model = models.TeamMembership
    extra = 0


@admin.register(models.Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not models.TeamMembership:
            return super().save_formset(request, form, formset, change)
        saved = formset.save(commit=False)
        services.memberships_save(actor=request.user, saved=saved, deleted=formset.deleted_objects)
        formset.save_m2m()
        return None


class MemberSkillInline(admin.TabularInline):
    model = models.MemberSkill
    extra = 0


@admin.register(models.TeamMembership)
class TeamMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "team", "joined_on")
    list_select_related = ("user", "team")
    inlines = [MemberSkillInline]

    def save_model(self, request, obj, form, change) -> None:
        services.memberships_save(actor=request.user, saved=[obj])

    def delete_model(self, request, obj) -> None:
        services.memberships_save(actor=request.user, deleted=[obj])

    def delete_queryset(self, request, queryset) -> None:
        services.memberships_save(actor=request.user, deleted=list(queryset))


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
