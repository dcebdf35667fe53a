"""URLs of the test LMS."""

from django.urls import path
from lms_platform.views import control, deep_linking, launch, services

urlpatterns = [
    path("control/health", control.health),
    path("control/tool", control.register_tool),
    path("control/rotate-key", control.rotate_key),
    path("control/down", control.set_down),
    path("control/scores", control.scores),
    path("control/lineitems", control.lineitems),
    path("control/members", control.set_members),
    path("control/deep-links", control.deep_links),
    path("control/reset", control.reset),
    path(".well-known/jwks.json", launch.jwks),
    path("launch", launch.start_launch),
    path("auth", launch.authenticate),
    path("course/<str:context_id>/item/<str:resource_link_id>", launch.course_item_page),
    path("deep-link-return", deep_linking.deep_link_return),
    path("token", services.token),
    path("ags/<str:context_id>/lineitems", services.lineitems),
    path("ags/<str:context_id>/lineitems/<str:lineitem_id>", services.lineitem),
    path("ags/<str:context_id>/lineitems/<str:lineitem_id>/scores", services.scores),
    path("ags/<str:context_id>/lineitems/<str:lineitem_id>/results", services.results),
    path("nrps/<str:context_id>/memberships", services.memberships),
]
