from django.urls import path

from unroll.catalog import authoring, views

app_name = "catalog"
urlpatterns = [
    path("", views.exercise_list, name="exercise_list"),
    path("manage/", views.authoring_list, name="authoring_list"),
    path("manage/new/", authoring.new_exercise, name="new_exercise"),
    path("manage/preview/", authoring.preview_statement, name="preview_statement"),
    path("manage/drafts/<int:pk>/", authoring.draft_page, name="draft"),
    path("manage/drafts/<int:pk>/proof/", authoring.draft_proof, name="draft_proof"),
    path("manage/drafts/<int:pk>/publish/", authoring.publish_draft, name="publish_draft"),
    path("manage/drafts/<int:pk>/discard/", authoring.discard_draft, name="discard_draft"),
    path("<slug:slug>/", views.exercise_detail, name="exercise_detail"),
    path("<slug:slug>/edit/", authoring.edit_exercise, name="edit_exercise"),
    path("<slug:slug>/figure/", views.exercise_figure, name="exercise_figure"),
    path("<slug:slug>/export.zip", views.export_exercise, name="export"),
    path("<slug:slug>/publish/", views.set_published, name="set_published"),
]
