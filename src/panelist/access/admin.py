from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from panelist.access.models import OrganisationSettings, User


@admin.register(User)
class PanelistUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "role", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    fieldsets = (*UserAdmin.fieldsets, ("Panelist", {"fields": ("role",)}))
    add_fieldsets = (*UserAdmin.add_fieldsets, ("Panelist", {"fields": ("role",)}))


@admin.register(OrganisationSettings)
class OrganisationSettingsAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "blind_mode",
        "recruiter_access",
        "move_to_debrief_when_complete",
        "two_factor_for_everyone",
    )

    def has_add_permission(self, request) -> bool:
        return not OrganisationSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
