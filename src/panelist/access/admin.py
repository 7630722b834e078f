from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from panelist.access import services
from panelist.access.models import OrganisationSettings, User


@admin.register(User)
class PanelistUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "role", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    fieldsets = (*UserAdmin.fieldsets, ("Panelist", {"fields": ("role",)}))
    add_fieldsets = (*UserAdmin.add_fieldsets, ("Panelist", {"fields": ("role",)}))

    def save_model(self, request, obj, form, change) -> None:
        # Groups and permissions are saved after this (save_related), inside the same
        # transaction; form.changed_data already names them.
        services.user_save(
            actor=request.user, user=obj, changed=form.changed_data, created=not change
        )


@admin.register(OrganisationSettings)
class OrganisationSettingsAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "blind_mode",
        "recruiter_access",
        "move_to_debrief_when_complete",
        "two_factor_for_everyone",
    )

    def save_model(self, request, obj, form, change) -> None:
        services.organisation_settings_save(
            actor=request.user, organisation=obj, changed=form.changed_data
        )

    def has_add_permission(self, request) -> bool:
        return not OrganisationSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
