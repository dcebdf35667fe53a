from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from unroll.catalog import urls as catalog_urls
from unroll.courses import urls as courses_urls
from unroll.progress import urls as progress_urls
from unroll.progress import views as progress_views
from unroll.submissions import urls as submissions_urls

# The "catalog" namespace under exercises/: the catalog's own pages (authoring, manage/...) first, so
# that <slug:slug>/ never takes "manage"; then the learner's list (progress) and exercise page (submissions).
exercise_patterns = (
    catalog_urls.urlpatterns + progress_urls.exercise_list_patterns + submissions_urls.exercise_page_patterns
)
# The "progress" namespace: hints on request, and the instructors' table of progress (a courses page).
progress_patterns = progress_urls.urlpatterns + courses_urls.class_progress_patterns


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico whatever the page links: send them to the site's icon (a static file)."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static("unroll/favicon.svg")


urlpatterns = [
    path("", progress_views.home, name="home"),
    path("favicon.ico", FaviconView.as_view()),
    path("accounts/", include("unroll.accounts.urls")),
    path("exercises/", include((exercise_patterns, catalog_urls.app_name))),
    path("quizzes/", include("unroll.quizzes.urls")),
    path("courses/", include("unroll.courses.urls")),
    path("", include("unroll.submissions.urls")),
    path("", include((progress_patterns, progress_urls.app_name))),
    path("lti/", include("unroll.lti.urls")),
    path("admin/", admin.site.urls),
]
