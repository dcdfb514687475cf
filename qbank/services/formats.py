"""The supported formats, from the importer and exporter registries, for the API, the upload page and --help."""

from __future__ import annotations

from typing import Any

from exporters.base import export_formats
from importers.base import accepted_extensions, formats


def supported_formats() -> dict[str, Any]:
    """``{"import": [...], "export": {"bank": [...], "exam": [...]}, "accept": ".docx,.xlsx,…"}``."""
    return {
        "import": [f.to_json() for f in formats()],
        "accept": ",".join(accepted_extensions()),
        "export": {scope: [f.to_json() for f in export_formats(scope)] for scope in ("bank", "exam")},
    }


def export_choices(scope: str) -> list[dict[str, Any]]:
    """The download choices of a page: ``scope`` "bank" (a search) or "exam" (an exam or practice test)."""
    return [f.to_json() for f in export_formats(scope)]


def import_choices() -> tuple[list[dict[str, Any]], str]:
    """The upload page's list of formats and its ``accept=`` attribute."""
    return [f.to_json() for f in formats()], ",".join(accepted_extensions())
