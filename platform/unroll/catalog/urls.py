from django.urls import path

from unroll.accounts.roles import instructor_required
from unroll.catalog import authoring, images
from unroll.catalog.models import Exercise, ExerciseDraft
from unroll.content.authoring import Authoring, authoring_urls

# The exercise list and the learner's exercise page join this namespace from the apps above
# (progress, submissions): unroll/urls.py composes them after these patterns.
app_name = "catalog"
EXERCISES = Authoring(Exercise, ExerciseDraft, noun="exercise", job_route="proof", hooks=authoring)
urlpatterns = [
    *authoring_urls(EXERCISES, instructor_required),
    path("manage/preview/", authoring.preview_statement, name="preview_statement"),
    path("<slug:slug>/images/<str:digest>/<str:name>", images.exercise_image, name="exercise_image"),
]
