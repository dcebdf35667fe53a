"""Instructors write and edit quizzes in the browser as their quiz.yaml: validated by the files' loader,
predict answers computed by a Celery worker, published only once computed (learners get 403 on every
authoring URL: tests/catalog/test_authoring.py, with the exercises')."""

from django.urls import reverse
from quiz_support import quiz_text

from support import THROUGH_A_WORKER, wait_until_done
from unroll.quizzes.drafts import draft_for_quiz, new_quiz_source
from unroll.quizzes.models import Quiz, QuizDraft


def save_new(client, text: str):
    return client.post(reverse("quizzes:new_quiz"), {"source": text})


def test_the_new_quiz_page_starts_from_a_valid_quiz_with_a_fresh_uuid(client, charlie):
    client.force_login(charlie)
    response = client.get(reverse("quizzes:new_quiz"))
    source = response.context["form"].initial["source"]
    assert source != new_quiz_source()  # a new uuid each time
    assert 'data-editor="yaml"' in response.content.decode()
    assert save_new(client, source).status_code == 302


def test_a_quiz_without_predict_questions_is_publishable_at_once_and_published(client, charlie, alice, db):
    client.force_login(charlie)
    response = save_new(client, quiz_text(slug="fresh"))
    draft = QuizDraft.objects.get()
    assert response["Location"] == draft.get_absolute_url()
    assert draft.publishable and not Quiz.objects.exists()  # learners see nothing yet
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'id="publish" class="primary">' in page  # enabled
    assert client.post(reverse("quizzes:publish_draft", args=[draft.pk])).status_code == 302
    quiz = Quiz.objects.get(slug="fresh")
    assert quiz.is_published and quiz.version == 1 and not QuizDraft.objects.exists()
    client.force_login(alice)
    assert client.get(quiz.get_absolute_url()).status_code == 200


def test_problems_are_listed_with_field_and_line_and_the_text_is_kept(client, charlie, db):
    client.force_login(charlie)
    text = quiz_text(slug="fresh").replace("answer: 7", "answer: seven").replace("type: multiple", "type: essay")
    response = save_new(client, text)
    assert response.status_code == 400 and not QuizDraft.objects.exists()
    problems = {p["where"]: p for p in response.context["problems"]}
    assert set(problems) == {"questions[1].type", "questions[2].answer"}
    assert text.splitlines()[problems["questions[2].answer"]["line"] - 1].strip() == "answer: seven"
    page = response.content.decode()
    assert "2 problems to fix" in page and "must be a number" in page and "answer: seven" in page
    assert 'id="quiz-problems"' in page  # the editor marks them on their lines


def test_a_slug_or_uuid_of_another_quiz_is_refused(client, charlie, quiz):
    client.force_login(charlie)
    response = save_new(client, quiz_text(slug=quiz.slug))
    assert "already uses the slug" in str(response.context["problems"])
    response = save_new(client, quiz_text(slug="other", quiz_uuid=str(quiz.uuid)))
    assert "edit that quiz instead" in str(response.context["problems"])
    assert not QuizDraft.objects.exists()


def test_editing_keeps_the_live_version_until_published(client, charlie, quiz):
    client.force_login(charlie)
    quiz.authors.add(charlie)  # its author
    response = client.post(reverse("quizzes:edit_quiz", args=[quiz.slug]))
    draft = QuizDraft.objects.get(quiz=quiz)
    assert response["Location"] == draft.get_absolute_url() and draft.source == quiz.source
    edited = quiz.source.replace("attempts_allowed: 3", "attempts_allowed: 5")
    client.post(draft.get_absolute_url(), {"source": edited})
    quiz.refresh_from_db()
    assert quiz.attempts_allowed == 3 and quiz.version == 1
    client.post(reverse("quizzes:publish_draft", args=[draft.pk]))
    quiz.refresh_from_db()
    assert (quiz.attempts_allowed, quiz.version, quiz.source) == (5, 2, edited)


def test_the_uuid_of_an_edited_quiz_cannot_change(client, charlie, quiz):
    client.force_login(charlie)
    quiz.authors.add(charlie)  # its author
    draft = draft_for_quiz(quiz, charlie)
    response = client.post(draft.get_absolute_url(), {"source": quiz.source.replace(str(quiz.uuid), "1" * 32)})
    assert response.status_code == 400 and f"keep {quiz.uuid}" in str(response.context["problems"])


def test_a_draft_whose_answers_are_not_computed_cannot_be_published(
    client, charlie, db, django_capture_on_commit_callbacks
):
    client.force_login(charlie)
    with django_capture_on_commit_callbacks(execute=False):  # no worker here: the computation stays queued
        save_new(client, new_quiz_source())
    draft = QuizDraft.objects.get()
    assert draft.status == QuizDraft.Status.QUEUED and not draft.publishable
    assert client.get(reverse("quizzes:draft_status", args=[draft.pk])).json()["publishable"] is False
    response = client.post(reverse("quizzes:publish_draft", args=[draft.pk]), follow=True)
    assert "not computed yet" in response.content.decode() and not Quiz.objects.exists()


def test_instructors_publish_and_unpublish(client, charlie, alice, quiz):
    client.force_login(charlie)
    quiz.authors.add(charlie)  # its author
    client.post(reverse("quizzes:set_published", args=[quiz.slug]), {"published": "0"})
    quiz.refresh_from_db()
    assert not quiz.is_published
    assert "Unpublished" in client.get(reverse("quizzes:authoring_list")).content.decode()
    client.force_login(alice)
    assert client.get(quiz.get_absolute_url()).status_code == 404


def wait_for_computation(draft: QuizDraft) -> QuizDraft:
    return wait_until_done(draft, 120, f"the answers of draft {draft.pk} to be computed")


class TestComputationThroughTheWorker:
    pytestmark = THROUGH_A_WORKER

    def test_a_worker_computes_the_predict_answers_then_the_quiz_is_published(self, client, charlie, grading_worker):
        client.force_login(charlie)
        save_new(client, new_quiz_source())
        draft = wait_for_computation(QuizDraft.objects.get())
        assert draft.errors == [] and draft.publishable
        status = client.get(reverse("quizzes:draft_status", args=[draft.pk])).json()
        assert status["answers"] == [{"key": "output-shape", "answers": {f"steps={n}": [1, n, 4] for n in (3, 5, 7)}}]
        client.post(reverse("quizzes:publish_draft", args=[draft.pk]))
        quiz = Quiz.objects.get(slug="my-new-quiz")
        assert quiz.is_published and quiz.questions[1]["answers"]["steps=7"] == [1, 7, 4]

    def test_a_snippet_that_fails_on_the_worker_is_reported_and_blocks_publishing(
        self, client, charlie, grading_worker
    ):
        client.force_login(charlie)
        save_new(client, new_quiz_source().replace("return_sequences=True))", "return_sequences=True)"))
        draft = wait_for_computation(QuizDraft.objects.get())
        [error] = draft.errors
        assert error["where"] == "questions[1].snippet" and "syntax_error" in error["message"]
        assert error["line"] is not None and not draft.publishable
