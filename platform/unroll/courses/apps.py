from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "unroll.courses"

    def ready(self) -> None:
        # Content sits below courses: it asks the rule through a registry rather than importing it.
        from unroll.content import usage
        from unroll.courses.usage import courses_blocking_a_change

        usage.register(courses_blocking_a_change)
