"""An exercise back to its folder (exercise.yaml, statement, explanation, code files), zipped for download.

`sync_exercises` imports the folder back identically: same uuid, same content hash.
"""

import yaml

from unroll.catalog.folders import DEFAULT_REVEAL_SOLUTION_AFTER
from unroll.catalog.models import Exercise
from unroll.content.export import folder_zip as zipped_folder

METADATA_FIELDS = ("uuid", "slug", "title", "topic", "order", "difficulty")


def folder_files(exercise: Exercise) -> dict[str, str]:
    """{relative path: text} of the exercise's folder."""
    metadata = {name: getattr(exercise, name) for name in METADATA_FIELDS}
    metadata["uuid"] = str(exercise.uuid)
    metadata.update({key: value for key, value in exercise.spec.items() if key != "slug"})
    if exercise.show_figure:
        metadata["figure"] = True
    if exercise.reveal_solution_after != DEFAULT_REVEAL_SOLUTION_AFTER:
        metadata["reveal_solution_after"] = exercise.reveal_solution_after
    metadata["hints"] = list(exercise.hints)
    metadata["known_wrong"] = [
        {"file": f"wrong/{wrong['name']}.py", "verdict": wrong["verdict"], "feedback": wrong["feedback"]}
        for wrong in exercise.known_wrong
    ]
    files = {
        "exercise.yaml": folder_yaml(metadata),
        "statement.md": exercise.statement,
        "starter.py": exercise.starter_code,
        "solution.py": exercise.solution_code,
    }
    if exercise.explanation:
        files["explanation.md"] = exercise.explanation
    files.update({f"wrong/{wrong['name']}.py": wrong["code"] for wrong in exercise.known_wrong})
    files.update(exercise.images)  # images/<name>: base64 here, bytes in the zip
    return files


class FolderDumper(yaml.SafeDumper):
    """Writes short flat lists inline, as people write shapes: `expected: [1, 3, 4]`; hints stay one per line."""


def represent_list(dumper: yaml.SafeDumper, data: list):
    flat = all(not isinstance(item, dict | list) and len(str(item)) <= 20 for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flat)


FolderDumper.add_representer(list, represent_list)


def folder_yaml(metadata, **options) -> str:
    """YAML as a person would write it: fields in the given order, text unescaped, shapes inline."""
    return yaml.dump(metadata, Dumper=FolderDumper, sort_keys=False, allow_unicode=True, width=100, **options)


def folder_zip(exercise: Exercise) -> bytes:
    return zipped_folder(exercise.slug, folder_files(exercise))
