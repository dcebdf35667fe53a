"""Who may read a learner's work (a submission, a quiz attempt, progress): the one rule, for every kind.

A learner sees their own; an instructor also the work of the learners of the courses they teach, on
those courses' items; a superuser every one.

"The courses they teach" is reached through the relations the courses app gives the accounts (a
learner's `enrollments`, a course's `instructors` and `items`), as lookups: no app below courses
imports it.
"""

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Exists, OuterRef, Q


class LearnersWorkQuerySet(models.QuerySet):
    """Work with a `learner` on an item: `item_field` names the item's foreign key ("exercise" or "quiz")."""

    item_field: str

    def visible_to(self, user) -> "LearnersWorkQuerySet":
        """A learner sees their own; an instructor also those of the learners of the courses they teach, on
        those courses' items; a superuser every one."""
        if user.is_superuser:
            return self
        if not user.is_staff:
            return self.filter(learner=user)
        return self.filter(Q(learner=user) | Exists(self.taught(user)))

    def of_learners_taught_by(self, instructor) -> "LearnersWorkQuerySet":
        """The work an instructor reads as a teacher: that of a learner of a course they teach, on an item of it."""
        return self.filter(Exists(self.taught(instructor)))

    def taught(self, instructor):
        """For an Exists() filter: the work's learner, when enrolled in a course `instructor` teaches that holds
        the work's item. One course must do both (one filter() call: the lookups share their joins)."""
        return get_user_model().objects.filter(
            pk=OuterRef("learner"),
            enrollments__course__instructors=instructor,
            **{f"enrollments__course__items__{self.item_field}": OuterRef(self.item_field)},
        )
