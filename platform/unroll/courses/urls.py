from django.urls import path

from unroll.courses import class_progress, views

app_name = "courses"
urlpatterns = [
    path("", views.course_list, name="course_list"),
    path("new/", views.new_course, name="new_course"),
    path("join/", views.join, name="join"),
    path("<int:pk>/", views.dashboard, name="dashboard"),
    path("<int:pk>/manage/", views.manage, name="manage"),
    path("<int:pk>/items/add/", views.add_item, name="add_item"),
    path("<int:pk>/items/<int:item_pk>/dates/", views.set_item_dates, name="set_item_dates"),
    path("<int:pk>/items/<int:item_pk>/move/", views.move_item, name="move_item"),
    path("<int:pk>/items/<int:item_pk>/remove/", views.remove_item, name="remove_item"),
    path("<int:pk>/instructors/add/", views.add_instructor, name="add_instructor"),
    path("<int:pk>/instructors/<int:user_pk>/remove/", views.remove_instructor, name="remove_instructor"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/code/", views.regenerate_code, name="regenerate_code"),
    path("<int:pk>/gradebook/", views.gradebook, name="gradebook"),
    path("<int:pk>/gradebook.csv", views.gradebook_csv, name="gradebook_csv"),
    path("<int:pk>/statistics/", views.item_statistics_page, name="statistics"),
    path("<int:pk>/learners/<int:learner_pk>/", views.learner_detail, name="learner"),
    path(
        "<int:pk>/items/<int:item_pk>/learners/<int:learner_pk>/override/",
        views.override_score,
        name="override_score",
    ),
]

# The instructors' table of their learners' progress: in the "progress" namespace (composed in unroll/urls.py).
class_progress_patterns = [
    path("instructor/progress/", class_progress.class_progress, name="class_progress"),
]
