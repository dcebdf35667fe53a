"""`manage.py create_demo_users`: a demo learner and a demo instructor for the quick start."""

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand

DEMO_USERS = (
    # username, password, is instructor
    ("learner", "learner-demo-pass", False),
    ("instructor", "instructor-demo-pass", True),
)


class Command(BaseCommand):
    help = "Create (or reset) the demo learner and instructor accounts, and print their logins."

    def handle(self, *args, **options):
        for username, password, instructor in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.com"})
            user.is_staff = instructor
            user.set_password(password)
            user.save()
            role = "instructor" if instructor else "learner"
            self.stdout.write(f"  {role:<10} username: {username:<11} password: {password}")
