"""`manage.py create_demo_users`: a demo learner and a demo instructor for the quick start, and a
demo course the instructor teaches, holding every published exercise and quiz, which the learner
has joined (instructors see only the learners of their own courses)."""

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from django.db import transaction

from unroll.catalog.models import Exercise
from unroll.courses.actions import add_item, create_course
from unroll.courses.models import Course, Enrollment
from unroll.quizzes.models import Quiz

DEMO_COURSE = "Recurrent layers in Keras (demo)"

DEMO_USERS = (
    # username, password, is instructor
    ("learner", "learner-demo-pass", False),
    ("instructor", "instructor-demo-pass", True),
)


class Command(BaseCommand):
    help = "Create (or reset) the demo learner and instructor accounts and their course, and print the logins."

    def handle(self, *args, **options):
        users = {}
        for username, password, instructor in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.com"})
            user.is_staff = instructor
            user.set_password(password)
            user.save()
            users[instructor] = user
            role = "instructor" if instructor else "learner"
            self.stdout.write(f"  {role:<10} username: {username:<11} password: {password}")
        course = demo_course(instructor=users[True], learner=users[False])
        self.stdout.write(f"  course     {course.title}, join code {course.join_code}")


def demo_course(instructor: User, learner: User) -> Course:
    """The demo course, made once: every published exercise, then every published quiz."""
    with transaction.atomic():
        course = Course.objects.filter(title=DEMO_COURSE, instructors=instructor).first()
        if course is None:
            course = create_course(instructor, DEMO_COURSE, "Every exercise and quiz of this Unroll.")
            for exercise in Exercise.objects.published().in_order():
                add_item(course, exercise=exercise)
            for quiz in Quiz.objects.published().in_order():
                add_item(course, quiz=quiz)
        Enrollment.objects.get_or_create(course=course, learner=learner)
    return course
