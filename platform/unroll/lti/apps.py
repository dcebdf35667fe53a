from django.apps import AppConfig


class LtiConfig(AppConfig):
    name = "unroll.lti"
    verbose_name = "LTI"

    def ready(self) -> None:
        from unroll.lti import framing

        framing.connect_signals()
