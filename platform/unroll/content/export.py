"""Content back to its folder, zipped for download: the top directory is the slug, ready to drop
into exercises/ or quizzes/, and a sync imports it back identically (same uuid, same content hash)."""

import io
import zipfile


def folder_zip(slug: str, files: dict[str, str]) -> bytes:
    """{relative path: text} as a zip under the folder `slug`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in files.items():
            archive.writestr(f"{slug}/{path}", text)
    return buffer.getvalue()
