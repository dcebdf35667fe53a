"""Content back to its folder, zipped for download: the top directory is the slug, ready to drop
into exercises/ or quizzes/, and a sync imports it back identically (same uuid, same content hash)."""

import base64
import io
import zipfile

BINARY_FOLDER = "images/"  # files under it are held as base64 text and written as their bytes


def folder_zip(slug: str, files: dict[str, str]) -> bytes:
    """{relative path: text} as a zip under the folder `slug`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in files.items():
            archive.writestr(f"{slug}/{path}", base64.b64decode(text) if path.startswith(BINARY_FOLDER) else text)
    return buffer.getvalue()
