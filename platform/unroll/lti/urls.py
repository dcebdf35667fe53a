from django.urls import path

from unroll.lti import deep_linking, launch_views, platforms

app_name = "lti"
urlpatterns = [
    # What an LMS calls (django-lti's views, made Unroll's in launch_views).
    path("jwks.json", launch_views.jwks, name="jwks"),
    path("login/", launch_views.LoginView.as_view(), name="login"),
    path("login/<uuid:registration_uuid>/", launch_views.LoginView.as_view(), name="login_for"),
    path("launch/", launch_views.LaunchView.as_view(), name="launch"),
    path("deep-link/", deep_linking.pick, name="deep_link"),
    # Registering LMSes and the values to paste into them (platforms.py).
    path("platforms/", platforms.platform_list, name="platform_list"),
    path("platforms/new/", platforms.platform_new, name="platform_new"),
    path("platforms/values/", platforms.values, name="tool_values"),
    path("platforms/<uuid:uuid>/", platforms.platform_detail, name="platform_detail"),
    path("platforms/<uuid:uuid>/edit/", platforms.platform_edit, name="platform_edit"),
    path("platforms/<uuid:uuid>/disable/", platforms.platform_disable, name="platform_disable"),
    path("platforms/<uuid:uuid>/enable/", platforms.platform_enable, name="platform_enable"),
]

# Names and Roles: a course's instructor syncs its roster from the LMS (roster_views.py).
from unroll.lti import roster_views  # noqa: E402 - kept with its block

urlpatterns += [
    path("courses/<int:pk>/roster/sync/", roster_views.sync_roster, name="roster_sync"),
]
