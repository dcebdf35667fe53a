from django.apps import AppConfig


class ContentConfig(AppConfig):
    """What exercises and quizzes share: their lifecycle (draft, proof, publish, version, export)
    and the one place the site calls the grader. It sits below every app that holds content."""

    name = "unroll.content"
