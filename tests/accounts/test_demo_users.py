"""`manage.py create_demo_users`: the quick start's accounts, and a course that joins them."""

from io import StringIO

from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from support import logs_in
from unroll.courses.models import Course


def test_the_demo_instructor_teaches_the_demo_learner_every_exercise(client, exercises):
    for _ in range(2):  # idempotent: the second run resets passwords and keeps one course
        output = StringIO()
        call_command("create_demo_users", stdout=output)
    course = Course.objects.get()
    assert f"join code {course.join_code}" in output.getvalue()
    assert course.items.count() == len(exercises)
    learner, instructor = User.objects.get(username="learner"), User.objects.get(username="instructor")
    assert course.enrollments.filter(learner=learner).exists() and instructor in course.instructors.all()

    assert logs_in(client, "instructor", "instructor-demo-pass")
    assert 'data-learner="learner"' in client.get(reverse("progress:class_progress")).content.decode()
