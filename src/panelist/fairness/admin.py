"""Admins configure the questions and their answers here. The answers candidates gave are
deliberately not registered: no page, the administration included, shows one person's."""

from django.contrib import admin

from panelist.fairness.models import AnswerOption, Question


class AnswerOptionInline(admin.TabularInline):
    model = AnswerOption
    extra = 1


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("label", "key", "order", "active", "intersect")
    inlines = [AnswerOptionInline]
    prepopulated_fields = {"key": ("label",)}

    def has_delete_permission(self, request, obj=None) -> bool:
        # Answers point at their question; retire a question with "active" instead.
        return False
