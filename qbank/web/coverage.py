"""Coverage heatmap: topic × cognitive level counts for a subject and grade, gaps at a glance."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import login_required

from qbank.services.coverage import best_choice, coverage_matrix, subjects_and_grades
from qbank.web.common import actor, form_int, runtime

bp = Blueprint("coverage", __name__)


def heat_class(n: int, top: int) -> str:
    """One of six CSS shades (no inline styles under the CSP); 0 is its own, alarming colour."""
    if n <= 0:
        return "heat-0"
    if top <= 1:
        return "heat-5"
    return f"heat-{1 + min(4, int(4 * (n - 1) / max(1, top - 1)))}"


@bp.get("/coverage")
@login_required
def heatmap():  # noqa: ANN201
    with runtime().uow() as uow:
        choices = subjects_and_grades(uow, actor())
        pick = request.args.get("pick")  # the chooser sends "subject|grade" in one value
        subject_arg, grade_arg = pick.split("|", 1) if pick and "|" in pick else (request.args.get("subject"), request.args.get("grade"))
        subject = (subject_arg or "").strip() or None
        grade = form_int(grade_arg)
        if subject is None:  # first visit: the subject and grade with the most tagged questions
            best = best_choice(uow, actor()) or ((choices[0][0], choices[0][1]) if choices else (None, None))
            subject, grade = best
        elif grade is None and not grade_arg:
            grade = next((g for s, g, _ in choices if s == subject), None)
        approved_only = request.args.get("approved") == "1"
        cov = coverage_matrix(uow, actor(), subject, grade, approved_only=approved_only)
    return render_template(
        "coverage.html", cov=cov, choices=choices, subject=subject, grade=grade, approved_only=approved_only, heat_class=heat_class
    )
