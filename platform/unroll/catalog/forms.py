"""The authoring form: every part of an exercise folder, with YAML where the folder has YAML."""

import yaml
from django import forms

from grader import VERDICTS
from unroll.catalog.folders import DEFAULT_REVEAL_SOLUTION_AFTER

RESERVED_SLUGS = {"manage"}  # /exercises/manage/ is the authoring page
REJECTING_VERDICTS = [(v, v.replace("_", " ")) for v in VERDICTS if v not in ("accepted", "internal_error")]


def code_area(mode: str, rows: int = 12) -> forms.Textarea:
    """A textarea the authoring page turns into an Ace editor in `mode`; plain text without JavaScript."""
    return forms.Textarea(attrs={"rows": rows, "data-editor": mode, "spellcheck": "false", "class": "code-field"})


class YamlField(forms.CharField):
    """A field written as YAML; cleaned to the data it holds, or refused with YAML's own line and column."""

    def __init__(self, *, kind: type, example: str, **kwargs):
        self.kind, self.example = kind, example
        kwargs.setdefault("widget", code_area("yaml", rows=kwargs.pop("rows", 6)))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if not text.strip():
            return None
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
            raise forms.ValidationError(f"This is not valid YAML{where}. For example: {self.example}") from exc
        if not isinstance(data, self.kind):
            raise forms.ValidationError(f"Write a YAML {self.kind.__name__}, for example: {self.example}")
        return data


class ExerciseForm(forms.Form):
    title = forms.CharField(max_length=200)
    slug = forms.SlugField(max_length=50, help_text="The exercise's URL name: lowercase letters, digits and dashes.")
    topic = forms.CharField(max_length=100, help_text="e.g. return_sequences, stacking, LSTM")
    order = forms.IntegerField(min_value=0, initial=100, help_text="Position in the exercise list.")
    difficulty = forms.TypedChoiceField(choices=[(1, "1 (easy)"), (2, "2"), (3, "3 (hard)")], coerce=int, initial=1)
    statement = forms.CharField(
        widget=code_area("markdown", rows=14), strip=False, help_text="Markdown. Raw HTML is removed."
    )
    input_shape = YamlField(
        kind=list,
        example="[1, 3, 2]",
        rows=1,
        help_text="The batch the grader feeds the model: [batch, time steps, features].",
    )
    model_variable = forms.CharField(initial="model", max_length=50)
    checks = YamlField(
        kind=list,
        example="- {kind: output_shape, expected: [1, 4]}",
        rows=8,
        help_text="What the grader verifies; the kinds are listed in exercises/README.md.",
    )
    parameters = YamlField(
        kind=dict,
        example="timesteps: {min: 2, max: 8, default: 3}",
        required=False,
        help_text="Optional: per-learner variants. Use {{ name }} in the statement, code and checks.",
    )
    limits = YamlField(
        kind=dict, example="wall_seconds: 10", required=False, rows=2, help_text="Optional overrides of the limits."
    )
    figure = forms.BooleanField(
        required=False,
        label="Show the picture of the task",
        help_text="Draw the reference model, unrolled as in the guide, beside the statement.",
    )
    hints = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text="One hint per line, gentlest first."
    )
    reveal_solution_after = forms.IntegerField(
        min_value=1,
        initial=DEFAULT_REVEAL_SOLUTION_AFTER,
        required=False,
        label="Show the reference solution after",
        help_text=f"Attempts not accepted before the learner is shown the reference solution with the explanation "
        f"(solving always shows it). Empty: {DEFAULT_REVEAL_SOLUTION_AFTER}.",
    )
    explanation = forms.CharField(
        widget=code_area("markdown", rows=5),
        strip=False,
        required=False,
        label="Explanation after an accepted answer",
        help_text="Optional Markdown, 2–4 sentences: the exercise's point, shown once the learner's answer is "
        "accepted. {{ name }} placeholders are filled in with the learner's numbers.",
    )
    starter_code = forms.CharField(widget=code_area("python"), strip=False)
    solution_code = forms.CharField(widget=code_area("python"), strip=False, label="Reference solution")

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(f"“{slug}” is a page of the site; choose another slug.")
        return slug


class WrongAnswerForm(forms.Form):
    name = forms.SlugField(max_length=60, help_text="Its file name under wrong/, e.g. missing_return_sequences.")
    verdict = forms.ChoiceField(choices=REJECTING_VERDICTS, initial="wrong_answer")
    feedback = forms.CharField(max_length=300, help_text="A phrase the first feedback message must contain.")
    code = forms.CharField(widget=code_area("python", rows=8), strip=False)


class BaseWrongAnswerFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        names = [form.cleaned_data["name"] for form in self.kept_forms()]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise forms.ValidationError(f"Two wrong answers are named {', '.join(duplicates)}; names must differ.")

    def kept_forms(self) -> list[forms.Form]:
        """The filled-in forms not marked for deletion (a blank extra form cleans to nothing)."""
        return [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]

    def answers(self) -> list[dict]:
        return [{k: v for k, v in form.cleaned_data.items() if k != "DELETE"} for form in self.kept_forms()]


WrongAnswerFormSet = forms.formset_factory(
    WrongAnswerForm, formset=BaseWrongAnswerFormSet, extra=1, can_delete=True, max_num=30
)
