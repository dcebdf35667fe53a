"""Forms of the course pages: what an instructor or a learner types, checked before an action runs."""

from django import forms

from unroll.catalog.models import Exercise
from unroll.quizzes.models import Quiz


class DateTimeInput(forms.DateTimeInput):
    """The browser's own date and time picker (interpreted in the site's time zone)."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def date_field(label: str, help_text: str) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, required=False, widget=DateTimeInput(), help_text=help_text)


def taken(course, kind: str):
    """Ids of the course's exercises or quizzes. NULLs left out: `NOT IN` a list holding NULL matches nothing."""
    return course.items.filter(**{f"{kind}__isnull": False}).values(kind)


class CourseForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ItemDatesForm(forms.Form):
    opens_at = date_field("Opens", "Optional. Before this, learners see the item but cannot open it.")
    due_at = date_field("Due", "Optional. Work reached after this is accepted and marked late.")


class AddItemForm(ItemDatesForm):
    """One select for both kinds: values are `exercise:<id>` or `quiz:<id>`."""

    content = forms.ChoiceField(label="Exercise or quiz")

    field_order = ["content", "opens_at", "due_at"]

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        exercises = Exercise.objects.published().in_order().exclude(pk__in=taken(course, "exercise"))
        quizzes = Quiz.objects.published().in_order().exclude(pk__in=taken(course, "quiz"))
        self.fields["content"].choices = [
            ("Exercises", [(f"exercise:{exercise.pk}", exercise.title) for exercise in exercises]),
            ("Quizzes", [(f"quiz:{quiz.pk}", quiz.title) for quiz in quizzes]),
        ]

    def content_kwargs(self) -> dict:
        """{"exercise": Exercise} or {"quiz": Quiz}, from the cleaned choice."""
        kind, pk = self.cleaned_data["content"].split(":")
        model = Exercise if kind == "exercise" else Quiz
        return {kind: model.objects.get(pk=int(pk))}


class InstructorForm(forms.Form):
    username = forms.CharField(max_length=150, label="Instructor's username")


class OverrideForm(forms.Form):
    score = forms.FloatField(min_value=0.0, max_value=1.0, help_text="0 to 1 (e.g. 0.8)")
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), help_text="Required: the learner's record keeps it."
    )
