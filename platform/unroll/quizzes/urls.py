from django.urls import path

from unroll.accounts.roles import instructor_required
from unroll.content.authoring import Authoring, authoring_urls
from unroll.quizzes import authoring, views
from unroll.quizzes.models import Quiz, QuizDraft

app_name = "quizzes"
QUIZZES = Authoring(Quiz, QuizDraft, noun="quiz", job_route="status", hooks=authoring)
urlpatterns = [
    *authoring_urls(QUIZZES, instructor_required),
    path("", views.quiz_list, name="quiz_list"),
    path("attempts/<int:pk>/", views.attempt_review, name="attempt_review"),
    path("<slug:slug>/", views.quiz_detail, name="quiz_detail"),
    path("<slug:slug>/attempts/<int:number>/", views.attempt_result, name="attempt_result"),
]
