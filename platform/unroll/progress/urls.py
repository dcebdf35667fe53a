from django.urls import path

from unroll.progress import views

app_name = "progress"
urlpatterns = [
    path("instructor/progress/", views.class_progress, name="class_progress"),
    path("exercises/<slug:slug>/hints/next/", views.next_hint, name="next_hint"),
]
