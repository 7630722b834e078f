from django.contrib import admin

from panelist.privacy.models import CandidatePrivacy, RetentionPolicy


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "months_after_decision", "talent_pool_months"]

    def has_add_permission(self, request) -> bool:
        return not RetentionPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CandidatePrivacy)
class CandidatePrivacyAdmin(admin.ModelAdmin):
    """Read here; the legal hold and erasure are set on the candidate's data-rights page."""

    list_display = ["candidate_id", "legal_hold", "talent_pool_consent_at", "erased_at"]
    list_filter = ["legal_hold"]
    readonly_fields = [
        "candidate",
        "legal_hold",
        "legal_hold_reason",
        "talent_pool_consent_at",
        "erased_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False
