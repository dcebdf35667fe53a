from django.urls import path

from unroll.submissions import views

app_name = "submissions"
urlpatterns = [
    path("exercises/<slug:slug>/submit/", views.submit, name="submit"),
    path("submissions/<int:pk>/", views.submission_detail, name="detail"),
    path("submissions/<int:pk>.json", views.submission_status, name="status"),
]
