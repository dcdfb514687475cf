"""/api/v1/questions: search (facets, pagination), get, update (new version), status, versions."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from qbank.api.auth import api_actor
from qbank.api.schemas import QuestionOut, QuestionPage, QuestionUpdate, SearchArgs, StatusIn, VersionOut
from qbank.api.serialize import question_dict
from qbank.domain.content import Content
from qbank.domain.enums import QuestionType
from qbank.domain.errors import ValidationError
from qbank.domain.question import Option, Question, Tags
from qbank.http.context import runtime
from qbank.services.finder import FACETS, find_questions
from qbank.services.questions import get_question, list_versions, set_status, set_visibility, update_question

blp = Blueprint("api_questions", __name__, url_prefix="/api/v1/questions", description="Search and maintain questions")


@blp.route("")
class Questions(MethodView):
    @blp.arguments(SearchArgs, location="query")
    @blp.response(200, QuestionPage)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Search: words (accents optional) and facet filters, under the caller's visibility."""
        filters = {name: args[name] for name in FACETS if args.get(name)}
        with runtime().uow() as uow:
            found = find_questions(uow, api_actor(), args["q"], filters, page=args["page"], per_page=args["per_page"])
            items = [question_dict(v, found.snippets.get(v.id)) for v in found.items]
        facets = {name: {str(k): n for k, n in counts.items()} for name, counts in found.facets.items()}
        return {"items": items, "total": found.total, "page": found.page, "per_page": found.per_page, "pages": found.pages, "facets": facets,
                "total_is_lower_bound": found.capped}


@blp.route("/<int(max=2147483647):qid>")
class QuestionItem(MethodView):
    @blp.response(200, QuestionOut)
    def get(self, qid: int) -> dict[str, Any]:
        """One question (404 when it does not exist or the caller may not see it)."""
        with runtime().uow() as uow:
            return question_dict(get_question(uow, api_actor(), qid))

    @blp.arguments(QuestionUpdate)
    @blp.response(200, QuestionOut)
    def patch(self, data: dict[str, Any], qid: int) -> dict[str, Any]:
        """Edit: saved as a new version; fields left out keep their content."""
        rt = runtime()
        with rt.uow() as uow:
            current = get_question(uow, api_actor(), qid)
        old = current.question
        content = {k: v for k, v in data.items() if k not in ("visibility", "note", "base_version")}
        if content:
            new = apply_update(old, data)
            with rt.uow() as uow:
                update_question(uow, api_actor(), qid, new, note=data.get("note", ""), base_version=data.get("base_version") or current.version)
        if "visibility" in data:
            with rt.uow() as uow:
                set_visibility(uow, api_actor(), qid, data["visibility"])
        with rt.uow() as uow:
            return question_dict(get_question(uow, api_actor(), qid))


def apply_update(old: Question, data: dict[str, Any]) -> Question:
    q = Question.from_json(old.to_json(), status=old.status, visibility=old.visibility)
    if "stem" in data:
        q.stem = Content.from_text(data["stem"])
    if "solution" in data:
        q.solution = Content.from_text(data["solution"]) if data["solution"] else None
    if "options" in data:
        if len(data["options"]) != len(q.options):
            raise ValidationError(f"send {len(q.options)} options, in their order", where="options")
        q.options = [Option(o.label, Content.from_text(d["text"]), o.correct, o.pinned) for o, d in zip(q.options, data["options"], strict=True)]
    if "answer" in data:
        q.answer = _answer(q, data["answer"])
    if "points" in data:
        q.points = data["points"]
    if "tags" in data:
        merged = {**q.tags.to_json(), **data["tags"]}
        q.tags = Tags.from_json(merged)
    return q


def _answer(q: Question, answer: Any) -> Any:
    """Validate the answer for the type and mark the options that it makes correct."""
    if q.type == QuestionType.MCQ:
        if answer is not None and (not isinstance(answer, str) or answer not in {o.label for o in q.options}):
            raise ValidationError("must be one of the option letters", where="answer")
        for o in q.options:
            o.correct = o.label == answer
        return answer
    if q.type == QuestionType.TRUE_FALSE:
        if not isinstance(answer, list) or len(answer) != len(q.options) or any(a not in ("Đ", "S") for a in answer):
            raise ValidationError(f"a list of {len(q.options)} values, each \"Đ\" or \"S\"", where="answer")
        for o, a in zip(q.options, answer, strict=True):
            o.correct = a == "Đ"
        return answer
    if answer is not None and not isinstance(answer, str | int | float):
        raise ValidationError("must be text", where="answer")
    return None if answer is None else str(answer)


@blp.route("/<int(max=2147483647):qid>/status")
class QuestionStatus(MethodView):
    @blp.arguments(StatusIn)
    @blp.response(200, QuestionOut)
    def post(self, data: dict[str, Any], qid: int) -> dict[str, Any]:
        """Approve, retire or send back to draft (the question department's exam board or admin)."""
        with runtime().uow() as uow:
            set_status(uow, api_actor(), qid, data["status"])
        with runtime().uow() as uow:
            return question_dict(get_question(uow, api_actor(), qid))


@blp.route("/<int(max=2147483647):qid>/versions")
class QuestionVersions(MethodView):
    @blp.response(200, VersionOut(many=True))
    def get(self, qid: int) -> list[Any]:
        """Every saved version, oldest first."""
        with runtime().uow() as uow:
            return list_versions(uow, api_actor(), qid)
