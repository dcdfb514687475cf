"""A bulk upload (an archive of many papers) may be larger than one file: its own request size cap."""

from __future__ import annotations

from flask import Flask, request

# The endpoints that take a whole archive; every other request keeps QBANK_MAX_UPLOAD_MB.
BULK_PATHS = ("/import/batch", "/api/v1/imports/batches")


def init_bulk_limit(app: Flask) -> None:
    """Raise the request size cap to QBANK_BULK_MAX_MB for archive uploads only. Registered before the CSRF
    check, which reads the form (and so applies the cap) before any view runs."""

    @app.before_request
    def bulk_cap() -> None:
        if request.method == "POST" and request.path in BULK_PATHS:
            request.max_content_length = app.extensions["qbank"].settings.bulk_max_mb * 1024 * 1024
