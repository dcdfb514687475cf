"""The running instance behind the current request, for the web pages and the API alike."""

from __future__ import annotations

from flask import current_app

from qbank.runtime import Runtime


def runtime() -> Runtime:
    """The Runtime the app factory stored on the app (``qbank.app.create_app``)."""
    return current_app.extensions["qbank"]
