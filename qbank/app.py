"""The Flask application factory."""

from __future__ import annotations

from typing import Any

from flask import Flask

from qbank.config import DEFAULTS, load_settings
from qbank.runtime import Runtime


def create_app(test_config: dict[str, Any] | None = None, runtime: Runtime | None = None) -> Flask:
    """Build the app: defaults, then ``QBANK_*`` environment variables, then ``test_config``."""
    app = Flask(__name__, instance_relative_config=False, template_folder="web/templates", static_folder="web/static")
    app.config.from_mapping({k: v for k, v in DEFAULTS.items() if v is not None})
    app.config.from_prefixed_env("QBANK")
    if test_config:
        app.config.update(test_config)
    if runtime is None:
        runtime = Runtime(load_settings({k: v for k, v in app.config.items() if k in DEFAULTS}))
    if not runtime.schema_is_current():
        # What any WSGI server calls: one line saying what to do, not a traceback from the index queue.
        # Creating the schema here would race between workers and nodes; `qbank init` is the one place.
        raise SystemExit(f"QBank: the database at {runtime.safe_database_url} is not initialised or not up to date: "
                         "run `qbank init`")
    app.config["SECRET_KEY"] = app.config.get("SECRET_KEY") or runtime.settings.secret_key
    app.config["MAX_CONTENT_LENGTH"] = int(app.config.get("MAX_UPLOAD_MB", 25)) * 1024 * 1024
    app.extensions["qbank"] = runtime
    if not app.config.get("TESTING"):
        # Requests never wait for the search index; a background thread applies the queue.
        runtime.enable_indexing(background=True)

    from qbank.http.bulk_limit import init_bulk_limit

    init_bulk_limit(app)  # before the CSRF check reads the form

    from qbank.web.security import init_security

    init_security(app)

    from qbank.web.input_guard import init_input_guard

    init_input_guard(app)

    from qbank.web import register_web
    from qbank.web.releases import init_due_releases

    register_web(app)
    init_due_releases(app)

    from qbank.api import register_api

    register_api(app)

    from qbank.web.errors import register_error_handlers

    # Last, so these handlers replace the JSON ones flask-smorest installs for HTTP errors.
    register_error_handlers(app)
    return app


def get_runtime(app: Flask) -> Runtime:
    return app.extensions["qbank"]
