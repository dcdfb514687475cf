"""Questions in the bank: store, read (permission-checked), edit as a new version, approve, retire."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy import update as sa_update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session

from qbank.db.models import Department, Exam, ExamQuestion, PassageGroup, QuestionRow, QuestionVersion, utcnow
from qbank.domain.actor import Actor
from qbank.domain.content import Content
from qbank.domain.enums import QuestionType, Status, Visibility
from qbank.domain.errors import N_, Conflict, NotFound, PermissionDenied, ValidationError
from qbank.domain.question import Question
from qbank.services import permissions
from qbank.services.uow import UnitOfWork

if TYPE_CHECKING:
    from search_index.minhash import Sketch


@dataclass
class QuestionView:
    id: int
    version: int
    question: Question
    department_id: int
    department: str
    status: str
    visibility: str
    created_at: datetime
    updated_at: datetime
    usage_count: int
    question_set_id: int | None
    passage_group_id: int | None
    can_edit: bool = False
    can_review: bool = False
    passage: Content | None = None  # the reading passage the question shares with others


@dataclass(frozen=True)
class VersionInfo:
    version: int
    created_at: datetime
    created_by: int | None
    note: str


def add_question(
    session: Session,
    actor: Actor,
    question: Question,
    *,
    department_id: int,
    question_set_id: int | None = None,
    passage_group_id: int | None = None,
) -> int:
    """Insert one question with its first version; returns its id (no commit)."""
    return add_questions(
        session, actor, [question], department_id=department_id, question_set_id=question_set_id, group_ids=[passage_group_id]
    )[0]


def tag_columns(q: Question, fingerprint: str | None = None) -> dict[str, object]:
    """Type, fingerprint, tags and points, copied to indexed columns so filters and facets are plain SQL.
    ``fingerprint``: the question's, when the caller already computed it (an import does, once)."""
    return {
        "type": str(q.type),
        "fingerprint": fingerprint or q.fingerprint(),
        "subject": q.tags.subject,
        "grade": q.tags.grade,
        "topic": q.tags.topic,
        "level": q.tags.level,
        "difficulty": q.tags.difficulty,
        "school_year": q.tags.school_year,
        "source_exam": q.tags.source_exam,
        "points": q.points,
    }


def _copy_columns(row: QuestionRow, q: Question) -> None:
    """Tag columns and near-duplicate band hashes recomputed from an edited question."""
    from qbank.db.models import PassageGroup, QuestionBand, QuestionBlob, QuestionSignature
    from qbank.domain.content import Content
    from search_index.minhash import question_text, sketch

    for name, value in tag_columns(q).items():
        setattr(row, name, value)
    sk = sketch(question_text(q))
    row.bands = [QuestionBand(band=b, hash=h) for b, h in enumerate(sk.bands if sk else ())]
    if sk is None:
        row.signature = None
    elif row.signature is None:
        row.signature = QuestionSignature(signature=sk.signature, normalised=sk.normalised)
    else:  # replaced in place: a new row would clash on the key
        row.signature.signature, row.signature.normalised = sk.signature, sk.normalised
    refs = q.blob_refs()
    if row.passage_group_id:
        group = object_session(row).get(PassageGroup, row.passage_group_id)
        refs |= Content.from_json(group.content).blob_refs() if group else set()
    row.blob_links = [QuestionBlob(sha256=sha) for sha in sorted(refs)]


def add_questions(
    session: Session,
    actor: Actor,
    questions: list[Question],
    *,
    department_id: int,
    question_set_id: int | None = None,
    group_ids: list[int | None] | None = None,
    extra_blobs: list[set[str]] | None = None,
    fingerprints: list[str] | None = None,
    sketches: list[Sketch | None] | None = None,
) -> list[int]:
    """Insert many questions with their first versions, band hashes and signatures in a few bulk
    statements (an import of 200 questions is five INSERTs, not 7,000 ORM objects); no commit.
    ``fingerprints`` / ``sketches``: the questions' own, when the caller already computed them."""
    from sqlalchemy import insert

    from qbank.db.models import QuestionBand, QuestionBlob, QuestionSignature
    from qbank.services.near_duplicates import sketch_rows
    from search_index.minhash import question_sketch

    if not questions:
        return []
    now = utcnow()
    groups = group_ids or [None] * len(questions)
    rows = [
        {
            "department_id": department_id,
            "question_set_id": question_set_id,
            "passage_group_id": groups[i],
            "created_by": actor.user_id,
            "created_at": now,
            "updated_at": now,
            "current_version": 1,
            "status": str(q.status),
            "visibility": str(q.visibility),
            "usage_count": 0,
            **tag_columns(q, fingerprints[i] if fingerprints else None),
        }
        for i, q in enumerate(questions)
    ]
    # Core statements on the tables: the ORM's bulk path costs more per row than the database does.
    questions_table = QuestionRow.__table__
    ids = list(session.scalars(insert(questions_table).returning(questions_table.c.id, sort_by_parameter_order=True), rows))
    session.execute(
        insert(QuestionVersion.__table__),
        [{"question_id": qid, "version": 1, "data": q.to_json(), "created_by": actor.user_id, "created_at": now, "note": "created"}
         for qid, q in zip(ids, questions, strict=True)],
    )
    bands: list[tuple[int, int, int]] = []
    signatures: list[tuple[int, bytes, str]] = []
    for qid, sk in zip(ids, sketches or [question_sketch(q) for q in questions], strict=True):
        band_rows, sig_row = sketch_rows(qid, sk)
        bands += band_rows
        if sig_row is not None:
            signatures.append(sig_row)
    # 32 band rows per question: straight to the driver (COPY on PostgreSQL), no per-row binding in Python,
    # in the lookup index's order, so the inserts walk its B-tree once from left to right instead of
    # landing on 6,400 random pages (what made a large bank slower to import into).
    bands.sort(key=lambda row: (row[1], row[2], row[0]))
    bulk_insert(session, QuestionBand.__table__.name, ("question_id", "band", "hash"), bands)
    bulk_insert(session, QuestionSignature.__table__.name, ("question_id", "signature", "normalised"), signatures)
    extra = extra_blobs or [set()] * len(questions)
    links = [{"question_id": qid, "sha256": sha}
             for qid, q, more in zip(ids, questions, extra, strict=True) for sha in sorted(q.blob_refs() | more)]
    if links:
        session.execute(insert(QuestionBlob.__table__), links)
    return ids


def bulk_insert(session: Session, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Insert plain-value rows (ints, bytes, text) into ``table`` in the session's transaction:
    COPY on PostgreSQL (psycopg), one executemany elsewhere."""
    if not rows:
        return
    conn = session.connection()
    cols = ", ".join(columns)
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        with conn.connection.driver_connection.cursor() as cursor, cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" if conn.dialect.paramstyle == "qmark" else "%s" for _ in columns)
    conn.exec_driver_sql(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)


def _visible_row(uow: UnitOfWork, actor: Actor, question_id: int, *, include_retired: bool = True) -> QuestionRow:
    row = uow.session.scalar(
        select(QuestionRow).where(
            QuestionRow.id == question_id,
            permissions.question_visible_clause(actor, utcnow(), include_retired=include_retired),
        )
    )
    if row is None:
        # Not found and not allowed look the same: a hidden question's existence is not revealed.
        raise NotFound("question %(question_id)s not found", question_id=question_id)
    return row


def _view(uow: UnitOfWork, actor: Actor, row: QuestionRow) -> QuestionView:
    data = uow.session.scalar(
        select(QuestionVersion.data).where(
            QuestionVersion.question_id == row.id, QuestionVersion.version == row.current_version
        )
    )
    dept = uow.session.get(Department, row.department_id)
    group = uow.session.get(PassageGroup, row.passage_group_id) if row.passage_group_id else None
    return _make_view(actor, row, data, dept.name if dept else "", group.content if group else None)


def _make_view(actor: Actor, row: QuestionRow, data: dict, department: str, passage: dict | None) -> QuestionView:
    question = Question.from_json(data, status=Status(row.status), visibility=Visibility(row.visibility))
    return QuestionView(
        id=row.id,
        version=row.current_version,
        question=question,
        department_id=row.department_id,
        department=department,
        status=row.status,
        visibility=row.visibility,
        created_at=row.created_at,
        updated_at=row.updated_at,
        usage_count=row.usage_count,
        question_set_id=row.question_set_id,
        passage_group_id=row.passage_group_id,
        can_edit=permissions.can_edit_question(actor, row),
        can_review=permissions.can_review_question(actor, row),
        passage=Content.from_json(passage) if passage is not None else None,
    )


def get_question(uow: UnitOfWork, actor: Actor, question_id: int) -> QuestionView:
    return _view(uow, actor, _visible_row(uow, actor, question_id))


def get_questions(uow: UnitOfWork, actor: Actor, ids: list[int]) -> list[QuestionView]:
    """Visible questions among ``ids``, in the order given (search hits keep their ranking).

    Four queries whatever the page size (rows, current versions, departments, passages): a
    search page of 20 hits used to cost 60 round-trips, most of a request's time under load."""
    if not ids:
        return []
    session = uow.session
    rows = session.scalars(
        select(QuestionRow).where(QuestionRow.id.in_(ids), permissions.question_visible_clause(actor, utcnow()))
    ).all()
    if not rows:
        return []
    by_id = {r.id: r for r in rows}
    data = dict(
        session.execute(
            select(QuestionVersion.question_id, QuestionVersion.data)
            .join(QuestionRow, QuestionRow.id == QuestionVersion.question_id)
            .where(QuestionRow.id.in_(list(by_id)), QuestionVersion.version == QuestionRow.current_version)
        ).all()
    )
    dept_ids = {r.department_id for r in rows}
    depts = dict(session.execute(select(Department.id, Department.name).where(Department.id.in_(dept_ids))).all())
    group_ids = {r.passage_group_id for r in rows if r.passage_group_id}
    groups = (
        dict(session.execute(select(PassageGroup.id, PassageGroup.content).where(PassageGroup.id.in_(group_ids))).all())
        if group_ids
        else {}
    )
    return [
        _make_view(actor, r, data[r.id], depts.get(r.department_id, ""), groups.get(r.passage_group_id))
        for r in (by_id[i] for i in ids if i in by_id)
    ]


def get_question_version(uow: UnitOfWork, actor: Actor, question_id: int, version: int) -> Question:
    row = _visible_row(uow, actor, question_id)
    data = uow.session.scalar(
        select(QuestionVersion.data).where(QuestionVersion.question_id == row.id, QuestionVersion.version == version)
    )
    if data is None:
        raise NotFound("question %(question_id)s has no version %(version)s", question_id=question_id, version=version)
    return Question.from_json(data, status=Status(row.status), visibility=Visibility(row.visibility))


def list_versions(uow: UnitOfWork, actor: Actor, question_id: int) -> list[VersionInfo]:
    row = _visible_row(uow, actor, question_id)
    return [
        VersionInfo(v.version, v.created_at, v.created_by, v.note)
        for v in uow.session.scalars(
            select(QuestionVersion).where(QuestionVersion.question_id == row.id).order_by(QuestionVersion.version)
        )
    ]


def update_question(
    uow: UnitOfWork, actor: Actor, question_id: int, question: Question, note: str = "", *, base_version: int | None = None
) -> int:
    """Save an edit as a new version (the old ones are kept); returns the new version number.

    ``base_version`` is the version the editor started from: if someone saved another version
    meanwhile the edit is refused with ``Conflict`` instead of silently overwriting theirs. An
    edit by someone who may not approve sends an approved question back to draft, so a change
    reaches other departments only after review.
    """
    row = _visible_row(uow, actor, question_id)
    if not permissions.can_edit_question(actor, row):
        raise PermissionDenied("you may not edit this question")
    validate_question(question)
    if base_version is not None and base_version != row.current_version:
        raise Conflict("question %(question_id)s was saved as version %(row_current_version)s meanwhile; reload it and edit again", question_id=question_id, row_current_version=row.current_version)
    # The UPDATE only succeeds from the version read above, so two simultaneous saves cannot both win.
    bumped = uow.session.execute(
        sa_update(QuestionRow)
        .where(QuestionRow.id == row.id, QuestionRow.current_version == row.current_version)
        .values(current_version=QuestionRow.current_version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if bumped.rowcount != 1:
        raise Conflict("question %(question_id)s was saved by someone else meanwhile; reload it and edit again", question_id=question_id)
    uow.session.refresh(row, ["current_version"])
    _copy_columns(row, question)
    if row.status == Status.APPROVED and not permissions.can_review_question(actor, row):
        row.status = Status.DRAFT.value
    row.versions.append(
        QuestionVersion(version=row.current_version, data=question.to_json(), created_by=actor.user_id, note=note[:500])
    )
    uow.reindex(row.id)
    version = row.current_version
    try:
        uow.commit()
    except IntegrityError as exc:  # the same version written by a concurrent save
        raise Conflict("question %(question_id)s was saved by someone else meanwhile; reload it and edit again", question_id=question_id) from exc
    return version


def set_status(uow: UnitOfWork, actor: Actor, question_id: int, status: str) -> None:
    """Approve, retire or send back to draft (exam boards and admins of the question's department)."""
    try:
        new = Status(status)
    except ValueError:
        raise ValidationError("must be one of %(value)s", where="status", value=', '.join(s.value for s in Status)) from None
    row = _visible_row(uow, actor, question_id)
    if not permissions.can_review_question(actor, row):
        raise PermissionDenied("only the department's exam board or admin may change a question's status")
    if new == Status.APPROVED:
        q = get_question(uow, actor, question_id).question
        problems = answer_problems(q)
        if problems:
            raise ValidationError("cannot be approved: %(problem)s", where=f"question {question_id}", problem=problems[0])
    row.status = new.value
    row.updated_at = utcnow()
    uow.reindex(row.id)
    uow.commit()


def set_visibility(uow: UnitOfWork, actor: Actor, question_id: int, visibility: str) -> None:
    try:
        new = Visibility(visibility)
    except ValueError:
        raise ValidationError("must be one of %(value)s", where="visibility", value=', '.join(v.value for v in Visibility)) from None
    row = _visible_row(uow, actor, question_id)
    if not permissions.can_edit_question(actor, row):
        raise PermissionDenied("you may not change this question's sharing")
    old = Visibility(row.visibility)
    widening = _SHARING[new] > _SHARING[old]
    if widening and not permissions.can_review_question(actor, row):
        raise PermissionDenied("sharing a question more widely needs the department's exam board or admin")
    # Moving a question into the reserved pool is the exam board's call: a contributor adds new
    # questions to the pool on import. (A question others have seen is no secret once moved.)
    if Visibility.RESERVED in (new, old) and not permissions.can_review_question(actor, row):
        raise PermissionDenied("only the department's exam board or admin moves questions into or out of the reserved pool")
    if new == old:
        return
    row.visibility = new.value
    uow.reindex(row.id)
    uow.commit()


_SHARING = {Visibility.RESERVED: -1, Visibility.DEPARTMENT: 0, Visibility.CONSORTIUM: 1, Visibility.PUBLIC: 2}


def exams_using(uow: UnitOfWork, actor: Actor, question_id: int) -> list[tuple[int, str]]:
    """(exam id, title) of the exams this actor may see that used the question."""
    _visible_row(uow, actor, question_id)
    rows = uow.session.execute(
        select(Exam.id, Exam.title)
        .join(ExamQuestion, ExamQuestion.exam_id == Exam.id)
        .where(ExamQuestion.question_id == question_id, permissions.exam_visible_clause(actor, utcnow()))
        .distinct()
    )
    return [(i, t) for i, t in rows]


def count_questions(uow: UnitOfWork, actor: Actor) -> int:
    return uow.session.scalar(
        select(func.count()).select_from(QuestionRow).where(permissions.question_visible_clause(actor, utcnow()))
    ) or 0


def answer_problems(q: Question) -> list[str]:
    """What keeps a question from being approved (an MCQ without exactly one right option...)."""
    problems = []
    if q.stem.is_empty():
        problems.append(N_("the question has no text"))
    if q.type == QuestionType.MCQ:
        right = [o for o in q.options if o.correct]
        if len(q.options) < 2:
            problems.append(N_("a multiple-choice question needs at least two options"))
        elif len(right) != 1:
            problems.append(N_("a multiple-choice question needs exactly one right option"))
    elif q.type == QuestionType.TRUE_FALSE:
        if not q.options or not isinstance(q.answer, list) or len(q.answer) != len(q.options):
            problems.append(N_("a true/false question needs an Đ/S answer for every statement"))
    elif q.type == QuestionType.SHORT_ANSWER and not q.answer:
        problems.append(N_("a short-answer question needs its answer"))
    return problems


def validate_question(q: Question) -> None:
    if q.stem.is_empty():
        raise ValidationError("the question has no text", where="stem")
    if q.points is not None and q.points < 0:
        raise ValidationError("points cannot be negative", where="points")
