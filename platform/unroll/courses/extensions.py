"""What apps above courses add to the course's instructor pages, registered from their AppConfig.ready.

Courses never imports them (LTI stands above it): it asks the registered providers instead. A gradebook
marker adds a small mark to cells and rows (LTI: whether the LMS has the score; who left the LMS course);
a manage panel adds a section to the manage page (LTI: the roster and its Sync button). Each provider
reads what it needs for the whole page in a fixed number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mark:
    """A short mark shown in a cell or a row, with a longer text for screen readers and the tooltip."""

    text: str
    detail: str = ""
    css: str = ""


@dataclass
class GradebookMarks:
    cells: dict[tuple[int, int], Mark] = field(default_factory=dict)  # (learner id, item id) -> mark
    rows: dict[int, Mark] = field(default_factory=dict)  # learner id -> mark

    def add(self, other: "GradebookMarks") -> None:
        self.cells.update(other.cells)
        self.rows.update(other.rows)


# (course, items, learners) -> marks, or None when it has nothing to say of this course.
GradebookMarker = Callable[[object, list, list], GradebookMarks | None]
# (request, course) -> HTML of a section for the manage page ("" for none), already escaped.
ManagePanel = Callable[[object, object], str]
# A course queryset -> the same, reading along what the providers need (LTI: the course's LMS link), so that
# they ask the database nothing more for a course that has none.
CourseReads = Callable[[object], object]
_markers: list[GradebookMarker] = []
_course_reads: list[CourseReads] = []
_panels: list[ManagePanel] = []


def register_course_reads(reads: CourseReads) -> None:
    if reads not in _course_reads:
        _course_reads.append(reads)


def with_course_reads(courses):
    """The course queryset of an instructor page, with what the registered providers read along."""
    for reads in _course_reads:
        courses = reads(courses)
    return courses


def register_gradebook_marker(marker: GradebookMarker) -> None:
    if marker not in _markers:
        _markers.append(marker)


def register_manage_panel(panel: ManagePanel) -> None:
    if panel not in _panels:
        _panels.append(panel)


def gradebook_marks(course, items: list, learners: list) -> GradebookMarks:
    marks = GradebookMarks()
    for marker in _markers:
        found = marker(course, items, learners)
        if found is not None:
            marks.add(found)
    return marks


def manage_panels(request, course) -> list[str]:
    return [html for html in (panel(request, course) for panel in _panels) if html]
