from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="catalog:exercise_list", permanent=False)),
    path("accounts/", include("unroll.accounts.urls")),
    path("exercises/", include("unroll.catalog.urls")),
    path("quizzes/", include("unroll.quizzes.urls")),
    path("courses/", include("unroll.courses.urls")),
    path("", include("unroll.submissions.urls")),
    path("", include("unroll.progress.urls")),
    path("admin/", admin.site.urls),
]
