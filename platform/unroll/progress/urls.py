from django.urls import path

from unroll.progress import views

app_name = "progress"
urlpatterns = [
    path("exercises/<slug:slug>/hints/next/", views.next_hint, name="next_hint"),
]

# The exercise list: in the "catalog" namespace under exercises/ (composed in unroll/urls.py).
exercise_list_patterns = [
    path("", views.exercise_list, name="exercise_list"),
]
