"""/api/v1/coverage: questions per topic × cognitive level for a subject and grade (visible ones only)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from qbank.api.auth import api_actor
from qbank.http.context import runtime
from qbank.services.coverage import coverage_matrix

blp = Blueprint("api_coverage", __name__, url_prefix="/api/v1/coverage", description="Coverage of the bank")


class CoverageArgs(Schema):
    subject = fields.String(load_default=None, validate=validate.Length(max=100))
    grade = fields.Integer(load_default=None, validate=validate.Range(min=1, max=12))
    approved_only = fields.Boolean(load_default=False)


class CellOut(Schema):
    topic = fields.String()
    level = fields.String()
    count = fields.Integer()


class CoverageOut(Schema):
    subject = fields.String(allow_none=True)
    grade = fields.Integer(allow_none=True)
    topics = fields.List(fields.String())
    levels = fields.List(fields.String())
    cells = fields.List(fields.Nested(CellOut), metadata={"description": "non-empty cells; a missing pair is a gap"})
    total = fields.Integer()


@blp.route("")
class Coverage(MethodView):
    @blp.arguments(CoverageArgs, location="query")
    @blp.response(200, CoverageOut)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Counts grouped by topic and level ("" when a question has no topic or level)."""
        with runtime().uow() as uow:
            cov = coverage_matrix(uow, api_actor(), args["subject"], args["grade"], approved_only=args["approved_only"])
        return {
            "subject": cov.subject,
            "grade": cov.grade,
            "topics": cov.topics,
            "levels": cov.levels,
            "cells": [{"topic": t, "level": lv, "count": n} for (t, lv), n in sorted(cov.counts.items())],
            "total": cov.total,
        }
