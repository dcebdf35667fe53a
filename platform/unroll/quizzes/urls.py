from django.urls import path

from unroll.quizzes import authoring, views

app_name = "quizzes"
urlpatterns = [
    path("", views.quiz_list, name="quiz_list"),
    path("manage/", views.authoring_list, name="authoring_list"),
    path("manage/new/", authoring.new_quiz, name="new_quiz"),
    path("manage/drafts/<int:pk>/", authoring.draft_page, name="draft"),
    path("manage/drafts/<int:pk>/status/", authoring.draft_status, name="draft_status"),
    path("manage/drafts/<int:pk>/publish/", authoring.publish_draft, name="publish_draft"),
    path("manage/drafts/<int:pk>/discard/", authoring.discard_draft, name="discard_draft"),
    path("attempts/<int:pk>/", views.attempt_review, name="attempt_review"),
    path("<slug:slug>/", views.quiz_detail, name="quiz_detail"),
    path("<slug:slug>/attempts/<int:number>/", views.attempt_result, name="attempt_result"),
    path("<slug:slug>/edit/", authoring.edit_quiz, name="edit_quiz"),
    path("<slug:slug>/export.zip", views.export_quiz, name="export"),
    path("<slug:slug>/publish/", views.set_published, name="set_published"),
]
