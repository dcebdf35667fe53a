from django.urls import path

from unroll.progress import views

app_name = "progress"
urlpatterns = [
    path("instructor/progress/", views.class_progress, name="class_progress"),
]
