"""/api/v1/exams: list, build from a blueprint, practice tests, get, delete, export (audited), release."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from qbank.api.auth import api_actor
from qbank.api.schemas import ExamCreate, ExamOut, ExportArgs, PracticeCreate, ReleaseIn
from qbank.api.serialize import exam_dict
from qbank.domain.blueprint import blueprint_from_dict
from qbank.domain.errors import ValidationError
from qbank.http.context import runtime
from qbank.http.downloads import export_download
from qbank.services.exams import (
    build_exam,
    build_exam_from_questions,
    build_practice_test,
    delete_exam,
    export_exam_files,
    get_exam,
    list_exams,
    release_exam,
)

blp = Blueprint("api_exams", __name__, url_prefix="/api/v1/exams", description="Exams: build, export, release")


@blp.route("")
class Exams(MethodView):
    @blp.response(200, ExamOut(many=True))
    def get(self) -> list[dict[str, Any]]:
        """Exams the caller may see (confidential ones only for their own exam board)."""
        with runtime().uow() as uow:
            return [exam_dict(e) for e in list_exams(uow, api_actor())]

    @blp.arguments(ExamCreate)
    @blp.response(201, ExamOut)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Create and build an official exam from a blueprint (assembled by the rules) or from
        hand-picked ``question_ids``, with shuffled versions. A confidential exam draws only on the
        reserved pool; one holding questions others already see is stored as not confidential
        (``confidential: false`` and a message say so)."""
        if bool(data.get("blueprint")) == bool(data.get("question_ids")):
            raise ValidationError("send either a blueprint or question_ids", where="blueprint")
        with runtime().uow() as uow:
            if data.get("question_ids"):
                info = build_exam_from_questions(uow, api_actor(), data["question_ids"], title=data.get("title") or "Đề thi",
                                                 versions=data["versions"], seed=data["seed"], release_at=data["release_at"],
                                                 confidential=data["confidential"], release_policy=data["release_policy"])
            else:
                info = build_exam(uow, api_actor(), blueprint_from_dict(data["blueprint"]), versions=data["versions"], seed=data["seed"],
                                  title=data.get("title") or None, release_at=data["release_at"], confidential=data["confidential"],
                                  release_policy=data["release_policy"])
        return exam_dict(info)


@blp.route("/practice")
class Practice(MethodView):
    @blp.arguments(PracticeCreate)
    @blp.response(201, ExamOut)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """A practice test from chosen questions, in the given order."""
        with runtime().uow() as uow:
            return exam_dict(build_practice_test(uow, api_actor(), data["question_ids"], title=data["title"]))


@blp.route("/<int(max=2147483647):exam_id>")
class ExamItem(MethodView):
    @blp.response(200, ExamOut)
    def get(self, exam_id: int) -> dict[str, Any]:
        """One exam (a confidential one is audited)."""
        with runtime().uow() as uow:
            return exam_dict(get_exam(uow, api_actor(), exam_id))


    @blp.response(204)
    def delete(self, exam_id: int) -> None:
        """Delete an unreleased exam (its board) or a practice test (its author); the audit log keeps it."""
        with runtime().uow() as uow:
            delete_exam(uow, api_actor(), exam_id)


@blp.route("/<int(max=2147483647):exam_id>/export")
class ExamExport(MethodView):
    @blp.arguments(ExportArgs, location="query")
    @blp.response(200, description="the file, or a zip of several", content_type="application/octet-stream")
    def get(self, args: dict[str, Any], exam_id: int) -> Response:
        """Download papers (docx/pdf), marking guide, answer keys (xlsx) or the whole bundle (zip)."""
        rt = runtime()
        actor = api_actor()

        def run(out):  # noqa: ANN001, ANN202
            with rt.uow() as uow:
                return export_exam_files(uow, actor, exam_id, args["format"], out)

        return export_download(rt.settings.data_dir, run, f"exam-{exam_id}-{args['format']}.zip")


@blp.route("/<int(max=2147483647):exam_id>/release")
class ExamRelease(MethodView):
    @blp.arguments(ReleaseIn)
    @blp.response(200, ExamOut)
    def post(self, data: dict[str, Any], exam_id: int) -> dict[str, Any]:
        """Set the release time (now when empty): afterwards its questions are visible again."""
        with runtime().uow() as uow:
            return exam_dict(release_exam(uow, api_actor(), exam_id, data["release_at"]))
