"""An exercise's images (its folder's images/): served by the site, the only images its texts show.

`image_urls(exercise)` maps each name as the texts write it (images/cell.png) to the site's address
of that file; `render_markdown(text, image_urls(exercise))` shows those and drops every other image.
The address holds the file's hash, so a browser may keep it for good: new bytes, new address.
"""

import base64
import hashlib
from pathlib import PurePosixPath

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET

from unroll.catalog.folders import IMAGE_FOLDER, IMAGE_TYPES
from unroll.catalog.models import Exercise


def image_urls(exercise: Exercise) -> dict[str, str]:
    return {
        name: reverse("catalog:exercise_image", args=[exercise.slug, short_hash(data), PurePosixPath(name).name])
        for name, data in exercise.images.items()
    }


def short_hash(data: str) -> str:
    return hashlib.sha256(data.encode()).hexdigest()[:16]


@login_required
@require_GET
def exercise_image(request, slug: str, digest: str, name: str):
    exercise = get_object_or_404(Exercise.objects.published(), slug=slug)
    data = exercise.images.get(f"{IMAGE_FOLDER}/{name}")
    if data is None or short_hash(data) != digest:
        raise Http404("No such image in this exercise.")
    content_type = IMAGE_TYPES[PurePosixPath(name).suffix.lower()][0]
    response = HttpResponse(base64.b64decode(data), content_type=content_type)
    response["Cache-Control"] = "private, max-age=31536000, immutable"
    return response
