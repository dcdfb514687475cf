"""Importing a question file: preview (dry run) and store (one transaction), with duplicate checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from importers import ImportResult, get_importer
from qbank.db.models import PassageGroup, QuestionRow, QuestionSet, utcnow
from qbank.domain.actor import Actor
from qbank.domain.enums import QuestionType, Role, Status, Visibility
from qbank.domain.errors import PermissionDenied, ValidationError
from qbank.domain.question import Blob, Question
from qbank.services import permissions
from qbank.services.blobs import put_blobs
from qbank.services.isolation import isolation_available, read_isolated
from qbank.services.near_duplicates import find_near_duplicates
from qbank.services.orgs import find_department
from qbank.services.questions import add_questions, answer_problems
from qbank.services.uow import UnitOfWork


@dataclass
class Duplicate:
    index: int  # position in the import
    existing_id: int
    exact: bool  # same fingerprint; False for a likely near-duplicate
    similarity: float = 1.0


@dataclass
class ImportSummary:
    question_set_id: int | None
    created: list[int] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    drafts: int = 0
    result: ImportResult | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "question_set_id": self.question_set_id,
            "created": self.created,
            "drafts": self.drafts,
            "duplicates": [d.__dict__ for d in self.duplicates],
            "messages": [m.to_json() for m in self.result.messages] if self.result else [],
        }


def ensure_may_import(actor: Actor) -> None:
    """Teachers search the bank; only contributors, exam boards and admins upload into it."""
    if actor.role == Role.TEACHER:
        raise PermissionDenied("teachers search the bank; contributors and exam boards import into it")


def read_upload(
    filename: str,
    data: bytes,
    *,
    subject: str | None = None,
    grade: int | None = None,
    isolated: bool = True,
    actor: Actor | None = None,
    key: tuple[str, bytes] | None = None,
) -> ImportResult:
    """Run the importer for the file (in a memory- and time-limited child process unless
    ``isolated`` is False) and apply the tag overrides the user gave. With ``actor``, refuse
    those who may not import before any parsing starts. ``key``: (name, bytes) of a separate
    answer file (.docx or .xlsx), matched to the paper by question number, part and mã đề."""
    if actor is not None:
        ensure_may_import(actor)
    get_importer(filename)  # an unsupported type is refused here, before any process starts
    if isolated and isolation_available():
        result = read_isolated(filename, data)
    else:
        result = get_importer(filename).read(data, filename)
    if key is not None:
        apply_answer_file(result, key[0], key[1])
    apply_overrides(result, subject=subject, grade=grade)
    return result


def apply_answer_file(result: ImportResult, key_name: str, key_data: bytes) -> None:
    """Read a separate answer file and give the paper's questions its answers (messages name what it misses)."""
    from importers.key_file import apply_key_file, read_key_file

    sources, notes = read_key_file(key_name, key_data, result.meta.get("code"))
    result.messages.extend(notes.messages)
    apply_key_file(result, sources, key_name)
    result.meta["answer_file"] = key_name


def apply_overrides(result: ImportResult, *, subject: str | None = None, grade: int | None = None, department: str | None = None) -> None:
    if subject:
        result.meta["subject"] = subject
    if grade:
        result.meta["grade"] = grade
    for q in result.questions:
        if subject:
            q.tags.subject = subject
        if grade:
            q.tags.grade = grade
        q.tags.subject = q.tags.subject or result.meta.get("subject")
        q.tags.grade = q.tags.grade or result.meta.get("grade")
        q.tags.school_year = q.tags.school_year or result.meta.get("year")
        q.tags.source_exam = q.tags.source_exam or result.meta.get("exam")
        if department:
            q.tags.department = department


def find_duplicates(uow: UnitOfWork, actor: Actor, result: ImportResult) -> list[Duplicate]:
    """Questions of the import already in the bank, as far as the actor may see: the same
    question (same fingerprint), else a likely near-duplicate (reworded, a number changed)."""
    exact = _exact_duplicates(uow, actor, result)
    taken = {d.index for d in exact}
    rest = [i for i in range(len(result.questions)) if i not in taken]
    near = find_near_duplicates(uow.session, actor, [result.questions[i] for i in rest])
    found = exact + [Duplicate(rest[m.index], m.existing_id, False, m.similarity) for m in near]
    return sorted(found, key=lambda d: d.index)


def _exact_duplicates(uow: UnitOfWork, actor: Actor, result: ImportResult) -> list[Duplicate]:
    fps = [q.fingerprint() for q in result.questions]
    if not fps:
        return []
    rows = uow.session.execute(
        select(QuestionRow.fingerprint, QuestionRow.id).where(
            QuestionRow.fingerprint.in_(sorted(set(fps))),
            permissions.question_visible_clause(actor, utcnow(), include_retired=True),
        )
    ).all()
    seen: dict[str, int] = {}
    own = set(uow.session.scalars(select(QuestionRow.id).where(QuestionRow.id.in_([q for _, q in rows]),
                                                                QuestionRow.department_id == actor.department_id)))
    for fp, qid in sorted(rows, key=lambda r: (r[1] not in own, r[1])):  # the importer's own copy first
        seen.setdefault(fp, qid)
    return [Duplicate(i, seen[fp], True) for i, fp in enumerate(fps) if fp in seen]


def import_file(
    uow: UnitOfWork,
    actor: Actor,
    filename: str,
    data: bytes,
    *,
    department: str | int | None = None,
    subject: str | None = None,
    grade: int | None = None,
    approve: bool = False,
    visibility: str = Visibility.DEPARTMENT,
    result: ImportResult | None = None,
) -> ImportSummary:
    """Read and store a file in one transaction; questions already in the bank are reported, not duplicated.

    ``result`` may carry a preview the user already saw (and re-tagged), so the file is not parsed twice.
    """
    ensure_may_import(actor)
    dept = find_department(uow, department) if department is not None else find_department(uow, actor.department_id)
    if dept.id != actor.department_id and actor.role != Role.ADMIN:
        raise PermissionDenied("you may import only into your own department")
    if approve and actor.role not in (Role.EXAM_BOARD, Role.ADMIN):
        raise PermissionDenied("only exam boards and admins may approve on import")
    try:
        vis = Visibility(visibility)
    except ValueError:
        raise ValidationError(f"must be one of {', '.join(v.value for v in Visibility)}", where="visibility") from None
    if result is None:
        result = read_upload(filename, data, subject=subject, grade=grade)
    apply_overrides(result, department=dept.name)
    if not result.questions:
        raise ValidationError("no questions were found in the file", where=filename)

    session = uow.session
    file_blob = Blob(data, _mime(filename))
    put_blobs(session, {file_blob.sha256: file_blob, **result.blobs})
    qset = QuestionSet(
        department_id=dept.id,
        uploaded_by=actor.user_id,
        filename=filename[:300],
        format=result.format,
        file_sha256=file_blob.sha256,
        meta=result.meta,
    )
    session.add(qset)
    session.flush()

    duplicates = find_duplicates(uow, actor, result)
    # Exact copies already in this department are not stored again; near-duplicates are stored and reported.
    own_dupes = {d.index for d in duplicates if d.exact and _department_of(session, d.existing_id) == dept.id}
    groups: dict[str, int] = {}
    for key, content in result.passages.items():
        group = PassageGroup(question_set_id=qset.id, department_id=dept.id, key=key, content=content.to_json())
        session.add(group)
        session.flush()
        groups[key] = group.id

    summary = ImportSummary(question_set_id=qset.id, duplicates=duplicates, result=result)
    keep: list[Question] = []
    for i, q in enumerate(result.questions):
        if i in own_dupes:
            continue  # already in this department's bank: reported, not stored twice
        problems = answer_problems(q)
        q.status = Status.APPROVED if approve and not problems else Status.DRAFT
        q.visibility = vis
        if problems and q.type != QuestionType.ESSAY:
            summary.drafts += 1
        keep.append(q)
    summary.created = add_questions(
        session, actor, keep, department_id=dept.id, question_set_id=qset.id, group_ids=[groups.get(q.group or "") for q in keep],
        extra_blobs=[result.passages[q.group].blob_refs() if q.group in result.passages else set() for q in keep],
    )
    uow.reindex_many(summary.created)
    qset.report = {
        "questions": len(result.questions),
        "created": summary.created,
        "duplicates": [d.__dict__ for d in duplicates],
        "messages": [m.to_json() for m in result.messages],
    }
    uow.commit()
    return summary


def _department_of(session: Any, question_id: int) -> int | None:
    return session.scalar(select(QuestionRow.department_id).where(QuestionRow.id == question_id))


def _mime(filename: str) -> str:
    if filename.lower().endswith(".docx"):
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if filename.lower().endswith(".xlsx"):
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return "application/octet-stream"
