"""What several apps' admin pages share."""


class ReadOnly:
    """Viewable, never added, changed or deleted through the admin: for records that the
    services write with their rules and timeline (steps of the process, versioned library
    rows). Mix in before ``admin.ModelAdmin`` or an inline."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
