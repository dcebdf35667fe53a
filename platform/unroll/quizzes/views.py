"""Learners' quiz pages (the list with their status on each, a quiz, an attempt's result) and an
instructor's review of an attempt. The authoring list, export and publish switch are shared with
exercises (unroll.content.authoring)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from unroll.quizzes.actions import AnswersRefused, NoAttemptsLeft, submit_attempt
from unroll.quizzes.models import Quiz, QuizAttempt, QuizProgress
from unroll.quizzes.presenting import attempt_results, field_name, shown_questions


@login_required
def quiz_list(request):
    """Each quiz with the learner's status: (quiz, progress or None, attempts left or None if unlimited)."""
    progress = {p.quiz_id: p for p in QuizProgress.objects.for_learner(request.user)}
    rows = []
    for quiz in Quiz.objects.visible_to(request.user).in_order():
        mine = progress.get(quiz.pk)
        rows.append((quiz, mine, quiz.attempts_left(mine.attempts if mine else 0)))
    return render(request, "quizzes/quiz_list.html", {"rows": rows})


@login_required
def quiz_detail(request, slug: str):
    quiz = get_object_or_404(Quiz.objects.visible_to(request.user), slug=slug)
    if request.method != "POST":
        return render_quiz(request, quiz)
    answers = posted_answers(request, quiz)
    try:
        attempt = submit_attempt(request.user, quiz, answers)
    except AnswersRefused as exc:
        return render_quiz(request, quiz, typed=answers, errors=exc.errors, status=400)
    except NoAttemptsLeft as exc:
        return render_quiz(request, quiz, refusal=str(exc), status=409)
    return redirect(attempt)


def posted_answers(request, quiz: Quiz) -> dict:
    """{question key: what was posted}: a list of ticked options for a multiple-choice question, else text."""
    answers = {}
    for question in quiz.question_list():
        name = field_name(question)
        answers[question.key] = (
            request.POST.getlist(name) if question.type == "multiple" else request.POST.get(name, "")
        )
    return answers


def render_quiz(request, quiz: Quiz, typed=None, errors=None, refusal: str = "", status: int = 200):
    progress = QuizProgress.objects.filter(learner=request.user, quiz=quiz).first()
    used = progress.attempts if progress else 0
    typed, errors = typed or {}, errors or {}
    rows = [
        {"shown": shown, "typed": typed.get(shown.question.key, ""), "error": errors.get(shown.question.key, "")}
        for shown in shown_questions(quiz, request.user)
    ]
    context = {
        "quiz": quiz,
        "rows": rows,
        "error_count": len(errors),
        "refusal": refusal,
        "progress": progress,
        "attempts_left": quiz.attempts_left(used),
        "next_multiplier": quiz.multiplier(used + 1),
        "attempts": QuizAttempt.objects.for_learner(request.user).filter(quiz=quiz).select_related("quiz"),
    }
    return render(request, "quizzes/quiz_detail.html", context, status=status)


@login_required
def attempt_result(request, slug: str, number: int):
    """One of the learner's own attempts: only its author can open it."""
    attempt = get_object_or_404(
        QuizAttempt.objects.for_learner(request.user).select_related("quiz", "version"), quiz__slug=slug, number=number
    )
    progress = QuizProgress.objects.get(learner=request.user, quiz=attempt.quiz)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "results": attempt_results(attempt),
        "progress": progress,
        "attempts_left": attempt.quiz.attempts_left(progress.attempts),
        "quiz_attempts": QuizAttempt.objects.for_learner(request.user).filter(quiz=attempt.quiz).select_related("quiz"),
    }
    return render(request, "quizzes/attempt_result.html", context)


@login_required
def attempt_review(request, pk: int):
    """A learner's attempt, read by an instructor of a course holding the quiz (404 for anyone else)."""
    attempt = get_object_or_404(
        QuizAttempt.objects.visible_to(request.user).select_related("quiz", "version", "learner"), pk=pk
    )
    if attempt.learner_id == request.user.pk:
        return redirect(attempt)  # one's own attempt has its own page, with what is left to try
    context = {"attempt": attempt, "quiz": attempt.quiz, "results": attempt_results(attempt)}
    return render(request, "quizzes/attempt_review.html", context)
