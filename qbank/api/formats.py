"""/api/v1/formats: what can be imported (format, extensions, question types) and what each page can export."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from qbank.api.schemas import FormatsOut
from qbank.services.formats import supported_formats

blp = Blueprint("api_formats", __name__, url_prefix="/api/v1/formats", description="Supported import and export formats")


@blp.route("")
class Formats(MethodView):
    @blp.response(200, FormatsOut)
    def get(self) -> dict[str, Any]:
        """Import formats (the file's content picks one) and export formats for a search selection and for an exam."""
        return supported_formats()
