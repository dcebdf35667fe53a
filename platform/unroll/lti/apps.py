from django.apps import AppConfig


class LtiConfig(AppConfig):
    name = "unroll.lti"
    verbose_name = "LTI"

    def ready(self) -> None:
        from unroll.lti import framing

        framing.connect_signals()

        # Grades and rosters: lower apps' changes reach the LMS through signals and the workers' sweeper,
        # never by their importing this app.
        from unroll.courses.extensions import register_course_reads, register_gradebook_marker, register_manage_panel
        from unroll.lti import gradebook_marks, grades, roster, roster_views
        from unroll.submissions.sweeper import register_sweep

        grades.connect_signals()
        register_course_reads(gradebook_marks.with_link)
        register_gradebook_marker(gradebook_marks.marks_for)
        register_manage_panel(roster_views.roster_panel)
        register_sweep(grades.resend_due)
        register_sweep(roster.sync_due_rosters)
