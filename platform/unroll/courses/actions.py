"""Writes to courses: create one, arrange its items, add instructors, join with a code, override a score.

Each is one small function, in one transaction when it touches more than one row. Rule
violations raise CourseError with a message meant for the person who asked.
"""

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max

from unroll.courses.models import Course, CourseItem, Enrollment, ScoreOverride, new_join_code, normalize_join_code


class CourseError(ValueError):
    """The change cannot be made; the message says why."""


def create_course(instructor: User, title: str, description: str = "") -> Course:
    with transaction.atomic():
        course = Course.objects.create(title=title, description=description, created_by=instructor)
        course.instructors.add(instructor)
    return course


def add_item(course: Course, *, exercise=None, quiz=None, opens_at=None, due_at=None) -> CourseItem:
    """Append an exercise or a quiz at the end of the course."""
    if (exercise is None) == (quiz is None):
        raise CourseError("Choose one exercise or one quiz.")
    if course.items.filter(exercise=exercise, quiz=quiz).exists():
        raise CourseError(f"{exercise or quiz} is already in this course.")
    check_dates(opens_at, due_at)
    with transaction.atomic():
        Course.objects.select_for_update().filter(pk=course.pk).first()  # two additions at once: one after the other
        last = course.items.aggregate(last=Max("position"))["last"]
        return course.items.create(
            exercise=exercise,
            quiz=quiz,
            opens_at=opens_at,
            due_at=due_at,
            position=0 if last is None else last + 1,
        )


def check_dates(opens_at, due_at) -> None:
    if opens_at and due_at and due_at < opens_at:
        raise CourseError("The due date must come after the opening date.")


def set_item_dates(item: CourseItem, opens_at, due_at) -> None:
    check_dates(opens_at, due_at)
    item.opens_at, item.due_at = opens_at, due_at
    item.save(update_fields=["opens_at", "due_at"])


def move_item(item: CourseItem, step: int) -> None:
    """Swap the item with its neighbour before (step -1) or after (step +1); nothing at either end."""
    with transaction.atomic():
        items = list(item.course.items.select_for_update().in_order())
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        target = index + step
        if not 0 <= target < len(items):
            return
        items[index], items[target] = items[target], items[index]
        renumber(items)


def remove_item(item: CourseItem) -> None:
    """Remove the item from the course (its learners' progress, kept by exercise or quiz, is untouched)."""
    with transaction.atomic():
        course = item.course
        item.delete()
        renumber(list(course.items.select_for_update().in_order()))


def renumber(items: list[CourseItem]) -> None:
    for position, item in enumerate(items):
        item.position = position
    CourseItem.objects.bulk_update(items, ["position"])


def add_instructor(course: Course, username: str) -> User:
    """Another staff account teaches the course too (learners cannot be instructors)."""
    user = User.objects.filter(username=username.strip(), is_staff=True).first()
    if user is None:
        raise CourseError(f"No instructor is called {username.strip()!r}: only staff accounts can teach a course.")
    course.instructors.add(user)
    return user


def remove_instructor(course: Course, user: User) -> None:
    """The user stops teaching the course; a course always keeps at least one instructor."""
    with transaction.atomic():
        teachers = list(course.instructors.select_for_update().values_list("pk", flat=True))
        if user.pk not in teachers:
            raise CourseError(f"{user.username} does not teach {course.title}.")
        if len(teachers) == 1:
            raise CourseError("A course needs an instructor: add another one before removing the last.")
        course.instructors.remove(user)


def leave_course(learner: User, course: Course) -> None:
    """The learner leaves; their work stays theirs (progress belongs to them, not to the course)."""
    deleted, _ = Enrollment.objects.filter(course=course, learner=learner).delete()
    if not deleted:
        raise CourseError(f"You are not in {course.title}.")


def regenerate_join_code(course: Course) -> str:
    """A new code for the course: the old one stops working; learners who joined stay in."""
    course.join_code = new_join_code()
    course.save(update_fields=["join_code"])
    return course.join_code


def join_course(learner: User, typed_code: str) -> Course:
    code = normalize_join_code(typed_code or "")
    if not code:
        raise CourseError("Type the course code your instructor gave you.")
    course = Course.objects.filter(join_code=code).first()
    if course is None:
        raise CourseError(f"No course has the code {code!r}. Check it with your instructor: codes can be renewed.")
    Enrollment.objects.get_or_create(course=course, learner=learner)
    return course


def override_score(item: CourseItem, learner: User, by: User, score: float, reason: str) -> ScoreOverride:
    """Record an instructor's score for a learner on an item; the latest override applies, earlier ones stay as history."""
    if not 0.0 <= score <= 1.0:
        raise CourseError("The score must be between 0 and 1.")
    if not reason.strip():
        raise CourseError("Say why the score is changed.")
    if not item.course.enrollments.filter(learner=learner).exists():
        raise CourseError(f"{learner} is not in this course.")
    return ScoreOverride.objects.create(item=item, learner=learner, by=by, score=score, reason=reason.strip())
