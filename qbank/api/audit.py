"""/api/v1/audit: the department's audit log for exam boards and admins (filtered, paginated)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from qbank.api.auth import api_actor
from qbank.api.schemas import AuditArgs, AuditPageOut
from qbank.http.context import runtime
from qbank.services.audit import list_audit

blp = Blueprint("api_audit", __name__, url_prefix="/api/v1/audit", description="Who viewed, exported, built or released what, when")


@blp.route("")
class Audit(MethodView):
    @blp.arguments(AuditArgs, location="query")
    @blp.response(200, AuditPageOut)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """The audit entries of the caller's department, newest first (exam boards and admins).

        Entries on the department's exams and those written by its people; never another
        department's, whatever the filter.
        """
        with runtime().uow() as uow:
            found = list_audit(
                uow, api_actor(), exam_id=args.get("exam_id"), user=args.get("user"), action=args.get("action"),
                since=args.get("since"), until=args.get("until"), page=args["page"], per_page=args["per_page"],
            )
        pages = max(1, -(-found.total // found.per_page))
        return {"items": found.items, "total": found.total, "page": found.page, "per_page": found.per_page, "pages": pages}
