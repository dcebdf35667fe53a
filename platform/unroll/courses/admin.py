from django.contrib import admin

from unroll.courses.models import Course, CourseItem, Enrollment, ScoreOverride


class CourseItemInline(admin.TabularInline):
    model = CourseItem
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "join_code", "created_at"]
    filter_horizontal = ["instructors"]
    inlines = [CourseItemInline]


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["course", "learner", "joined_at"]


@admin.register(ScoreOverride)
class ScoreOverrideAdmin(admin.ModelAdmin):
    list_display = ["item", "learner", "score", "by", "created_at"]
    readonly_fields = ["created_at"]
