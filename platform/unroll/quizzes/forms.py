"""The quiz editor's form: the quiz.yaml text, in a YAML editor."""

from django import forms


class QuizSourceForm(forms.Form):
    source = forms.CharField(
        label="quiz.yaml",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 30, "data-editor": "yaml", "spellcheck": "false", "class": "code-field"}),
        help_text="The whole quiz, as in quizzes/<slug>/quiz.yaml (format: quizzes/README.md).",
    )
