"""Coverage of the bank: how many questions per topic × cognitive level, as far as the actor sees."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from qbank.db.models import QuestionRow, utcnow
from qbank.domain.actor import Actor
from qbank.domain.enums import Level, Status
from qbank.services import permissions
from qbank.services.tagging import taxonomy_for
from qbank.services.uow import UnitOfWork

NO_TOPIC = ""  # questions without a topic tag are counted in their own row
NO_LEVEL = ""


@dataclass
class Coverage:
    subject: str | None
    grade: int | None
    topics: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    counts: dict[tuple[str, str], int] = field(default_factory=dict)  # (topic, level) -> questions

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def max_count(self) -> int:
        """The colour scale's top: tagged cells only (a big untagged pile would make every tagged cell pale)."""
        return max((n for key, n in self.counts.items() if self.is_tagged(*key)), default=0)

    @staticmethod
    def is_tagged(topic: str, level: str) -> bool:
        return topic != NO_TOPIC and level != NO_LEVEL

    @property
    def untagged(self) -> int:
        """Questions missing a topic or a level: shown apart, outside the colour scale."""
        return sum(n for key, n in self.counts.items() if not self.is_tagged(*key))

    def row_total(self, topic: str) -> int:
        return sum(n for (t, _), n in self.counts.items() if t == topic)

    def column_total(self, level: str) -> int:
        return sum(n for (_, lv), n in self.counts.items() if lv == level)


def coverage_matrix(
    uow: UnitOfWork, actor: Actor, subject: str | None, grade: int | None, *, approved_only: bool = False
) -> Coverage:
    """Counts grouped by topic and level for one subject and grade, under the visibility rules."""
    where = [permissions.question_visible_clause(actor, utcnow())]
    if subject:
        where.append(QuestionRow.subject == subject)
    if grade:
        where.append(QuestionRow.grade == grade)
    if approved_only:
        where.append(QuestionRow.status == Status.APPROVED)
    rows = uow.session.execute(
        select(QuestionRow.topic, QuestionRow.level, func.count()).where(*where).group_by(QuestionRow.topic, QuestionRow.level)
    ).all()
    cov = Coverage(subject, grade)
    taxonomy = taxonomy_for(uow.session, None if actor.is_system else actor.department_id)
    for topic, level, n in rows:
        # tags that predate the taxonomy count under its name, so one topic is one row
        key = (taxonomy.canonical_topic(subject, grade, topic) or NO_TOPIC, level or NO_LEVEL)
        cov.counts[key] = cov.counts.get(key, 0) + n
    # rows follow the curriculum's order; topics it does not know come after, untagged last
    cov.topics = sorted({t for t, _ in cov.counts}, key=lambda t: (t == NO_TOPIC, taxonomy.order_key(subject, grade, t)))
    standard = [lv.value for lv in Level]
    seen = {lv for _, lv in cov.counts}
    # The four standard levels always appear (an empty column is exactly the gap to see).
    cov.levels = standard + sorted(seen - set(standard) - {NO_LEVEL}) + ([NO_LEVEL] if NO_LEVEL in seen else [])
    return cov


def best_choice(uow: UnitOfWork, actor: Actor) -> tuple[str, int | None] | None:
    """The (subject, grade) with the most questions tagged with both topic and level: the page
    opens on a useful map, not on a subject whose questions are all untagged."""
    row = uow.session.execute(
        select(QuestionRow.subject, QuestionRow.grade, func.count().label("n"))
        .where(permissions.question_visible_clause(actor, utcnow()), QuestionRow.subject.is_not(None),
               QuestionRow.topic.is_not(None), QuestionRow.topic != "", QuestionRow.level.is_not(None), QuestionRow.level != "")
        .group_by(QuestionRow.subject, QuestionRow.grade)
        .order_by(func.count().desc(), QuestionRow.subject, QuestionRow.grade)
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def subjects_and_grades(uow: UnitOfWork, actor: Actor) -> list[tuple[str, int | None, int]]:
    """(subject, grade, questions) the actor can see, for the coverage page's chooser."""
    rows = uow.session.execute(
        select(QuestionRow.subject, QuestionRow.grade, func.count())
        .where(permissions.question_visible_clause(actor, utcnow()), QuestionRow.subject.is_not(None))
        .group_by(QuestionRow.subject, QuestionRow.grade)
        .order_by(QuestionRow.subject, QuestionRow.grade)
    ).all()
    return [(s, g, n) for s, g, n in rows]
