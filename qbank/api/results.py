"""/api/v1: exam results in (answer sheets), exam statistics, a question's statistics history."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from flask.views import MethodView
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import Schema, fields

from qbank.api.auth import api_actor
from qbank.domain.errors import ValidationError
from qbank.http.context import runtime
from qbank.services.questions import get_question
from qbank.services.results import exam_statistics, import_results, question_statistics

blp = Blueprint("api_results", __name__, url_prefix="/api/v1", description="Exam results and item statistics")


class ResultsForm(Schema):
    skip_bad_rows = fields.Boolean(load_default=False, metadata={"description": "store the right rows, leave out those with problems"})


class ResultsFile(Schema):
    file = Upload(required=True, metadata={"description": ".xlsx or .csv: SBD, mã đề, one column per question or one answer string"})


class ResultsReportOut(Schema):
    exam_id = fields.Integer()
    rows = fields.Integer()
    stored = fields.Integer()
    problems = fields.List(fields.String())
    problem_count = fields.Integer()
    bad_rows = fields.Integer()
    skipped = fields.Boolean()


class ResultsProblemOut(ResultsReportOut):
    """A 422 is either the report of rows with problems (nothing stored) or the API's error shape
    (a file that is not results at all): both validate against this."""

    error = fields.String()
    message = fields.String()
    details = fields.Raw()


class QuestionStatOut(Schema):
    exam_id = fields.Integer()
    exam = fields.String()
    date = fields.String()
    n = fields.Integer()
    facility = fields.Float(allow_none=True)
    discrimination = fields.Float(allow_none=True)
    upper_lower = fields.Float(allow_none=True)
    rasch_b = fields.Float(allow_none=True)
    rasch_se = fields.Float(allow_none=True)
    infit = fields.Float(allow_none=True)
    outfit = fields.Float(allow_none=True)
    anchored = fields.Boolean()
    flags = fields.List(fields.String())
    options = fields.Dict()


class ExamStatsOut(Schema):
    exam = fields.Dict()
    items = fields.List(fields.Dict())


@blp.route("/exams/<int(max=2147483647):exam_id>/results")
class ExamResults(MethodView):
    @blp.arguments(ResultsForm, location="form")
    @blp.arguments(ResultsFile, location="files")
    @blp.response(201, ResultsReportOut, description="stored and scored; statistics computed")
    @blp.alt_response(422, schema=ResultsProblemOut,
                      description="rows with problems, nothing stored (send skip_bad_rows=true); or the API's error for a file that is not results")
    def post(self, form: dict[str, Any], files: dict[str, Any], exam_id: int) -> Any:
        """Import candidates' answers; a file with a wrong row stores nothing unless ``skip_bad_rows``."""
        upload = files["file"]
        filename = (upload.filename or "results").replace("\\", "/").rsplit("/", 1)[-1][:200]
        if not filename.lower().endswith((".xlsx", ".csv")):
            raise ValidationError("results must be an .xlsx or .csv file", where=filename)
        with runtime().uow() as uow:
            report = import_results(uow, api_actor(), exam_id, filename, upload.read(), skip_bad_rows=form["skip_bad_rows"])
        resp = jsonify(ResultsReportOut().dump(report))
        resp.status_code = 422 if report.needs_confirmation else 201
        return resp


@blp.route("/exams/<int(max=2147483647):exam_id>/stats")
class ExamStats(MethodView):
    @blp.response(200, ExamStatsOut)
    def get(self, exam_id: int) -> dict[str, Any]:
        """n, mean, SD, α, SEM, histogram; per question facility, discrimination, Rasch b/SE, fit, flags."""
        with runtime().uow() as uow:
            return exam_statistics(uow, api_actor(), exam_id)


@blp.route("/questions/<int(max=2147483647):qid>/stats")
class QuestionStats(MethodView):
    @blp.response(200, QuestionStatOut(many=True), description="one entry per administration the caller may see")
    def get(self, qid: int) -> list[dict[str, Any]]:
        """A question's statistics in every exam that used it, oldest first."""
        actor = api_actor()
        with runtime().uow() as uow:
            get_question(uow, actor, qid)  # 404 unless the caller may see the question
            return question_statistics(uow, actor, qid)
