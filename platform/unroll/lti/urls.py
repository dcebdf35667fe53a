from django.urls import path

from unroll.lti import deep_linking, launch_views

app_name = "lti"
urlpatterns = [
    # What an LMS calls (django-lti's views, made Unroll's in launch_views).
    path("jwks.json", launch_views.jwks, name="jwks"),
    path("login/", launch_views.LoginView.as_view(), name="login"),
    path("login/<uuid:registration_uuid>/", launch_views.LoginView.as_view(), name="login_for"),
    path("launch/", launch_views.LaunchView.as_view(), name="launch"),
    path("deep-link/", deep_linking.pick, name="deep_link"),
]
