"""Create or change a person at the provider; prints their subject (the `sub` claim: the user's pk)."""

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand

from idp.claims import VERIFIED_GROUP


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--verified", action="store_true", help="the provider vouches for the address")
        parser.add_argument("--name", default="")

    def handle(self, *args, username, email, password, verified, name, **options):
        user, _ = User.objects.get_or_create(username=username)
        user.email = email
        user.first_name, _, user.last_name = name.partition(" ")
        user.set_password(password)
        user.save()
        group, _ = Group.objects.get_or_create(name=VERIFIED_GROUP)
        if verified:
            user.groups.add(group)
        else:
            user.groups.remove(group)
        self.stdout.write(str(user.pk))
