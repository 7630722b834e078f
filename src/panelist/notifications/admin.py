from django.contrib import admin

from panelist.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: failed deliveries show here after their last try, with the error."""

    list_display = ["kind", "recipient", "subject", "due_at", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["subject", "recipient__username", "recipient__email"]
    readonly_fields = [field.name for field in Notification._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
