"""Statements, hints and explanations show images from the exercise's own folder (images/), served by the
site, and none from elsewhere: a folder that shows another is refused at sync, naming the file and the
image; whatever HTML reaches the renderer, an image it was not given loses its source."""

import io
import shutil
import struct
import zipfile
import zlib

import pytest
from django.conf import settings
from django.urls import reverse

from unroll.catalog.export import folder_zip
from unroll.catalog.folders import FolderError, load_folder
from unroll.catalog.models import Exercise
from unroll.catalog.sync import sync_exercises
from unroll.content.rendering import render_markdown

SLUG = "single-output"


def png(width: int = 2, height: int = 1) -> bytes:
    """A real PNG file (grey pixels), as a drawing program would save it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.fixture
def folder(tmp_path):
    copy = shutil.copytree(settings.EXERCISES_DIR / SLUG, tmp_path / SLUG)
    (copy / "images").mkdir()
    (copy / "images" / "cell.png").write_bytes(png())
    statement = (copy / "statement.md").read_text()
    (copy / "statement.md").write_text(statement + "\n![One recurrent cell](images/cell.png)\n")
    return copy


def test_an_image_of_the_folder_is_shown_and_served(client, alice, folder):
    report = sync_exercises(folder.parent)
    assert report.ok, report.errors
    client.force_login(alice)
    page = client.get(reverse("catalog:exercise_detail", args=[SLUG])).content.decode()
    start = page.index('<img alt="One recurrent cell" src="') + len('<img alt="One recurrent cell" src="')
    address = page[start : page.index('"', start)]
    assert address.startswith(f"/exercises/{SLUG}/images/") and address.endswith("/cell.png")

    served = client.get(address)

    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served.content == png() and served["X-Content-Type-Options"] == "nosniff"
    assert client.get(address.replace("cell.png", "other.png")).status_code == 404
    client.logout()
    assert client.get(address).status_code == 302  # to the login page, as the statement itself


@pytest.mark.parametrize(
    "shown",
    [
        "![pixel](https://tracker.example/p.gif)",
        '<img src="https://tracker.example/p.gif">',
        "![elsewhere](//tracker.example/p.gif)",
        "![missing](images/nope.png)",
    ],
)
def test_a_folder_showing_an_image_from_elsewhere_is_refused_naming_it(folder, shown):
    (folder / "statement.md").write_text((folder / "statement.md").read_text() + f"\n{shown}\n")
    with pytest.raises(FolderError) as refused:
        load_folder(folder)
    assert "statement.md" in str(refused.value) and "must be a file of the exercise's own images/" in str(refused.value)


def test_a_hint_may_show_an_image_of_the_folder_and_no_other(folder):
    yaml_file = folder / "exercise.yaml"
    yaml_file.write_text(
        yaml_file.read_text().replace("hints:\n", "hints:\n  - 'Look: ![x](http://t.example/x.png)'\n", 1)
    )
    with pytest.raises(FolderError, match=r"hints\[0\]"):
        load_folder(folder)


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("drawing.svg", b"<svg onload='alert(1)'/>", "SVG is refused"),
        ("fake.png", b"<html><script>alert(1)</script>", "is not really a image/png file"),
        ("huge.png", png() + b"\x00" * (600 * 1024), "larger than 512 KB"),
    ],
)
def test_only_real_pictures_of_sensible_size_are_taken(folder, name, data, said):
    (folder / "images" / name).write_bytes(data)
    with pytest.raises(FolderError, match=said):
        load_folder(folder)


def test_the_renderer_drops_every_image_it_was_not_given():
    html = render_markdown(
        '![a](images/cell.png) <img src="https://tracker.example/p.gif"> ![b](data:image/png;base64,AAAA)',
        {"images/cell.png": "/exercises/x/images/abc/cell.png"},
    )
    assert 'src="/exercises/x/images/abc/cell.png"' in html
    assert "tracker" not in html and "data:" not in html


def test_the_exported_folder_holds_the_image_and_syncs_back_identically(folder, tmp_path, db):
    sync_exercises(folder.parent)
    exercise = Exercise.objects.get(slug=SLUG)
    with zipfile.ZipFile(io.BytesIO(folder_zip(exercise))) as archive:
        assert archive.read(f"{SLUG}/images/cell.png") == png()
        archive.extractall(tmp_path / "exported")
    assert load_folder(tmp_path / "exported" / SLUG).record()["content_hash"] == exercise.content_hash


def test_editing_an_exercise_in_the_browser_keeps_its_images(client, charlie, folder):
    sync_exercises(folder.parent)
    exercise = Exercise.objects.get(slug=SLUG)
    exercise.authors.add(charlie)
    client.force_login(charlie)
    client.post(reverse("catalog:edit_exercise", args=[SLUG]))
    draft = exercise.draft
    page = client.get(draft.get_absolute_url())
    form = {name: value for name, value in page.context["form"].initial.items() if value is not None}
    form.update({"wrong-TOTAL_FORMS": "0", "wrong-INITIAL_FORMS": "0", "title": "Edited, with its picture"})

    saved = client.post(draft.get_absolute_url(), form)

    assert saved.status_code == 302, saved.context["form"].errors if saved.context else saved
    draft.refresh_from_db()
    assert draft.files["images/cell.png"] == exercise.images["images/cell.png"]
