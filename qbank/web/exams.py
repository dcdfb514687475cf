"""Exam boards: blueprint editor (the ma trận as an editable table), build with versions, preview,
export, release. Confidential until release; the service audits every view and export."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from qbank.domain.assembly import Unfillable
from qbank.domain.blueprint import Blueprint as ExamBlueprint
from qbank.domain.blueprint import InvalidBlueprint, blueprint_from_dict, load_blueprint
from qbank.domain.enums import Level, QuestionType
from qbank.domain.errors import NotFound, PermissionDenied, QBankError
from qbank.http.downloads import export_download
from qbank.services.exams import (
    build_exam,
    check_blueprint_supply,
    delete_exam,
    export_exam_files,
    get_exam,
    list_exams,
    load_paper,
    release_exam,
)
from qbank.services.export_jobs import LMS_FORMATS
from qbank.services.formats import export_choices
from qbank.services.results import has_results
from qbank.web.common import actor, form_datetime, form_float, form_int, runtime
from qbank.web.errors import error_text, problem_text, unfillable_text

bp = Blueprint("exams", __name__)
EXPORT_FORMATS = ("docx", "guide", "xlsx", "pdf", "zip")
SAMPLE = Path(__file__).resolve().parents[1] / "demo" / "blueprint_toan12_2025.yaml"
EXTRA_ROWS = 3  # blank cell rows offered without JavaScript


@bp.get("/exams")
@login_required
def index():  # noqa: ANN201
    with runtime().uow() as uow:
        exams = list_exams(uow, actor())
    return render_template("exams/index.html", exams=exams)


def blueprint_from_form(form) -> dict[str, Any]:  # noqa: ANN001 - a MultiDict
    """The table's rows as the blueprint mapping; blank rows are skipped."""
    parts = []
    for key, title, ptype, instr in zip(
        form.getlist("part_key"), form.getlist("part_title"), form.getlist("part_type"), form.getlist("part_instructions"), strict=False
    ):
        if key.strip():
            parts.append({"key": key.strip(), "title": title.strip(), "type": ptype or None, "instructions": instr.strip()})
    cells = []
    for part, topic, level, ctype, count, points in zip(
        form.getlist("cell_part"), form.getlist("cell_topic"), form.getlist("cell_level"), form.getlist("cell_type"),
        form.getlist("cell_count"), form.getlist("cell_points"), strict=False,
    ):
        if topic.strip():
            cells.append({"part": part.strip(), "topic": topic.strip(), "level": level, "type": ctype or None,
                          "count": form_int(count) or 0, "points": form_float(points) or 0})
    return {
        "subject": form.get("subject", "").strip(),
        "grade": form_int(form.get("grade")),
        "duration_minutes": form_int(form.get("duration_minutes")) or 0,
        "total_points": form_float(form.get("total_points")) or 0,
        "title": form.get("title", "").strip(),
        "exam_name": form.get("exam_name", "").strip(),
        "school_year": form.get("school_year", "").strip(),
        "department": form.get("department", "").strip(),
        "official": True,
        "parts": parts,
        "cells": cells,
    }


def release_at_from_form(value: str | None) -> datetime | None:
    """``datetime-local`` input, typed in the instance's zone (QBANK_TIMEZONE), stored in UTC."""
    return form_datetime(value)


@bp.get("/exams/new")
@login_required
def new():  # noqa: ANN201
    options = {"versions": 4, "seed": 0, "release_at": "", "confidential": True, "release_policy": "reserved"}
    data = load_blueprint(SAMPLE).to_json() if SAMPLE.is_file() else {"parts": [], "cells": []}
    data["department"] = _own_department_header()  # the sample names Quảng Trị; print the board's own
    return _new_page(data, options, [])


@bp.post("/exams/new")
@login_required
def new_submit():  # noqa: ANN201
    problems: list[str] = []
    supply: list[Any] | None = None
    options = {"versions": 4, "seed": 0, "release_at": "", "confidential": True, "release_policy": "reserved"}
    if request.files.get("blueprint_file") and request.files["blueprint_file"].filename:
        try:
            data = _blueprint_from_upload(request.files["blueprint_file"]).to_json()
            flash(_("Blueprint loaded: check it, then build."), "ok")
        except QBankError as exc:
            data = blueprint_from_form(request.form)
            problems = [error_text(exc)]
    else:
        data = blueprint_from_form(request.form)
        options = {
            "versions": form_int(request.form.get("versions")) or 4,
            "seed": form_int(request.form.get("seed")) or 0,
            "release_at": request.form.get("release_at") or "",
            "confidential": request.form.get("confidential") == "1",
            "release_policy": request.form.get("release_policy") or "reserved",
        }
        bp_obj: ExamBlueprint | None = None
        try:
            bp_obj = blueprint_from_dict(data)
            problems = [problem_text(p) for p in bp_obj.validate()]
        except QBankError as exc:
            problems = [error_text(exc)]
        if bp_obj is not None and not problems and request.form.get("action") == "build":
            try:
                with runtime().uow() as uow:
                    info = build_exam(
                        uow, actor(), bp_obj, versions=options["versions"], seed=options["seed"],
                        title=data["title"] or None, release_at=release_at_from_form(options["release_at"]),
                        confidential=options["confidential"], release_policy=options["release_policy"],
                    )
                flash(_("Exam built with %(n)s versions.", n=len(info.version_codes)), "ok")
                flash_build_messages(info)
                return redirect(url_for("exams.show", exam_id=info.id))
            except (PermissionDenied, NotFound):
                raise
            except QBankError as exc:
                problems = ([problem_text(p) for p in exc.problems] if isinstance(exc, InvalidBlueprint) else
                            [unfillable_text(c) for c in exc.cells] if isinstance(exc, Unfillable) else [error_text(exc)])
        elif bp_obj is not None and not problems:
            # Valid on paper; now what the bank can supply, cell by cell, for a build by this board now.
            with runtime().uow() as uow:
                supply = check_blueprint_supply(uow, actor(), bp_obj, seed=options["seed"], confidential=options["confidential"])
            problems = [_("%(cell)s: needs %(n)s, the bank can supply %(a)s now (%(m)s matching, %(f)s not used in recent exams)",
                          cell=s.cell.label, n=s.needed, a=s.available, m=s.matching, f=s.fresh) for s in supply if s.short]
            if not problems:
                flash(_("The blueprint is valid and the bank can fill every cell."), "ok")
    return _new_page(data, options, problems, supply)


def _new_page(data: dict[str, Any], options: dict[str, Any], problems: list[str], supply: list[Any] | None = None):  # noqa: ANN202
    totals = _totals(data)
    return render_template(
        "exams/new.html", data=data, options=options, problems=problems, totals=totals, extra_rows=EXTRA_ROWS,
        levels=[lv.value for lv in Level], types=[t.value for t in QuestionType], supply=supply,
    ), (422 if problems else 200)


def _own_department_header() -> str:
    """The exam board's own department as the paper's header prints it (upper case)."""
    from qbank.services.orgs import find_department

    with runtime().uow() as uow:
        return find_department(uow, actor().department_id).name.upper()


BLUEPRINT_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")


def _blueprint_from_upload(upload) -> ExamBlueprint:  # noqa: ANN001 - a werkzeug FileStorage
    """A ma trận file (YAML/JSON, or the Excel sheet exam boards keep) read by the exam service."""
    import tempfile

    from qbank.domain.errors import UnsupportedFormat
    from qbank.services.exams import parse_blueprint_file

    suffix = Path(upload.filename or "").suffix.lower()
    if suffix not in BLUEPRINT_SUFFIXES:
        raise UnsupportedFormat("a blueprint is a %(value)s file", value=', '.join(BLUEPRINT_SUFFIXES))
    root = runtime().settings.data_dir / "uploads"
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root) as tmp:
        path = Path(tmp) / f"blueprint{suffix}"
        upload.save(path)
        return parse_blueprint_file(path)


def _totals(data: dict[str, Any]) -> dict[str, Any]:
    """Questions and points per part, for the summary row under the table."""
    per_part: dict[str, list[float]] = {}
    for c in data.get("cells", []):
        n, pts = c.get("count") or 0, c.get("points") or 0
        acc = per_part.setdefault(c.get("part", ""), [0, 0.0])
        acc[0] += n
        acc[1] += n * pts
    return {"parts": per_part, "questions": sum(v[0] for v in per_part.values()), "points": round(sum(v[1] for v in per_part.values()), 4)}


@bp.get("/exams/<int(max=2147483647):exam_id>")
@login_required
def show(exam_id: int):  # noqa: ANN201
    with runtime().uow() as uow:
        info = get_exam(uow, actor(), exam_id)
    with runtime().uow() as uow:
        paper, _blobs = load_paper(uow, actor(), exam_id)
        results_ready = has_results(uow, exam_id)
    version = request.args.get("version") or (paper.versions[0].code if paper.versions else None)
    shown = next((v for v in paper.versions if v.code == version), None)
    return render_template("exams/show.html", info=info, paper=paper, shown=shown, formats=EXPORT_FORMATS, results_ready=results_ready,
                           lms_formats=[f for f in export_choices("exam") if f["name"] in LMS_FORMATS])


@bp.post("/exams/<int(max=2147483647):exam_id>/export")
@login_required
def export(exam_id: int):  # noqa: ANN201
    fmt = request.form.get("format", "zip")
    if fmt == "lms":  # the format picked in the LMS list
        fmt = request.form.get("lms_format", "")
    if fmt not in EXPORT_FORMATS + LMS_FORMATS:
        fmt = "zip"
    rt = runtime()

    def run(out):  # noqa: ANN001, ANN202
        with rt.uow() as uow:
            return export_exam_files(uow, actor(), exam_id, fmt, out)

    return export_download(rt.settings.data_dir, run, f"exam-{exam_id}-{fmt}.zip")


def flash_build_messages(info) -> None:  # noqa: ANN001 - an ExamInfo
    """Say plainly when an official exam could not be confidential."""
    if info.kind == "official" and not info.confidential:
        flash(_("This exam is not confidential: it holds questions that others can already see. "
                "Only questions from the reserved pool keep an exam secret."), "error")


@bp.post("/exams/<int(max=2147483647):exam_id>/delete")
@login_required
def delete(exam_id: int):  # noqa: ANN201
    with runtime().uow() as uow:
        delete_exam(uow, actor(), exam_id)
    flash(_("Exam deleted."), "ok")
    return redirect(url_for("exams.index"))


@bp.post("/exams/<int(max=2147483647):exam_id>/release")
@login_required
def release(exam_id: int):  # noqa: ANN201
    with runtime().uow() as uow:
        release_exam(uow, actor(), exam_id, release_at_from_form(request.form.get("release_at")))
    flash(_("Release time saved."), "ok")
    return redirect(url_for("exams.show", exam_id=exam_id))
