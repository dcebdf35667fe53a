"""How record_verdict folds a graded submission into the learner's Progress on that exercise."""

from django.utils import timezone

from grader import GradeResult
from grader.grading import internal_error
from unroll.progress.models import Progress
from unroll.submissions.actions import record_verdict, submit_attempt
from unroll.submissions.models import Submission


def queued(learner, exercise, code: str = "model = None\n") -> Submission:
    return submit_attempt(learner, exercise, code)


def result(verdict: str, score: float) -> GradeResult:
    checks = [{"name": "output shape", "passed": verdict == "accepted", "message": ""}]
    return GradeResult(verdict, score, checks, [f"{verdict} feedback"], [1, 4] if verdict == "accepted" else None)


def grade(learner, exercise, verdict: str, score: float) -> Submission:
    return record_verdict(queued(learner, exercise).pk, result(verdict, score))


def progress_of(learner, exercise) -> Progress:
    return Progress.objects.get(learner=learner, exercise=exercise)


def test_each_graded_submission_counts_as_one_attempt(alice, exercises):
    exercise = exercises["single-output"]
    for verdict in ("syntax_error", "wrong_answer", "time_limit", "accepted"):
        grade(alice, exercise, verdict, 1.0 if verdict == "accepted" else 0.0)

    progress = progress_of(alice, exercise)
    assert progress.attempts == 4
    assert progress.state == Progress.State.SOLVED


def test_a_queued_submission_is_not_an_attempt_yet(alice, exercises):
    queued(alice, exercises["single-output"])

    assert not Progress.objects.filter(learner=alice).exists()


def test_an_internal_error_is_never_counted_against_the_learner(alice, exercises):
    exercise = exercises["single-output"]
    ours = record_verdict(queued(alice, exercise).pk, internal_error(exercise.grader_spec()))

    progress = progress_of(alice, exercise)
    assert ours.verdict == "internal_error"
    assert (progress.attempts, progress.best_score, progress.first_solved_at) == (0, 0.0, None)
    assert progress.state == Progress.State.NOT_STARTED
    assert progress.last_submission == ours  # shown to the learner, just not counted

    grade(alice, exercise, "wrong_answer", 0.5)
    record_verdict(queued(alice, exercise).pk, internal_error(exercise.grader_spec()))

    assert progress_of(alice, exercise).attempts == 1


def test_the_best_score_is_the_highest_ever_recorded(alice, exercises):
    exercise = exercises["multiple-output"]
    for score in (0.5, 0.8, 0.3):
        grade(alice, exercise, "wrong_answer", score)

    progress = progress_of(alice, exercise)
    assert progress.best_score == 0.8
    assert progress.state == Progress.State.ATTEMPTED


def test_first_solved_at_is_set_by_the_first_accepted_submission_and_never_moves(alice, exercises):
    exercise = exercises["single-output"]
    grade(alice, exercise, "wrong_answer", 0.5)
    assert progress_of(alice, exercise).first_solved_at is None

    first_accepted = grade(alice, exercise, "accepted", 1.0)
    solved_at = progress_of(alice, exercise).first_solved_at
    assert solved_at == first_accepted.graded_at
    assert solved_at <= timezone.now()

    later_accepted = grade(alice, exercise, "accepted", 1.0)
    grade(alice, exercise, "wrong_answer", 0.0)

    progress = progress_of(alice, exercise)
    assert later_accepted.graded_at > solved_at
    assert progress.first_solved_at == solved_at
    assert progress.state == Progress.State.SOLVED
    assert (progress.attempts, progress.best_score) == (4, 1.0)


def test_recording_the_same_submission_twice_counts_it_once(alice, exercises):
    exercise = exercises["single-output"]
    submission = queued(alice, exercise)

    first = record_verdict(submission.pk, result("wrong_answer", 0.5))
    again = record_verdict(submission.pk, result("accepted", 1.0))  # a redelivered grading message

    assert first is not None and again is None
    submission.refresh_from_db()
    assert (submission.verdict, submission.score) == ("wrong_answer", 0.5)
    progress = progress_of(alice, exercise)
    assert (progress.attempts, progress.best_score, progress.first_solved_at) == (1, 0.5, None)


def test_recording_a_verdict_for_a_deleted_submission_does_nothing(alice, exercises):
    submission = queued(alice, exercises["single-output"])
    submission_id = submission.pk
    submission.delete()

    assert record_verdict(submission_id, result("accepted", 1.0)) is None
    assert not Progress.objects.exists()


def test_progress_is_kept_per_learner_and_per_exercise(alice, bob, exercises):
    grade(alice, exercises["single-output"], "accepted", 1.0)
    grade(bob, exercises["single-output"], "wrong_answer", 0.25)
    grade(alice, exercises["stacked-rnn"], "wrong_answer", 0.5)

    assert progress_of(alice, exercises["single-output"]).state == Progress.State.SOLVED
    assert progress_of(alice, exercises["stacked-rnn"]).state == Progress.State.ATTEMPTED
    bobs = progress_of(bob, exercises["single-output"])
    assert (bobs.attempts, bobs.best_score, bobs.first_solved_at) == (1, 0.25, None)
    assert Progress.objects.count() == 3
