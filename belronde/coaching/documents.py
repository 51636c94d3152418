"""What a coach may upload: the file's type read from its bytes, never from its name.

Pure (no Django): ``detect`` looks at the content and answers one of the kinds of
``Document.Kind`` or None. Office files are ZIP packages; they are told apart by the part that
only that kind has (``word/document.xml``, ``xl/workbook.xml``), so a renamed ZIP, an old .doc or
an executable called ``rapport.pdf`` is refused.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile

MAX_BYTES = 10 * 1024 * 1024

#: the extension a stored download gets, by kind
EXTENSIONS = {"pdf": "pdf", "xlsx": "xlsx", "docx": "docx", "png": "png", "jpeg": "jpg"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "png": "image/png",
    "jpeg": "image/jpeg",
}


def detect(head: bytes, whole: bytes | None = None) -> str | None:
    """The kind of a file from its first bytes (and, for ZIP packages, the whole content)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04") and whole is not None:
        try:
            with zipfile.ZipFile(io.BytesIO(whole)) as package:
                names = set(package.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        if "[Content_Types].xml" not in names:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def clean_name(name: str, kind: str) -> str:
    """The name shown and offered on download: the last path part only, no control characters,
    at most 150 characters, with the extension of the detected kind."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip().strip(".")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = re.sub(r"\s+", " ", stem)[:140].strip() or "document"
    return f"{stem}.{EXTENSIONS[kind]}"
