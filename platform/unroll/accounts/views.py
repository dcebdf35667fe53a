"""Sign-up and e-mail confirmation; log in, log out and password reset are Django's own views (see urls.py)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from unroll.accounts.actions import confirm_address, create_account
from unroll.accounts.email_confirmation import LinkRefused, confirmed_address, send_signup_mail
from unroll.accounts.forms import EmailForm, SignupForm


def signup(request):
    if request.user.is_authenticated:
        return redirect("catalog:exercise_list")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = create_account(form)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, sent_message(form.cleaned_data["email"]))
        return redirect("catalog:exercise_list")
    return render(request, "accounts/signup.html", {"form": form})


def sent_message(email: str) -> str:
    """The same words whether the address is new or another account's (nothing to learn from it)."""
    return f"Welcome! We sent a message to {email}: open the link in it to use that address for password resets."


@require_GET
def confirm_email(request, token: str):
    try:
        user, email = confirmed_address(token)
    except LinkRefused as exc:
        messages.error(request, str(exc))
        return redirect("catalog:exercise_list" if request.user.is_authenticated else "login")
    confirm_address(user, email)
    messages.success(request, f"{email} is now the address of your account, {user.username}.")
    return redirect("catalog:exercise_list" if request.user.is_authenticated else "login")


@login_required
def account(request):
    """The account's address, and a form that sends a link to make another (or the same) one its own."""
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        send_signup_mail(request.user, form.cleaned_data["email"])
        messages.success(request, sent_message(form.cleaned_data["email"]))
        return redirect("account")
    return render(request, "accounts/account.html", {"form": form})
