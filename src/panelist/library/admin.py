"""Admin for the library. Identities (dimensions, formats, traits, tracks, levels) are edited
here; what belongs to a library version is read-only, because scorecards and openings point at
it: change the YAML file and load it as a new version instead (`panelist rubric load`)."""

from django.contrib import admin

from panelist.core.admin import ReadOnly
from panelist.library import models


class VersionedReadOnly(ReadOnly, admin.ModelAdmin):
    pass


@admin.register(models.Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "assessed", "order")


@admin.register(models.InterviewFormat)
class InterviewFormatAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "duration_minutes")
    filter_horizontal = ("dimensions",)


@admin.register(models.Trait)
class TraitAdmin(admin.ModelAdmin):
    list_display = ("name", "key")


class LevelInline(admin.TabularInline):
    model = models.Level
    extra = 0


@admin.register(models.Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "order")
    inlines = [LevelInline]


@admin.register(models.Level)
class LevelAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "track", "rank", "seniority")
    list_filter = ("track",)


@admin.register(models.LibraryVersion)
class LibraryVersionAdmin(VersionedReadOnly):
    list_display = ("number", "name", "source_name", "loaded_at", "loaded_by")


@admin.register(models.LevelExpectation)
class LevelExpectationAdmin(VersionedReadOnly):
    list_display = ("level", "dimension", "summary", "expected_rating", "version")
    list_filter = ("version", "dimension", "level__track")
    list_select_related = ("level", "dimension", "version")


class RubricQuestionInline(ReadOnly, admin.StackedInline):
    model = models.RubricQuestion
    extra = 0


@admin.register(models.Rubric)
class RubricAdmin(VersionedReadOnly):
    list_display = ("title", "dimension", "version")
    list_filter = ("version", "dimension")
    list_select_related = ("dimension", "version")
    inlines = [RubricQuestionInline]


@admin.register(models.RubricQuestion)
class RubricQuestionAdmin(VersionedReadOnly):
    list_display = ("key", "rubric", "order")
    list_filter = ("rubric__version", "rubric__dimension")
    list_select_related = ("rubric__dimension", "rubric__version")
    search_fields = ("prompt", "key")


@admin.register(models.LearningPrompt)
class LearningPromptAdmin(VersionedReadOnly):
    list_display = ("key", "version", "order")
    list_filter = ("version",)
