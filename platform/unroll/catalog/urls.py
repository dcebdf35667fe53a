from django.urls import path

from unroll.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.exercise_list, name="exercise_list"),
    path("manage/", views.authoring_list, name="authoring_list"),
    path("<slug:slug>/", views.exercise_detail, name="exercise_detail"),
    path("<slug:slug>/export.zip", views.export_exercise, name="export"),
    path("<slug:slug>/publish/", views.set_published, name="set_published"),
]
