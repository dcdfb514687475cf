"""Server-rendered web UI (Jinja templates, no front-end framework)."""

from __future__ import annotations

from flask import Flask

from qbank.web.views import bp


def register_web(app: Flask) -> None:
    app.register_blueprint(bp)
