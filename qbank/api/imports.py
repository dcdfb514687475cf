"""/api/v1/imports: upload a file (dry run by default → preview and a token), then confirm it."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from flask.views import MethodView
from flask_smorest import Blueprint

from importers import get_importer
from qbank.api.auth import api_actor
from qbank.api.schemas import ConfirmIn, ImportSummaryOut, PreviewOut, UploadFile, UploadForm
from qbank.http.context import runtime
from qbank.http.uploads import key_upload, parse, upload_store
from qbank.services.imports import apply_overrides, ensure_may_import, import_file, plan_import

blp = Blueprint("api_imports", __name__, url_prefix="/api/v1/imports", description="Import Word and Excel question files")


@blp.route("")
class Imports(MethodView):
    @blp.arguments(UploadForm, location="form")
    @blp.arguments(UploadFile, location="files")
    @blp.response(200, PreviewOut, description="dry run: the parsed questions, warnings and likely duplicates")
    @blp.alt_response(201, schema=ImportSummaryOut, description="stored (dry_run=false)")
    def post(self, form: dict[str, Any], files: dict[str, Any]) -> Any:
        """Upload a .docx, .doc (Word 97-2003, converted by LibreOffice) or .xlsx; nothing is stored on a dry run."""
        upload = files["file"]
        filename = (upload.filename or "upload").replace("\\", "/").rsplit("/", 1)[-1][:200]
        get_importer(filename)
        actor = api_actor()
        ensure_may_import(actor)  # before a byte is parsed
        data = upload.read()
        result = parse(filename, data, form.get("subject"), form.get("grade"), key=key_upload(files.get("key")))
        if not form["dry_run"]:
            with runtime().uow() as uow:
                summary = import_file(uow, actor, filename, data, visibility=form["visibility"], approve=form["approve"], result=result)
            # A Response passes through flask-smorest untouched (the 200 schema is the preview's).
            resp = jsonify(ImportSummaryOut().dump(summary.to_json()))
            resp.status_code = 201
            return resp
        with runtime().uow() as uow:
            plan = plan_import(uow, actor, result)
        token = upload_store().save(actor.user_id or 0, filename, data, result)
        return {**result.to_json(), "token": token, "duplicates": [d.__dict__ for d in plan.duplicates], "counts": plan.counts()}


@blp.route("/<token>/confirm")
class ImportConfirm(MethodView):
    @blp.arguments(ConfirmIn)
    @blp.response(201, ImportSummaryOut)
    def post(self, data: dict[str, Any], token: str) -> dict[str, Any]:
        """Store a previewed upload (the server's own parse; no question data is taken from the client)."""
        actor = api_actor()
        store = upload_store()
        stored = store.load(token, actor.user_id or 0)
        apply_overrides(stored.result, subject=data.get("subject"), grade=data.get("grade"))
        with runtime().uow() as uow:
            summary = import_file(uow, actor, stored.filename, stored.data, visibility=data["visibility"], approve=data["approve"],
                                  result=stored.result)
        store.delete(token)
        return summary.to_json()
