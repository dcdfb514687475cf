"""Tagging the bank: the curriculum taxonomy per department, tag suggestions, bulk acceptance with provenance."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qbank.db.models import QuestionRow, QuestionVersion, TaxonomyTopic, utcnow
from qbank.domain.actor import Actor
from qbank.domain.enums import Level, Role, Status
from qbank.domain.errors import PermissionDenied, ValidationError
from qbank.domain.question import Question
from qbank.domain.taxonomy import Taxonomy, Topic, load_taxonomy
from qbank.domain.text import clean
from qbank.services import permissions
from qbank.services.tag_model import FIELDS, Example, Suggestion, TagSuggester
from qbank.services.uow import UnitOfWork

PAPER, SUGGESTED, MANUAL = "paper", "suggested", "manual"
DEFAULT_THRESHOLD = 0.6


# -- the taxonomy a department works with ----------------------------------------------------
def taxonomy_for(session: Session, department_id: int | None) -> Taxonomy:
    """The shipped curriculum plus the department's own topics."""
    base = load_taxonomy()
    if not department_id:
        return base
    rows = session.scalars(select(TaxonomyTopic).where(TaxonomyTopic.department_id == department_id).order_by(TaxonomyTopic.id)).all()
    if not rows:
        return base
    return base.extended(
        Topic(r.subject, r.grade, r.name, i, tuple(r.aliases or ()), tuple(r.keywords or ()), "local", "", r.department_id)
        for i, r in enumerate(rows)
    )


def add_topic(
    uow: UnitOfWork, actor: Actor, subject: str, grade: int | None, name: str, aliases: Iterable[str] = (), keywords: Iterable[str] = ()
) -> int:
    """An admin extends the taxonomy for their department (a local topic, or aliases of their own)."""
    from qbank.services.exams import audit

    if not (actor.is_admin or actor.is_system):
        raise PermissionDenied("only a department's admin may extend its taxonomy")
    name, subject = clean(name), clean(subject)
    if not name or not subject:
        raise ValidationError("a topic needs a subject and a name", where="topic")
    base = load_taxonomy()
    row = TaxonomyTopic(
        department_id=actor.department_id, subject=base.subject(subject) or subject, grade=grade, name=name,
        aliases=[clean(a) for a in aliases if clean(a)], keywords=[clean(k) for k in keywords if clean(k)], created_by=actor.user_id,
    )
    uow.session.add(row)
    try:
        uow.session.flush()
    except IntegrityError:
        raise ValidationError("the topic '%(name)s' already exists for %(subject)s %(grade)s", where="topic", name=name, subject=subject,
                              grade=grade or "") from None
    audit(uow, actor, "taxonomy.add_topic", "taxonomy_topic", row.id, subject=row.subject, grade=grade, name=name)
    uow.commit()
    return row.id


# -- suggestions ----------------------------------------------------------------------------
@dataclass
class _Cached:
    signature: tuple[Any, ...]
    suggester: TagSuggester


_CACHE: dict[tuple[str, int, str], _Cached] = {}
_TRAINING: set[tuple[str, int, str]] = set()
_LOCK = threading.Lock()


def _cache_key(session: Session, actor: Actor) -> tuple[str, int, str]:
    return (str(session.get_bind().url), actor.department_id, "system" if actor.is_system else "staff")


def _visible(actor: Actor) -> Any:
    return and_(permissions.question_visible_clause(actor, utcnow()), QuestionRow.status != Status.RETIRED)


def _signature(session: Session, actor: Actor) -> tuple[Any, ...]:
    """Changes whenever a visible question is added, edited or re-tagged: the model is then stale."""
    tagged = or_(QuestionRow.topic.is_not(None), QuestionRow.level.is_not(None), QuestionRow.subject.is_not(None))
    n, latest = session.execute(select(func.count(), func.max(QuestionRow.updated_at)).where(_visible(actor), tagged)).one()
    return (n, str(latest))


def training_examples(session: Session, actor: Actor, *, limit: int | None = None) -> list[Example]:
    """Every tagged question the actor may see, as text and tags (what the model learns from)."""
    tagged = or_(QuestionRow.topic.is_not(None), QuestionRow.level.is_not(None), QuestionRow.subject.is_not(None))
    stmt = (
        select(QuestionRow.type, QuestionRow.subject, QuestionRow.grade, QuestionRow.topic, QuestionRow.level, QuestionVersion.data)
        .join(QuestionVersion, and_(QuestionVersion.question_id == QuestionRow.id, QuestionVersion.version == QuestionRow.current_version))
        .where(_visible(actor), tagged)
        .order_by(QuestionRow.id)
    )
    if limit:
        stmt = stmt.limit(limit)
    return [
        Example(Question.from_json(data).plain_text(), qtype, subject, grade, topic, level)
        for qtype, subject, grade, topic, level, data in session.execute(stmt)
    ]


def current_suggester(uow: UnitOfWork, actor: Actor, *, wait: bool = True) -> TagSuggester:
    """The department's model, retrained when the bank changed since it was trained.

    With ``wait=False`` (the web) a stale model keeps answering while a thread retrains it, so a
    page never waits for training; the first call ever answers from the taxonomy's keywords.
    """
    session = uow.session
    key = _cache_key(session, actor)
    signature = _signature(session, actor)
    taxonomy = taxonomy_for(session, actor.department_id)
    with _LOCK:
        cached = _CACHE.get(key)
    if cached is not None and cached.signature == signature:
        return cached.suggester
    if wait:
        suggester = TagSuggester(taxonomy).fit(training_examples(session, actor))
        with _LOCK:
            _CACHE[key] = _Cached(signature, suggester)
        return suggester
    with _LOCK:
        start = key not in _TRAINING
        _TRAINING.add(key)
    if start:
        engine = session.get_bind()
        threading.Thread(target=_train_in_background, args=(engine, actor, key, signature, taxonomy), daemon=True).start()
    return cached.suggester if cached else TagSuggester(taxonomy)


def _train_in_background(engine: Any, actor: Actor, key: tuple[str, int, str], signature: tuple[Any, ...], taxonomy: Taxonomy) -> None:
    try:
        with Session(engine) as session:
            suggester = TagSuggester(taxonomy).fit(training_examples(session, actor))
        with _LOCK:
            _CACHE[key] = _Cached(signature, suggester)
    finally:
        with _LOCK:
            _TRAINING.discard(key)


def example_of(q: Question) -> Example:
    return Example(q.plain_text(), str(q.type), q.tags.subject, q.tags.grade, q.tags.topic, q.tags.level)


def suggest_for(suggester: TagSuggester, questions: list[Question]) -> list[dict[str, Suggestion]]:
    """A suggestion per field per question; fields the question already states come back as stated."""
    return suggester.suggest([example_of(q) for q in questions])


def suggestions_json(suggestions: dict[str, Suggestion]) -> dict[str, Any]:
    return {f: suggestions[f].to_json() for f in FIELDS if f in suggestions}


# -- applying tags ---------------------------------------------------------------------------
def canonicalise_tags(q: Question, taxonomy: Taxonomy, source: str = PAPER) -> None:
    """Subject and topic as the taxonomy names them, and where each stated tag came from."""
    tags = q.tags
    subject = taxonomy.subject(tags.subject)
    if subject:
        tags.subject = subject
    if tags.topic:
        tags.topic = taxonomy.canonical_topic(tags.subject, tags.grade, tags.topic)
    prov = dict(tags.provenance or {})
    for f in FIELDS:
        if getattr(tags, f) not in (None, "") and f not in prov:
            prov[f] = source
    tags.provenance = prov or None


def _fill(q: Question, sug: dict[str, Suggestion], threshold: float, fields: Iterable[str] = FIELDS) -> tuple[list[str], int]:
    """Set the tags ``q`` lacks from suggestions at least ``threshold`` sure; returns (fields set, suggestions too unsure)."""
    changed, unsure = [], 0
    for f in fields:
        s = sug.get(f)
        if getattr(q.tags, f) not in (None, "") or s is None or s.source == PAPER:
            continue
        if s.confidence < threshold:
            unsure += 1
            continue
        setattr(q.tags, f, s.value)
        changed.append(f)
    if changed:
        q.tags.provenance = {**(q.tags.provenance or {}), **dict.fromkeys(changed, SUGGESTED)}
    return changed, unsure


def fill_from_suggestions(questions: list[Question], suggester: TagSuggester, threshold: float) -> Counter[str]:
    """Fill tags the questions lack with suggestions at least ``threshold`` sure, marked "suggested"."""
    filled: Counter[str] = Counter()
    for q, sug in zip(questions, suggest_for(suggester, questions), strict=True):
        filled.update(_fill(q, sug, threshold)[0])
    return filled


@dataclass
class AcceptReport:
    retagged: list[int] = field(default_factory=list)
    fields: Counter[str] = field(default_factory=Counter)
    below_threshold: int = 0


def accept_suggestions(
    uow: UnitOfWork, actor: Actor, question_ids: list[int], *, threshold: float = DEFAULT_THRESHOLD, fields: Iterable[str] = FIELDS
) -> AcceptReport:
    """Fill each question's missing tags with the suggestions at or above ``threshold``, as one new
    version per question marked "suggested"; stated tags are never replaced. One commit, audited."""
    from qbank.services.exams import audit

    wanted = [f for f in fields if f in FIELDS]
    if not 0 < threshold <= 1:
        raise ValidationError("must be between 0 and 1", where="threshold")
    rows = _editable_rows(uow, actor, question_ids)
    suggester = current_suggester(uow, actor, wait=True)
    questions = [Question.from_json(_current_data(uow.session, r)) for r in rows]
    report = AcceptReport()
    for row, q, sug in zip(rows, questions, suggest_for(suggester, questions), strict=True):
        changed, unsure = _fill(q, sug, threshold, wanted)
        report.below_threshold += unsure
        if changed:
            _save_tags(uow, actor, row, q, "tags suggested: " + ", ".join(changed))
            report.retagged.append(row.id)
            report.fields.update(changed)
    audit(uow, actor, "tags.accept_suggestions", "question", None, questions=report.retagged, threshold=threshold,
          fields=dict(report.fields))
    uow.commit()
    return report


def set_tags(uow: UnitOfWork, actor: Actor, question_id: int, **tags: Any) -> None:
    """Correct tags by hand (subject, grade, topic, level); recorded as "manual"."""
    from qbank.services.exams import audit

    unknown = set(tags) - set(FIELDS)
    if unknown:
        raise ValidationError("unknown tag %(tag)r", where="tags", tag=sorted(unknown)[0])
    if tags.get("level") and tags["level"] not in {lv.value for lv in Level}:
        raise ValidationError("must be one of %(value)s", where="level", value=", ".join(lv.value for lv in Level))
    (row,) = _editable_rows(uow, actor, [question_id])
    q = Question.from_json(_current_data(uow.session, row))
    taxonomy = taxonomy_for(uow.session, row.department_id)
    for f, v in tags.items():
        v = clean(str(v)) if isinstance(v, str) else v
        setattr(q.tags, f, v or None)
    if "subject" in tags and q.tags.subject:
        q.tags.subject = taxonomy.subject(q.tags.subject) or q.tags.subject
    if "topic" in tags and q.tags.topic:
        q.tags.topic = taxonomy.canonical_topic(q.tags.subject, q.tags.grade, q.tags.topic)
    q.tags.provenance = {**(q.tags.provenance or {}), **dict.fromkeys(tags, MANUAL)}
    _save_tags(uow, actor, row, q, "tags set: " + ", ".join(sorted(tags)))
    audit(uow, actor, "tags.set", "question", row.id, **{k: v for k, v in tags.items()})
    uow.commit()


def _editable_rows(uow: UnitOfWork, actor: Actor, question_ids: list[int]) -> list[QuestionRow]:
    from qbank.domain.errors import NotFound

    if actor.role == Role.TEACHER:
        raise PermissionDenied("teachers search the bank; contributors and exam boards tag it")
    ids = list(dict.fromkeys(question_ids))
    rows = {r.id: r for r in uow.session.scalars(select(QuestionRow).where(QuestionRow.id.in_(ids), _visible(actor)))}
    for qid in ids:
        if qid not in rows:
            raise NotFound("question %(question_id)s not found", question_id=qid)
        if not (actor.is_system or permissions.can_edit_question(actor, rows[qid])):
            raise PermissionDenied("you may not tag question %(question_id)s", question_id=qid)
    return [rows[i] for i in ids]


def _current_data(session: Session, row: QuestionRow) -> dict[str, Any]:
    return session.scalar(select(QuestionVersion.data).where(QuestionVersion.question_id == row.id, QuestionVersion.version == row.current_version))


def _save_tags(uow: UnitOfWork, actor: Actor, row: QuestionRow, q: Question, note: str) -> None:
    """A tags-only change: a new version and the tag columns; the status stays (the content did not change)."""
    from qbank.services.questions import tag_columns

    row.current_version += 1
    row.updated_at = utcnow()
    for name in ("subject", "grade", "topic", "level"):
        setattr(row, name, tag_columns(q)[name])
    uow.session.add(QuestionVersion(question_id=row.id, version=row.current_version, data=q.to_json(), created_by=actor.user_id, note=note[:500]))
    uow.reindex(row.id)


# -- what needs tags -------------------------------------------------------------------------
@dataclass
class NeedsTags:
    question_id: int
    question: Question
    suggestions: dict[str, Suggestion]


def needs_tags(
    uow: UnitOfWork, actor: Actor, *, subject: str | None = None, limit: int = 100, wait: bool = True
) -> tuple[int, list[NeedsTags]]:
    """Questions the actor may tag that lack a topic or a level, with suggestions; (total, first ``limit``)."""
    missing = or_(QuestionRow.topic.is_(None), QuestionRow.topic == "", QuestionRow.level.is_(None), QuestionRow.level == "")
    where = [_visible(actor), missing]
    if not actor.is_system:
        where.append(QuestionRow.department_id == actor.department_id)
    if subject:
        where.append(QuestionRow.subject == (load_taxonomy().subject(subject) or subject))
    total = uow.session.scalar(select(func.count()).select_from(QuestionRow).where(*where)) or 0
    rows = uow.session.execute(
        select(QuestionRow.id, QuestionVersion.data)
        .join(QuestionVersion, and_(QuestionVersion.question_id == QuestionRow.id, QuestionVersion.version == QuestionRow.current_version))
        .where(*where).order_by(QuestionRow.id).limit(limit)
    ).all()
    questions = [Question.from_json(data) for _, data in rows]
    suggester = current_suggester(uow, actor, wait=wait)
    return total, [NeedsTags(qid, q, s) for (qid, _), q, s in zip(rows, questions, suggest_for(suggester, questions), strict=True)]


# -- mapping free-text topics onto the taxonomy ----------------------------------------------
@dataclass
class TopicMapping:
    subject: str | None
    grade: int | None
    text: str
    canonical: str | None  # None: the taxonomy does not know it (an admin should look)
    questions: int


def topic_mapping(uow: UnitOfWork, actor: Actor) -> list[TopicMapping]:
    """Every distinct topic tag in the actor's department (everything for the operator) and where it maps."""
    where = [QuestionRow.topic.is_not(None), QuestionRow.topic != ""]
    if not actor.is_system:
        where.append(QuestionRow.department_id == actor.department_id)
    rows = uow.session.execute(
        select(QuestionRow.subject, QuestionRow.grade, QuestionRow.topic, func.count()).where(*where)
        .group_by(QuestionRow.subject, QuestionRow.grade, QuestionRow.topic).order_by(QuestionRow.subject, QuestionRow.grade, QuestionRow.topic)
    ).all()
    taxonomy = taxonomy_for(uow.session, None if actor.is_system else actor.department_id)
    out = []
    for subject, grade, topic, n in rows:
        t = taxonomy.resolve_topic(subject, grade, topic)
        out.append(TopicMapping(subject, grade, topic, t.name if t else None, n))
    return out


def apply_topic_mapping(uow: UnitOfWork, actor: Actor) -> int:
    """Rename every mappable free-text topic to its taxonomy name (a new version per question); returns how many changed."""
    from qbank.services.exams import audit

    if not (actor.is_admin or actor.is_system):
        raise PermissionDenied("only an admin maps the department's topics onto the taxonomy")
    todo = [m for m in topic_mapping(uow, actor) if m.canonical and m.canonical != m.text]
    changed = 0
    for m in todo:
        where = [QuestionRow.topic == m.text, QuestionRow.subject.is_(None) if m.subject is None else QuestionRow.subject == m.subject,
                 QuestionRow.grade.is_(None) if m.grade is None else QuestionRow.grade == m.grade]
        if not actor.is_system:
            where.append(QuestionRow.department_id == actor.department_id)
        for row in uow.session.scalars(select(QuestionRow).where(*where)):
            q = Question.from_json(_current_data(uow.session, row))
            q.tags.topic = m.canonical
            _save_tags(uow, actor, row, q, f"topic mapped to the taxonomy: {m.text} → {m.canonical}")
            changed += 1
    audit(uow, actor, "taxonomy.map_topics", "question", None, mapped={m.text: m.canonical for m in todo}, questions=changed)
    uow.commit()
    return changed

