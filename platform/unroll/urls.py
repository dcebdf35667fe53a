from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from unroll.catalog import urls as catalog_urls
from unroll.courses import urls as courses_urls
from unroll.progress import urls as progress_urls
from unroll.submissions import urls as submissions_urls

# The "catalog" namespace under exercises/: the catalog's own pages (authoring, manage/...) first, so
# that <slug:slug>/ never takes "manage"; then the learner's list (progress) and exercise page (submissions).
exercise_patterns = (
    catalog_urls.urlpatterns + progress_urls.exercise_list_patterns + submissions_urls.exercise_page_patterns
)
# The "progress" namespace: hints on request, and the instructors' table of progress (a courses page).
progress_patterns = progress_urls.urlpatterns + courses_urls.class_progress_patterns

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="catalog:exercise_list", permanent=False)),
    path("accounts/", include("unroll.accounts.urls")),
    path("exercises/", include((exercise_patterns, catalog_urls.app_name))),
    path("quizzes/", include("unroll.quizzes.urls")),
    path("courses/", include("unroll.courses.urls")),
    path("", include("unroll.submissions.urls")),
    path("", include((progress_patterns, progress_urls.app_name))),
    path("admin/", admin.site.urls),
]
