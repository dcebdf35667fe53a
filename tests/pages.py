"""Every page a person can reach, per persona, over a site with something on each page: one list for every crawl.

    data = site_data(learner, instructor, exercises)   # inside a test with database access
    for url in pages_for("learner", data): ...         # "anonymous", "learner" or "instructor"

`site_data` builds, through the site's own actions, a course taught by `instructor` that `learner`
joined (two exercises and a quiz), a graded submission with failing checks and one that never reached
its checks, a quiz attempt, a score override, and an open draft of an exercise and of a quiz, so
that no page is crawled empty. The server-side crawl is tests/courses/test_every_page_is_well_formed.py;
a browser crawl imports the same two names.
"""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.urls import reverse

from support import check, graded, published_quiz

PERSONAS = ("anonymous", "learner", "instructor")


@dataclass(frozen=True)
class SiteData:
    learner: User
    instructor: User
    course: object  # unroll.courses.models.Course
    exercise: object  # the course's first exercise (unroll.catalog.models.Exercise)
    quiz: object  # the course's quiz (unroll.quizzes.models.Quiz)
    submission: object  # the learner's wrong answer on `exercise`
    attempt: object  # the learner's quiz attempt
    exercise_draft: object
    quiz_draft: object
    platform: object  # unroll.lti.models.Platform: an LMS the instructor registered


def site_data(learner: User, instructor: User, exercises: dict) -> SiteData:
    """A course of `instructor` joined by `learner`, with work on every kind of item (see the module's docstring)."""
    from unroll.catalog.drafts import draft_for_exercise
    from unroll.courses.actions import add_item, create_course, join_course, override_score
    from unroll.quizzes.actions import submit_attempt
    from unroll.quizzes.drafts import draft_for_quiz

    first, second = exercises["single-output"], exercises["multiple-output"]
    quiz = published_quiz()
    course = create_course(instructor, "Recurrent layers", "Every page of it, crawled.")
    for content in (first, second):
        add_item(course, exercise=content)
    quiz_item = add_item(course, quiz=quiz)
    join_course(learner, course.join_code)
    submission = graded(learner, first, "wrong_answer", 0.5, [check("output shape", True), check("units", False)])
    graded(learner, second, "syntax_error", 0.0, [{"name": "units", "passed": False, "message": "Not run: syntax."}])
    attempt = submit_attempt(learner, quiz, {"units": "0", "sequence-shape": "(1, 2)"})
    override_score(quiz_item, learner, instructor, 0.75, "Answered the second question in class.")
    second.authors.add(instructor)  # the instructor writes these two: their drafts, history and authors pages
    quiz.authors.add(instructor)
    platform = register_an_lms(instructor)
    return SiteData(
        learner=learner,
        instructor=instructor,
        course=course,
        exercise=first,
        quiz=quiz,
        submission=submission,
        attempt=attempt,
        exercise_draft=draft_for_exercise(second, instructor),
        quiz_draft=draft_for_quiz(quiz, instructor),
        platform=platform,
    )


def register_an_lms(instructor: User):
    from unroll.lti.registrations import PlatformDetails, register

    moodle = "https://moodle.example.edu"
    details = PlatformDetails(
        name="Campus Moodle",
        issuer=moodle,
        client_id="unroll-client",
        deployment_ids=["1"],
        keyset_url=f"{moodle}/mod/lti/certs.php",
        auth_url=f"{moodle}/mod/lti/auth.php",
        token_url=f"{moodle}/mod/lti/token.php",
    )
    return register(details, by=instructor)


def anonymous_pages() -> list[str]:
    return [
        "/",
        reverse("login"),
        reverse("signup"),
        reverse("password_reset"),
        reverse("password_reset_done"),
        reverse("password_reset_complete"),
    ]


def learner_pages(data: SiteData) -> list[str]:
    return [
        reverse("catalog:exercise_list"),
        reverse("catalog:exercise_detail", args=[data.exercise.slug]),
        reverse("submissions:detail", args=[data.submission.pk]),
        reverse("quizzes:quiz_list"),
        reverse("quizzes:quiz_detail", args=[data.quiz.slug]),
        reverse("quizzes:attempt_result", args=[data.quiz.slug, data.attempt.number]),
        reverse("courses:course_list"),
        reverse("courses:dashboard", args=[data.course.pk]),
    ]


def instructor_pages(data: SiteData) -> list[str]:
    course = data.course.pk
    return [
        reverse("catalog:exercise_list"),
        reverse("catalog:exercise_detail", args=[data.exercise.slug]),
        reverse("catalog:authoring_list"),
        reverse("catalog:new_exercise"),
        reverse("catalog:draft", args=[data.exercise_draft.pk]),
        reverse("quizzes:quiz_list"),
        reverse("quizzes:authoring_list"),
        reverse("quizzes:new_quiz"),
        reverse("quizzes:draft", args=[data.quiz_draft.pk]),
        reverse("quizzes:attempt_review", args=[data.attempt.pk]),
        reverse("submissions:detail", args=[data.submission.pk]),
        reverse("progress:class_progress"),
        reverse("courses:course_list"),
        reverse("courses:new_course"),
        reverse("courses:dashboard", args=[course]),
        reverse("courses:manage", args=[course]),
        reverse("courses:gradebook", args=[course]),
        reverse("courses:statistics", args=[course]),
        reverse("lti:platform_list"),
        reverse("lti:platform_new"),
        reverse("lti:tool_values"),
        reverse("lti:platform_detail", args=[data.platform.registration.uuid]),
        reverse("lti:platform_edit", args=[data.platform.registration.uuid]),
        reverse("courses:learner", args=[course, data.learner.pk]),
    ]


def pages_for(persona: str, data: SiteData) -> list[str]:
    """The paths (no host) of every HTML page `persona` can open over `data`, each answering 200."""
    if persona == "anonymous":
        return anonymous_pages()
    if persona == "learner":
        return learner_pages(data)
    if persona == "instructor":
        return instructor_pages(data)
    raise ValueError(f"unknown persona {persona!r}: one of {', '.join(PERSONAS)}")


def user_of(persona: str, data: SiteData) -> User | None:
    """Who to log in as for `persona` (None: nobody)."""
    return {"anonymous": None, "learner": data.learner, "instructor": data.instructor}[persona]
