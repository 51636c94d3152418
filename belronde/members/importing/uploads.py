"""An upload handler that stops storing a member file past the size limit (IMP-SIZE-01).

Without it Django would receive the whole file into a temporary file before the view could
refuse it. Past the limit the rest of the body is read and thrown away (the form fields before
the file, such as the CSRF token, stay), and the request is marked so the view can say why.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class SizeLimitUploadHandler(FileUploadHandler):
    def __init__(self, request: Any, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.upload_too_large = self.received  # type: ignore[union-attr]
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
