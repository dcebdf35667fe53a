from django.urls import path

from unroll.submissions import exercise_page, run_views, views

app_name = "submissions"
urlpatterns = [
    path("exercises/<slug:slug>/submit/", views.submit, name="submit"),
    path("submissions/<int:pk>/", views.submission_detail, name="detail"),
    path("submissions/<int:pk>.json", views.submission_status, name="status"),
    path("exercises/<slug:slug>/run/", run_views.run, name="run"),
    path("runs/<int:pk>.json", run_views.run_status, name="run_status"),
]

# The learner's exercise page and the picture of its task: in the "catalog" namespace under exercises/,
# after the catalog's own patterns (composed in unroll/urls.py).
exercise_page_patterns = [
    path("<slug:slug>/", exercise_page.exercise_detail, name="exercise_detail"),
    path("<slug:slug>/figure/", exercise_page.exercise_figure, name="exercise_figure"),
]
