"""Draws a model as the guide does: the input at the bottom, each recurrent layer unrolled step by step.

It reads only the plain layer facts of `grader.structure.describe()` (never Keras), returns a
self-contained SVG, the same content in words and a table, and finds where a learner's model
first differs from the task's. A model that is not one chain of drawable layers gets no SVG.
"""

from grader.drawing.difference import Difference, first_difference
from grader.drawing.render import Drawing, compare, draw_model

__all__ = ["Difference", "Drawing", "compare", "draw_model", "first_difference"]
