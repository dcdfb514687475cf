"""Importing a question file: preview (dry run) and store (one transaction), with duplicate checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from importers import ImportResult, get_importer
from importers.base import content_note, format_for
from importers.metafiles import render_metafiles
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
from qbank.services.tagging import canonicalise_tags, current_suggester, fill_from_suggestions, taxonomy_for
from qbank.services.uow import UnitOfWork
from search_index.minhash import Sketch, question_sketch


@dataclass
class Duplicate:
    index: int  # position in the import
    existing_id: int
    exact: bool  # same fingerprint; False for a likely near-duplicate
    similarity: float = 1.0


@dataclass
class ImportPlan:
    """What storing an upload will do with each question; the preview and the store share it, so
    the counts a user is shown before saving are the counts saved.

    - ``existing``: the same question (same fingerprint) is already in the target department: not stored;
    - ``repeats``: the same question appears earlier in this file (index → first index): not stored;
    - ``similar``: a likely near-duplicate, or the same question in another department: stored, flagged to check;
    - ``store``: every index that will be stored (``similar`` included).
    """

    total: int
    existing: dict[int, Duplicate] = field(default_factory=dict)
    repeats: dict[int, int] = field(default_factory=dict)
    similar: dict[int, Duplicate] = field(default_factory=dict)
    store: list[int] = field(default_factory=list)
    fingerprints: list[str] = field(default_factory=list)  # per question, computed once
    sketches: list[Sketch | None] = field(default_factory=list)  # per question, computed once (near-duplicates, then stored)

    @property
    def duplicates(self) -> list[Duplicate]:
        return sorted([*self.existing.values(), *self.similar.values()], key=lambda d: d.index)

    def counts(self) -> dict[str, int]:
        return {"read": self.total, "store": len(self.store), "existing": len(self.existing), "repeats": len(self.repeats),
                "similar": len(self.similar)}


@dataclass
class ImportSummary:
    question_set_id: int | None
    created: list[int] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    drafts: int = 0
    result: ImportResult | None = None
    plan: ImportPlan | None = None

    def counts(self) -> dict[str, int]:
        return self.plan.counts() if self.plan else {"store": len(self.created)}

    def to_json(self) -> dict[str, Any]:
        return {
            "question_set_id": self.question_set_id,
            "created": self.created,
            "drafts": self.drafts,
            "duplicates": [d.__dict__ for d in self.duplicates],
            "repeats": [{"index": i, "same_as": j} for i, j in sorted(self.plan.repeats.items())] if self.plan else [],
            "counts": self.counts(),
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
    # The content picks the reader (a .docx that holds a workbook is read as Excel); an unsupported
    # file is refused here, before any process starts.
    fmt = format_for(data, filename)
    if isolated and isolation_available() and fmt == "doc":
        # The .doc goes through this process's warm LibreOffice (itself sandboxed); the .docx it
        # yields is parsed in the limited child like any upload.
        from importers.doc.importer import doc_to_docx

        docx, notes = doc_to_docx(data, filename)
        result = read_isolated(filename, docx, fmt="docx")
        result.messages[:0] = notes
    elif isolated and isolation_available():
        result = read_isolated(filename, data, fmt=fmt)
    else:
        result = get_importer(fmt).read(data, filename)
    note = content_note(fmt, filename)
    if note:
        result.info(filename, note)
    if key is not None:
        apply_answer_file(result, key[0], key[1])
    # WMF/EMF pictures get a PNG for browsers here, through this process's warm LibreOffice.
    render_metafiles(result)
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


def find_duplicates(
    uow: UnitOfWork, actor: Actor, result: ImportResult, fingerprints: list[str] | None = None, sketches: list[Sketch | None] | None = None
) -> list[Duplicate]:
    """Questions of the import already in the bank, as far as the actor may see: the same
    question (same fingerprint), else a likely near-duplicate (reworded, a number changed).
    ``fingerprints`` / ``sketches``: the questions' own, when the caller already computed them."""
    exact = _exact_duplicates(uow, actor, fingerprints or [q.fingerprint() for q in result.questions])
    taken = {d.index for d in exact}
    rest = [i for i in range(len(result.questions)) if i not in taken]
    near = find_near_duplicates(uow.session, actor, [result.questions[i] for i in rest],
                                sketches=[sketches[i] for i in rest] if sketches is not None else None)  # fmt: skip
    found = exact + [Duplicate(rest[m.index], m.existing_id, False, m.similarity) for m in near]
    return sorted(found, key=lambda d: d.index)


def plan_import(uow: UnitOfWork, actor: Actor, result: ImportResult, department_id: int | None = None) -> ImportPlan:
    """Decide, question by question, what storing ``result`` into the department will do (``ImportPlan``)."""
    dept_id = actor.department_id if department_id is None else department_id
    plan = ImportPlan(total=len(result.questions), fingerprints=[q.fingerprint() for q in result.questions],  # once each
                      sketches=[question_sketch(q) for q in result.questions])  # fmt: skip
    first_of: dict[str, int] = {}
    for i, fp in enumerate(plan.fingerprints):
        if fp in first_of:
            plan.repeats[i] = first_of[fp]
        else:
            first_of[fp] = i
    found = [d for d in find_duplicates(uow, actor, result, plan.fingerprints, plan.sketches) if d.index not in plan.repeats]
    departments = _departments_of(uow.session, [d.existing_id for d in found if d.exact])  # one query, not one per copy
    for d in found:  # a repeat within the file is reported once, as a repeat of the earlier question
        if d.exact and departments.get(d.existing_id) == dept_id:
            plan.existing[d.index] = d
        else:
            plan.similar[d.index] = d
    plan.store = [i for i in range(plan.total) if i not in plan.existing and i not in plan.repeats]
    return plan


def _exact_duplicates(uow: UnitOfWork, actor: Actor, fps: list[str]) -> list[Duplicate]:
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
    suggest_threshold: float | None = None,
    before_commit: Callable[[ImportSummary], None] | None = None,
) -> ImportSummary:
    """Read and store a file in one transaction; questions already in the bank are reported, not duplicated.

    ``result`` may carry a preview the user already saw (and re-tagged), so the file is not parsed twice.
    With ``suggest_threshold`` the tags a question lacks are filled from suggestions at least that
    sure, recorded as "suggested" (the paper's own tags always win). ``before_commit`` writes more in
    the same transaction (a bulk import records the file's outcome with its questions).
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
        raise ValidationError("must be one of %(value)s", where="visibility", value=', '.join(v.value for v in Visibility)) from None
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

    plan = plan_import(uow, actor, result, dept.id)
    duplicates = plan.duplicates
    groups: dict[str, int] = {}
    for key, content in result.passages.items():
        group = PassageGroup(question_set_id=qset.id, department_id=dept.id, key=key, content=content.to_json())
        session.add(group)
        session.flush()
        groups[key] = group.id

    summary = ImportSummary(question_set_id=qset.id, duplicates=duplicates, result=result, plan=plan)
    taxonomy = taxonomy_for(session, dept.id)
    keep: list[Question] = []
    for i in plan.store:  # exact copies in the department and repeats within the file are reported, not stored
        q = result.questions[i]
        canonicalise_tags(q, taxonomy)  # "Tích phân" and "Nguyên hàm - Tích phân" are stored as one topic
        problems = answer_problems(q)
        q.status = Status.APPROVED if approve and not problems else Status.DRAFT
        q.visibility = vis
        if problems and q.type != QuestionType.ESSAY:
            summary.drafts += 1
        keep.append(q)
    if suggest_threshold is not None:
        fill_from_suggestions(keep, current_suggester(uow, actor, wait=False), suggest_threshold)
    summary.created = add_questions(
        session, actor, keep, department_id=dept.id, question_set_id=qset.id, group_ids=[groups.get(q.group or "") for q in keep],
        extra_blobs=[result.passages[q.group].blob_refs() if q.group in result.passages else set() for q in keep],
        fingerprints=[plan.fingerprints[i] for i in plan.store], sketches=[plan.sketches[i] for i in plan.store],
    )
    uow.reindex_many(summary.created)
    qset.report = {
        "questions": len(result.questions),
        "created": summary.created,
        "duplicates": [d.__dict__ for d in duplicates],
        "repeats": [{"index": i, "same_as": j} for i, j in sorted(plan.repeats.items())],
        "counts": plan.counts(),
        "messages": [m.to_json() for m in result.messages],
    }
    if before_commit is not None:
        before_commit(summary)
    uow.commit()
    return summary


def _departments_of(session: Any, question_ids: list[int]) -> dict[int, int]:
    ids = sorted(set(question_ids))
    out: dict[int, int] = {}
    for start in range(0, len(ids), 900):
        out.update(session.execute(select(QuestionRow.id, QuestionRow.department_id).where(QuestionRow.id.in_(ids[start : start + 900]))).all())
    return out


def _mime(filename: str) -> str:
    if filename.lower().endswith(".docx"):
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if filename.lower().endswith(".xlsx"):
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    if filename.lower().endswith(".doc"):
        return "application/msword"
    return "application/octet-stream"
