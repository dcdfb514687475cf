"""Exams: build from a blueprint or by hand, shuffle versions, release, list, load and export (audited)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, or_, select, update

from qbank.db.models import (
    CURRENT_VERSION,
    AuditEntry,
    Exam,
    ExamQuestion,
    ExamVersion,
    PassageGroup,
    QuestionRow,
    QuestionVersion,
    utcnow,
)
from qbank.domain.actor import Actor
from qbank.domain.assembly import Candidate, CellSupply, assemble, cell_supply
from qbank.domain.blueprint import Blueprint, InvalidBlueprint, Part, blueprint_from_dict
from qbank.domain.content import Content
from qbank.domain.enums import QuestionType, Status, Visibility
from qbank.domain.errors import Conflict, NotFound, PermissionDenied, ValidationError
from qbank.domain.exam import (
    ExamHeader,
    ExamItem,
    ExamPaper,
    ItemLayout,
    KeyEntry,
    PaperPart,
    Version,
    paper_from_selection,
)
from qbank.domain.question import Question
from qbank.domain.scoring import ScoringRules, rules_from_dict
from qbank.domain.versions import build_versions
from qbank.services import permissions
from qbank.services.blobs import load_blobs
from qbank.services.uow import UnitOfWork

MAX_VERSIONS = 24
DEFAULT_EXPOSURE_WINDOW = 3


@dataclass
class ExamInfo:
    id: int
    title: str
    kind: str
    subject: str | None
    grade: int | None
    confidential: bool
    release_at: datetime | None
    status: str
    created_at: datetime
    question_count: int
    version_codes: list[str] = field(default_factory=list)
    release_policy: str = Visibility.RESERVED.value
    messages: list[str] = field(default_factory=list)  # e.g. why an exam is not confidential

    @property
    def embargoed(self) -> bool:
        if not self.confidential:
            return False
        return self.release_at is None or as_utc(self.release_at) > utcnow()


def as_utc(dt: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def audit(uow: UnitOfWork, actor: Actor, action: str, object_type: str, object_id: int | None, **details: Any) -> None:
    uow.session.add(AuditEntry(user_id=actor.user_id, action=action, object_type=object_type, object_id=object_id, details=details))


def _require_board(actor: Actor) -> None:
    if not permissions.can_manage_exams(actor) and not actor.is_system:
        raise PermissionDenied("only exam boards and admins assemble official exams")


# -- building -------------------------------------------------------------------------------
def build_exam(
    uow: UnitOfWork,
    actor: Actor,
    blueprint: Blueprint,
    *,
    versions: int = 4,
    seed: int = 0,
    title: str | None = None,
    release_at: datetime | None = None,
    confidential: bool = True,
    recent_exams: int | None = None,
    department: str | int | None = None,
    release_policy: str = Visibility.RESERVED.value,
) -> ExamInfo:
    """Assemble an official exam from a blueprint (every cell filled or ``Unfillable`` listing each
    cell that cannot be), shuffle ``versions`` versions and store it.

    A confidential exam draws only on the reserved pools the actor sees, so building it changes
    nothing anyone else can observe; a non-confidential one draws on the questions others see.
    A user builds for their own department; the operator (CLI) for ``department``, else the one
    the blueprint names, else the first: the exposure window looks at that department's exams.
    """
    _require_board(actor)
    policy = _policy(release_policy)
    problems = blueprint.validate()
    if problems:
        raise InvalidBlueprint(problems)
    if not 1 <= versions <= MAX_VERSIONS:
        raise ValidationError("between 1 and %(MAX_VERSIONS)s", where="versions", MAX_VERSIONS=MAX_VERSIONS)
    if recent_exams is None:  # the instance's QBANK_EXPOSURE_WINDOW
        recent_exams = uow.settings.exposure_window if uow.settings is not None else DEFAULT_EXPOSURE_WINDOW
    department_id = _build_department(uow, actor, blueprint, department)
    candidates, ordinal = _candidates(uow, actor, blueprint, recent_exams, department_id, reserved=confidential)
    selection = assemble(blueprint, candidates, seed=seed, recent_exams=recent_exams, current_ordinal=ordinal)
    questions, versions_of, passages = _load_questions(uow, selection.ids())
    paper = paper_from_selection(
        blueprint, selection.ids_by_part(), questions, points=selection.points(), passages=passages, name=title or blueprint.title
    )
    build_versions(paper, versions, seed)
    return _store(uow, actor, paper, blueprint, versions_of, kind="official", title=title or blueprint.title or "Đề thi",
                  seed=seed, release_at=release_at, confidential=confidential, department_id=department_id, release_policy=policy)


def check_blueprint_supply(
    uow: UnitOfWork, actor: Actor, blueprint: Blueprint, *, recent_exams: int | None = None, department: str | int | None = None,
    seed: int = 0, confidential: bool = True,
) -> list[CellSupply]:
    """Per cell, how many questions the bank can supply for a build now versus how many are
    needed (the same candidates, pool, department and exposure window as ``build_exam``)."""
    _require_board(actor)
    if recent_exams is None:
        recent_exams = uow.settings.exposure_window if uow.settings is not None else DEFAULT_EXPOSURE_WINDOW
    department_id = _build_department(uow, actor, blueprint, department)
    candidates, ordinal = _candidates(uow, actor, blueprint, recent_exams, department_id, reserved=confidential)
    return cell_supply(blueprint, candidates, seed=seed, recent_exams=recent_exams, current_ordinal=ordinal)


def _build_department(uow: UnitOfWork, actor: Actor, blueprint: Blueprint, department: str | int | None) -> int:
    if department is not None and actor.is_system:
        from qbank.services.orgs import find_department

        return find_department(uow, department).id  # named explicitly: a typo is an error
    return exam_department(uow, actor, blueprint.department)


def _policy(value: str) -> str:
    try:
        return Visibility(value).value
    except ValueError:
        raise ValidationError("must be one of %(value)s", where="release_policy", value=", ".join(v.value for v in Visibility)) from None


def build_practice_test(
    uow: UnitOfWork,
    actor: Actor,
    question_ids: list[int],
    *,
    title: str = "Đề ôn tập",
    versions: int = 1,
    seed: int = 0,
    subject: str | None = None,
    grade: int | None = None,
    duration_minutes: int | None = None,
) -> ExamInfo:
    """A teacher's practice test from chosen questions, in the given order; never confidential.

    Asking again for the same test (same questions at the same versions, same header) returns the
    one already stored instead of storing a copy: downloading it as .docx then .pdf is one test."""
    if not permissions.can_build_practice(actor):
        raise PermissionDenied("you may not build practice tests")
    if duration_minutes is not None and not 1 <= duration_minutes <= 600:
        raise ValidationError("between 1 and 600 minutes", where="duration")
    ids = list(dict.fromkeys(question_ids))
    current = dict(uow.session.execute(select(QuestionRow.id, QuestionRow.current_version).where(QuestionRow.id.in_(ids))).all())
    key = json.dumps([[(i, current.get(i)) for i in ids], title, subject, grade, duration_minutes, versions, seed], ensure_ascii=False)
    key = hashlib.sha256(key.encode()).hexdigest()
    if actor.user_id is not None:
        recent = uow.session.scalars(
            select(Exam).where(Exam.kind == "practice", Exam.created_by == actor.user_id).order_by(Exam.id.desc()).limit(50)
        )
        same = next((e for e in recent if (e.settings or {}).get("practice_key") == key), None)
        if same is not None:
            load_paper(uow, actor, same.id)  # still every question visible to this user, or NotFound
            return _info(uow, same)
    return build_exam_from_questions(uow, actor, ids, title=title, versions=versions, seed=seed, official=False,
                                     subject=subject, grade=grade, duration_minutes=duration_minutes, practice_key=key)


def majority(values: list[Any]) -> Any:
    """The most common non-empty value, the first seen on a tie (6 Toán + 1 Sinh học → Toán)."""
    counts = Counter(v for v in values if v not in (None, ""))
    if not counts:
        return None
    best = max(counts.values())
    return next(v for v in values if v not in (None, "") and counts[v] == best)


def build_exam_from_questions(
    uow: UnitOfWork,
    actor: Actor,
    question_ids: list[int],
    *,
    title: str,
    versions: int = 1,
    seed: int = 0,
    official: bool = True,
    header: ExamHeader | None = None,
    release_at: datetime | None = None,
    subject: str | None = None,
    grade: int | None = None,
    duration_minutes: int | None = None,
    practice_key: str | None = None,
    confidential: bool = True,
    release_policy: str = Visibility.RESERVED.value,
) -> ExamInfo:
    """An exam of hand-picked questions, grouped into parts by type (the given order kept inside
    each part). Official ones need an exam board; one is confidential only when asked and when
    every question comes from a reserved pool: a question others can already see cannot be kept
    secret, so such an exam is stored as not confidential and the result says why."""
    if official:
        _require_board(actor)
    policy = _policy(release_policy)
    if not question_ids:
        raise ValidationError("choose at least one question", where="questions")
    if not 1 <= versions <= MAX_VERSIONS:
        raise ValidationError("between 1 and %(MAX_VERSIONS)s", where="versions", MAX_VERSIONS=MAX_VERSIONS)
    ids = list(dict.fromkeys(question_ids))
    now = utcnow()
    allowed = permissions.question_visible_clause(actor, now)
    if not official:
        # A practice test is seen by the author's colleagues: nothing confidential, no drafts.
        allowed = and_(allowed, permissions.shareable_question_clause(now))
    visible = set(uow.session.scalars(select(QuestionRow.id).where(QuestionRow.id.in_(ids), allowed)))
    missing = [i for i in ids if i not in visible]
    if missing:
        raise NotFound("question %(missing)s not found", missing=missing[0])
    messages: list[str] = []
    if official and confidential:
        seen_by_others = list(uow.session.scalars(
            select(QuestionRow.id).where(QuestionRow.id.in_(ids), QuestionRow.visibility != Visibility.RESERVED).order_by(QuestionRow.id)
        ))
        if seen_by_others:
            confidential = False
            shown = ", ".join(str(i) for i in seen_by_others[:10]) + (" …" if len(seen_by_others) > 10 else "")
            messages.append(f"not confidential: {len(seen_by_others)} of the questions ({shown}) are outside the reserved pool, "
                            "so others can already see them")
    questions, versions_of, passages = _load_questions(uow, ids)
    parts = _parts_by_type(ids, questions)
    # The header's subject and grade: what the user chose, else what most questions carry.
    subject = subject or majority([questions[i].tags.subject for i in ids])
    grade = grade or majority([questions[i].tags.grade for i in ids])
    if header is None:
        from qbank.db.models import Department

        dept = uow.session.get(Department, actor.department_id)
        header = ExamHeader(department=dept.name.upper() if dept else "", exam_name=title.upper(), subject=subject or "",
                            grade=grade, official=official, title=title)
        if duration_minutes:
            header.duration_minutes = duration_minutes
    paper = ExamPaper(header, parts, name=title, passages=passages)
    build_versions(paper, versions, seed, shuffle_questions=versions > 1)
    bp = Blueprint(subject=header.subject, grade=header.grade, duration_minutes=header.duration_minutes,
                   total_points=paper.total_points(), title=title, official=official,
                   parts=[Part(p.key, p.title, p.type, p.instructions) for p in parts])
    info = _store(uow, actor, paper, bp, versions_of, kind="official" if official else "practice", title=title, seed=seed,
                  release_at=release_at, confidential=official and confidential, release_policy=policy,
                  extra_settings={"practice_key": practice_key} if practice_key else None)
    info.messages = messages
    return info


_PART_TITLES = {
    QuestionType.MCQ: "Trắc nghiệm nhiều phương án lựa chọn",
    QuestionType.TRUE_FALSE: "Trắc nghiệm đúng sai",
    QuestionType.SHORT_ANSWER: "Trả lời ngắn",
    QuestionType.ESSAY: "Tự luận",
}


def _parts_by_type(ids: list[int], questions: dict[int, Question]) -> list[PaperPart]:
    """Group a hand-picked list into parts by type, in the usual order, keeping the given order inside."""
    parts: list[PaperPart] = []
    romans = ["I", "II", "III", "IV"]
    for qtype in (QuestionType.MCQ, QuestionType.TRUE_FALSE, QuestionType.SHORT_ANSWER, QuestionType.ESSAY):
        items = [ExamItem(i, questions[i]) for i in ids if questions[i].type == qtype]
        if items:
            key = romans[len(parts)]
            parts.append(PaperPart(key, f"PHẦN {key}. {_PART_TITLES[qtype].upper()}", "", qtype, items))
    return parts


def _candidates(
    uow: UnitOfWork, actor: Actor, bp: Blueprint, recent_exams: int, department_id: int, *, reserved: bool
) -> tuple[list[Candidate], int]:
    """Approved questions the actor may use, with usage and the exposure of the department's recent
    exams: only reserved ones for a confidential exam, only ones outside every pool otherwise."""
    s = uow.session
    dept_exams = list(
        s.scalars(
            select(Exam.id).where(Exam.department_id == department_id, Exam.kind == "official", Exam.status != "deleted")
            .order_by(Exam.created_at, Exam.id)
        )
    )
    ordinal = len(dept_exams) + 1
    last_ordinal: dict[int, int] = {}
    if dept_exams:
        for exam_id, qid in s.execute(select(ExamQuestion.exam_id, ExamQuestion.question_id).where(ExamQuestion.exam_id.in_(dept_exams))):
            last_ordinal[qid] = max(last_ordinal.get(qid, 0), dept_exams.index(exam_id) + 1)
    pool = QuestionRow.visibility == Visibility.RESERVED if reserved else QuestionRow.visibility != Visibility.RESERVED
    query = select(QuestionRow).where(
        QuestionRow.status == Status.APPROVED, pool, permissions.question_visible_clause(actor, utcnow())
    )
    if reserved and actor.is_system:
        # The operator sees every pool; a paper draws on its own department's only.
        query = query.where(QuestionRow.department_id == department_id)
    if bp.grade:
        query = query.where((QuestionRow.grade == bp.grade) | QuestionRow.grade.is_(None))
    out = []
    for row in s.scalars(query):
        out.append(
            Candidate(
                id=row.id,
                type=QuestionType(row.type),
                topic=row.topic,
                level=row.level,
                subject=row.subject,
                grade=row.grade,
                group=f"g{row.passage_group_id}" if row.passage_group_id else None,
                usage_count=row.usage_count,
                last_used_ordinal=last_ordinal.get(row.id),
                cluster=row.fingerprint,  # exact duplicates (same fingerprint) never go in together
                difficulty=row.rasch_b,
            )
        )
    return out, ordinal


def _load_questions(uow: UnitOfWork, ids: list[Any]) -> tuple[dict[Any, Question], dict[Any, int], dict[str, Content]]:
    """Current versions of the questions, their version numbers, and the passages of their groups."""
    rows = uow.session.execute(
        select(QuestionRow.id, QuestionRow.current_version, QuestionRow.passage_group_id, QuestionVersion.data)
        .join(QuestionVersion, CURRENT_VERSION)
        .where(QuestionRow.id.in_(list(ids)))
    ).all()
    questions: dict[Any, Question] = {}
    versions_of: dict[Any, int] = {}
    group_ids: set[int] = set()
    for qid, version, group_id, data in rows:
        q = Question.from_json(data)
        q.group = f"g{group_id}" if group_id else None
        questions[qid] = q
        versions_of[qid] = version
        if group_id:
            group_ids.add(group_id)
    passages = {
        f"g{g.id}": Content.from_json(g.content) for g in uow.session.scalars(select(PassageGroup).where(PassageGroup.id.in_(group_ids)))
    } if group_ids else {}
    return questions, versions_of, passages


def _store(
    uow: UnitOfWork,
    actor: Actor,
    paper: ExamPaper,
    blueprint: Blueprint,
    versions_of: dict[Any, int],
    *,
    kind: str,
    title: str,
    seed: int,
    release_at: datetime | None,
    confidential: bool,
    department_id: int | None = None,
    extra_settings: dict[str, Any] | None = None,
    release_policy: str = Visibility.RESERVED.value,
) -> ExamInfo:
    s = uow.session
    exam = Exam(
        department_id=department_id if department_id is not None else exam_department(uow, actor, paper.header.department),
        created_by=actor.user_id,
        kind=kind,
        title=title[:300],
        subject=paper.header.subject or None,
        grade=paper.header.grade,
        duration_minutes=paper.header.duration_minutes,
        blueprint=blueprint.to_json(),
        settings={"seed": seed, "header": paper.header.__dict__, "scoring": paper.scoring.to_json(), **(extra_settings or {})},
        confidential=confidential,
        release_policy=release_policy,
        release_at=release_at,
        status="built",
    )
    s.add(exam)
    s.flush()
    position = 0
    for part in paper.parts:
        for item in part.items:
            position += 1
            s.add(ExamQuestion(exam_id=exam.id, position=position, question_id=item.id, question_version=versions_of[item.id],
                               part=part.key, points=item.points))
    for v in paper.versions:
        s.add(ExamVersion(exam_id=exam.id, code=v.code, seed=seed, layout=v.to_json()["layout"], answer_key={"entries": v.to_json()["key"]}))
    ids = [it.id for p in paper.parts for it in p.items]
    if kind == "official" and not confidential:
        # An open paper's questions are exposed now. A confidential one touches no question row
        # (its usage would show on the question's page): its exposure is counted at release.
        _count_exposure(uow, ids)
    audit(uow, actor, "build", "exam", exam.id, versions=[v.code for v in paper.versions], questions=len(ids),
          confidential=confidential)
    s.flush()
    info = _info(uow, exam)
    uow.commit()
    return info


def _count_exposure(uow: UnitOfWork, ids: list[int]) -> None:
    uow.session.execute(
        update(QuestionRow).where(QuestionRow.id.in_(ids)).values(usage_count=QuestionRow.usage_count + 1, last_used_at=utcnow())
    )
    uow.reindex_many(ids)


def _index_now(uow: UnitOfWork) -> None:
    """Questions a release makes visible reach the search index before the call returns."""
    try:
        uow.indexer.drain()
    except RuntimeError:  # a unit of work without a search index (library use)
        pass


def exam_department(uow: UnitOfWork, actor: Actor, name: str | int | None) -> int:
    """The department an exam belongs to: a user's own; for the operator the one the blueprint
    or header names, else the department of the bank's first question."""
    from qbank.services.orgs import find_department

    if not actor.is_system:
        return actor.department_id
    if name:
        try:
            return find_department(uow, str(name)).id
        except NotFound:
            pass
    first = uow.session.scalar(select(func.min(QuestionRow.department_id)))
    if first is None:
        raise ValidationError("the bank has no questions yet", where="blueprint")
    return first


# -- reading ----------------------------------------------------------------------------------
def _info(uow: UnitOfWork, exam: Exam) -> ExamInfo:
    count = uow.session.scalar(select(func.count()).select_from(ExamQuestion).where(ExamQuestion.exam_id == exam.id)) or 0
    codes = list(uow.session.scalars(select(ExamVersion.code).where(ExamVersion.exam_id == exam.id).order_by(ExamVersion.code)))
    return ExamInfo(exam.id, exam.title, exam.kind, exam.subject, exam.grade, exam.confidential,
                    as_utc(exam.release_at) if exam.release_at else None, exam.status, as_utc(exam.created_at), count, codes,
                    exam.release_policy or Visibility.RESERVED.value)


def _visible_exam(uow: UnitOfWork, actor: Actor, exam_id: int) -> Exam:
    exam = uow.session.scalar(select(Exam).where(Exam.id == exam_id, permissions.exam_visible_clause(actor, utcnow())))
    if exam is None:
        raise NotFound("exam %(exam_id)s not found", exam_id=exam_id)
    return exam


def list_exams(uow: UnitOfWork, actor: Actor) -> list[ExamInfo]:
    exams = uow.session.scalars(
        select(Exam).where(permissions.exam_visible_clause(actor, utcnow())).order_by(Exam.created_at.desc(), Exam.id.desc())
    )
    return [_info(uow, e) for e in exams]


def get_exam(uow: UnitOfWork, actor: Actor, exam_id: int) -> ExamInfo:
    """An exam's summary; viewing a confidential exam is written to the audit log."""
    exam = _visible_exam(uow, actor, exam_id)
    info = _info(uow, exam)
    if info.embargoed:
        audit(uow, actor, "view", "exam", exam.id)
        uow.commit()
    return info


def load_paper(uow: UnitOfWork, actor: Actor, exam_id: int) -> tuple[ExamPaper, dict[str, bytes]]:
    """The stored exam as exporters see it (questions at the version used), and its blobs.

    Anyone but the exam's own board must also be allowed to see every question in it now: a
    practice test never carries a question that has since become confidential or unshared.
    """
    exam = _visible_exam(uow, actor, exam_id)
    s = uow.session
    items = list(s.scalars(select(ExamQuestion).where(ExamQuestion.exam_id == exam.id).order_by(ExamQuestion.position)))
    own_board = actor.is_system or (permissions.is_exam_manager(actor) and exam.department_id == actor.department_id)
    if not own_board:
        ids = {i.question_id for i in items}
        seen = set(s.scalars(select(QuestionRow.id).where(QuestionRow.id.in_(ids), permissions.question_visible_clause(actor, utcnow()))))
        if seen != ids:
            raise NotFound("exam %(exam_id)s not found", exam_id=exam_id)
    # Exact versions: an edit after the build must not change the paper that was printed.
    versions = {
        (qid, v): d
        for qid, v, d in s.execute(
            select(QuestionVersion.question_id, QuestionVersion.version, QuestionVersion.data).where(
                QuestionVersion.question_id.in_([i.question_id for i in items])
            )
        )
    }
    groups = dict(
        s.execute(select(QuestionRow.id, QuestionRow.passage_group_id).where(QuestionRow.id.in_([i.question_id for i in items]))).all()
    )
    bp_parts = {p["key"]: p for p in exam.blueprint.get("parts", [])}
    parts: dict[str, PaperPart] = {}
    for it in items:
        q = Question.from_json(versions[(it.question_id, it.question_version)])
        q.group = f"g{groups[it.question_id]}" if groups.get(it.question_id) else None
        key = it.part or "I"
        if key not in parts:
            meta = bp_parts.get(key, {})
            parts[key] = PaperPart(key, meta.get("title") or f"PHẦN {key}", meta.get("instructions") or "",
                                   QuestionType(meta["type"]) if meta.get("type") else None)
        parts[key].items.append(ExamItem(it.question_id, q, it.points))
    header = ExamHeader(**exam.settings.get("header", {}))
    scoring = rules_from_dict(exam.settings["scoring"]) if exam.settings.get("scoring") else ScoringRules()
    group_ids = {int(g[1:]) for p in parts.values() for i in p.items if (g := i.question.group)}
    passages = {
        f"g{g.id}": Content.from_json(g.content) for g in s.scalars(select(PassageGroup).where(PassageGroup.id.in_(group_ids)))
    } if group_ids else {}
    paper = ExamPaper(header, list(parts.values()), scoring=scoring, name=exam.title, passages=passages)
    for v in s.scalars(select(ExamVersion).where(ExamVersion.exam_id == exam.id).order_by(ExamVersion.code)):
        layout = {p: [ItemLayout(i["id"], i["options"]) for i in lst] for p, lst in v.layout.items()}
        key = [KeyEntry(k["part"], k["number"], k["id"], QuestionType(k["type"]), k["answer"], k.get("points"))
               for k in v.answer_key.get("entries", [])]
        paper.versions.append(Version(v.code, layout, key))
    shas: set[str] = set()
    for p in paper.parts:
        for it in p.items:
            shas |= it.question.blob_refs()
    for c in passages.values():
        shas |= c.blob_refs()
    blobs = {sha: b.data for sha, b in load_blobs(s, shas).items()}
    return paper, blobs


def export_exam_files(uow: UnitOfWork, actor: Actor, exam_id: int, fmt: str, out_dir: str | Path) -> list[Path]:
    """Write the exam's files in ``fmt`` (docx, guide, xlsx, pdf, zip); every export is audited."""
    from exporters import export_exam

    exam = _visible_exam(uow, actor, exam_id)
    if exam.kind == "official" and not (permissions.can_manage_exams(actor) or actor.is_system):
        raise NotFound("exam %(exam_id)s not found", exam_id=exam_id)
    paper, blobs = load_paper(uow, actor, exam_id)
    result = export_exam(paper, fmt, out_dir, blobs)
    audit(uow, actor, "export", "exam", exam.id, format=fmt, files=[p.name for p in result.paths])
    uow.commit()
    return result.paths


def release_exam(uow: UnitOfWork, actor: Actor, exam_id: int, at: datetime | None = None) -> ExamInfo:
    """Set the release time (now by default). Once it has passed, the exam's own reserved questions
    take the exam's release policy and every question carries the exposure (``apply_due_releases``
    does it for release times that pass later)."""
    exam = _visible_exam(uow, actor, exam_id)
    if not (actor.is_system or (permissions.is_exam_manager(actor) and exam.department_id == actor.department_id)):
        raise PermissionDenied("only the exam's board may release it")
    if exam.status == "released":
        raise Conflict("exam %(exam_id)s is already released", exam_id=exam_id)
    exam.release_at = at or utcnow()
    audit(uow, actor, "release", "exam", exam.id, at=exam.release_at.isoformat(), policy=exam.release_policy)
    if as_utc(exam.release_at) <= utcnow():
        _apply_release(uow, exam)
    info = _info(uow, exam)
    uow.commit()
    _index_now(uow)
    return info


def _apply_release(uow: UnitOfWork, exam: Exam) -> None:
    """The exam is out: its questions are exposed, and its own department's reserved questions
    become what the policy says. Another department's questions keep their sharing: no
    department's action changes another's questions beyond counting that they were exposed."""
    s = uow.session
    ids = list(s.scalars(select(ExamQuestion.question_id).where(ExamQuestion.exam_id == exam.id)))
    if exam.confidential:
        _count_exposure(uow, ids)  # open papers counted theirs when built
        policy = exam.release_policy or Visibility.RESERVED.value
        if policy != Visibility.RESERVED:
            s.execute(
                update(QuestionRow)
                .where(QuestionRow.id.in_(ids), QuestionRow.department_id == exam.department_id,
                       QuestionRow.visibility == Visibility.RESERVED)
                .values(visibility=policy, updated_at=utcnow())
                .execution_options(synchronize_session=False)
            )
    exam.status = "released"


def apply_due_releases(uow: UnitOfWork) -> int:
    """Apply the release of every exam whose release time has passed; returns how many. Called by
    the web app now and then and by ``qbank exam release-due``; safe to run anywhere, any time."""
    due = list(uow.session.scalars(
        select(Exam).where(Exam.kind == "official", Exam.status == "built", Exam.release_at.is_not(None), Exam.release_at <= utcnow())
        .with_for_update(skip_locked=True)
    ))
    for exam in due:
        _apply_release(uow, exam)
    if due:
        uow.commit()
        _index_now(uow)
    return len(due)


def delete_exam(uow: UnitOfWork, actor: Actor, exam_id: int) -> None:
    """Delete an unreleased official exam (its department's board) or a practice test (its author
    or the board). A confidential exam touched no question, so nothing else changes."""
    exam = _visible_exam(uow, actor, exam_id)
    own_board = actor.is_system or (permissions.is_exam_manager(actor) and exam.department_id == actor.department_id)
    if exam.kind == "official":
        if not own_board:
            raise PermissionDenied("only the exam's board may delete it")
        if exam.status == "released":
            raise Conflict("exam %(exam_id)s is released; a released paper is kept", exam_id=exam_id)
    elif not (own_board or exam.created_by == actor.user_id):
        raise PermissionDenied("only its author may delete a practice test")
    # Kept as "deleted" (out of every list, view and exposure count) so its audit trail stays readable.
    exam.status = "deleted"
    audit(uow, actor, "delete", "exam", exam.id, title=exam.title)
    uow.commit()


def audit_log(uow: UnitOfWork, actor: Actor, limit: int = 200) -> list[dict[str, Any]]:
    """The department's audit entries on its exams (exam boards and admins)."""
    if not (permissions.can_manage_exams(actor) or actor.is_system):
        raise PermissionDenied("only exam boards and admins read the audit log")
    from qbank.db.models import User

    q = (
        select(AuditEntry, User.username)
        .outerjoin(User, User.id == AuditEntry.user_id)
        .outerjoin(Exam, (AuditEntry.object_type == "exam") & (Exam.id == AuditEntry.object_id))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    if not actor.is_system:
        # The department's exams, and department-wide entries (bulk approvals, consortium changes).
        q = q.where(or_(Exam.department_id == actor.department_id,
                        and_(AuditEntry.object_type == "department", AuditEntry.object_id == actor.department_id)))
    return [
        {"at": as_utc(e.at), "user": name or "system", "action": e.action, "object": f"{e.object_type} {e.object_id}", "details": e.details}
        for e, name in uow.session.execute(q)
    ]


def parse_blueprint_file(path: str | Path) -> Blueprint:
    """A blueprint from .yaml/.yml/.json or an Excel ma trận sheet."""
    from qbank.domain.blueprint import load_blueprint

    p = Path(path)
    if not p.is_file():
        raise ValidationError("no such file", where=str(p))
    if p.suffix.lower() == ".xlsx":
        from qbank.domain.blueprint_xlsx import load_blueprint_xlsx

        return load_blueprint_xlsx(p)
    return load_blueprint(p)


def blueprint_from_json(data: dict[str, Any]) -> Blueprint:
    return blueprint_from_dict(data)

