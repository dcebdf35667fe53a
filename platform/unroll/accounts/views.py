"""Sign-up; log in, log out and password reset are Django's own views (see urls.py)."""

from django.contrib.auth import login
from django.shortcuts import redirect, render

from unroll.accounts.actions import create_account
from unroll.accounts.forms import SignupForm


def signup(request):
    if request.user.is_authenticated:
        return redirect("catalog:exercise_list")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = create_account(form)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("catalog:exercise_list")
    return render(request, "accounts/signup.html", {"form": form})
