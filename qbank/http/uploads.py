"""An uploaded question file, for the web pages and the API: its answer file, the parse, the preview store."""

from __future__ import annotations

from typing import Any

from qbank.http.context import runtime
from qbank.services.imports import read_upload
from qbank.services.upload_store import UploadStore


def upload_store() -> UploadStore:
    """Uploads kept between preview and confirm, under the instance's data dir."""
    return UploadStore(runtime().settings.data_dir / "uploads")


def parse(filename: str, data: bytes, subject: str | None, grade: int | None,
          key: tuple[str, bytes] | None = None):  # noqa: ANN201 - ImportResult
    """The import service reads the file in a child process with a memory cap and a deadline
    (and the paper's separate answer file, when one came with it)."""
    return read_upload(filename, data, subject=subject, grade=grade, key=key)


def key_upload(file: Any) -> tuple[str, bytes] | None:
    """(name, bytes) of an uploaded answer file (a werkzeug FileStorage), or None when none was chosen."""
    if file is None or not file.filename:
        return None
    return file.filename.replace("\\", "/").rsplit("/", 1)[-1][:200], file.read()
