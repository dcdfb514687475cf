"""SQLAlchemy 2.x typed models: organisations, users, question sets, questions and versions, blobs, exams, audit."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    and_,
)
from sqlalchemy.dialects.postgresql import BYTEA, JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Stable constraint names so Alembic migrations behave the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JsonType = JSON().with_variant(JSONB(), "postgresql")
BinaryType = LargeBinary().with_variant(BYTEA(), "postgresql")


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JsonType, list[Any]: JsonType}


class Department(Base):
    """A provincial Department of Education (Sở GD&ĐT)."""

    __tablename__ = "departments"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    code: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Consortium(Base):
    """A group of departments that share questions with each other."""

    __tablename__ = "consortia"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ConsortiumMember(Base):
    __tablename__ = "consortium_members"
    consortium_id: Mapped[int] = mapped_column(ForeignKey("consortia.id", ondelete="CASCADE"), primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True)


class ConsortiumInvitation(Base):
    """An invitation to join a consortium: membership starts only when the invited department's
    admin accepts it (pending | accepted | declined | withdrawn)."""

    __tablename__ = "consortium_invitations"
    id: Mapped[int] = mapped_column(primary_key=True)
    consortium_id: Mapped[int] = mapped_column(ForeignKey("consortia.id", ondelete="CASCADE"))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id", ondelete="CASCADE"))
    invited_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    invited_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    __table_args__ = (Index("ix_consortium_invitations_department_status", "department_id", "status"),)


class ReservedPoolShare(Base):
    """A department lets the exam boards of one consortium's (current) members see its reserved pool."""

    __tablename__ = "reserved_pool_shares"
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True)
    consortium_id: Mapped[int] = mapped_column(ForeignKey("consortia.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The session generation: a session is valid only while it carries this number (logout,
    # password change and deactivation increment it, ending every session of the user).
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    department: Mapped[Department] = relationship(lazy="joined")


class ApiToken(Base):
    """A personal API token; only its sha256 is stored."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class BlobRow(Base):
    """Bytes addressed by sha256, stored in the database so every node sees them."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[bytes] = mapped_column(BinaryType)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class BlobRendition(Base):
    """A picture downscaled to ``width`` pixels for the web, itself stored as a blob."""

    __tablename__ = "blob_renditions"
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256", ondelete="CASCADE"), primary_key=True)
    width: Mapped[int] = mapped_column(Integer, primary_key=True)
    rendition_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256", ondelete="CASCADE"))


class QuestionSet(Base):
    """One uploaded file: who, when, its original bytes (a blob) and its import report."""

    __tablename__ = "question_sets"
    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    filename: Mapped[str] = mapped_column(String(300))
    format: Mapped[str] = mapped_column(String(20))
    file_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)
    report: Mapped[dict[str, Any]] = mapped_column(default=dict)


class PassageGroup(Base):
    """A reading passage shared by several questions."""

    __tablename__ = "passage_groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    question_set_id: Mapped[int | None] = mapped_column(ForeignKey("question_sets.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    key: Mapped[str] = mapped_column(String(100))
    content: Mapped[dict[str, Any]] = mapped_column(default=dict)


class QuestionRow(Base):
    """The current state of a question; its content lives in ``question_versions``.

    Tag and status columns are copied out of the current version so filters, facets and
    permission checks are plain indexed columns.
    """

    __tablename__ = "questions"
    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    question_set_id: Mapped[int | None] = mapped_column(ForeignKey("question_sets.id"), index=True)
    passage_group_id: Mapped[int | None] = mapped_column(ForeignKey("passage_groups.id"), index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    current_version: Mapped[int] = mapped_column(Integer, default=1)
    type: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    visibility: Mapped[str] = mapped_column(String(20), default="department")
    fingerprint: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str | None] = mapped_column(String(100))
    grade: Mapped[int | None] = mapped_column(Integer)
    topic: Mapped[str | None] = mapped_column(String(200))
    level: Mapped[str | None] = mapped_column(String(50))
    difficulty: Mapped[float | None] = mapped_column(Float)
    school_year: Mapped[str | None] = mapped_column(String(20))
    source_exam: Mapped[str | None] = mapped_column(String(300))
    points: Mapped[float | None] = mapped_column(Float)
    usage_count: Mapped[int] = mapped_column(Integer, default=0)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Measured behaviour (from results): Rasch difficulty on the bank's scale, set by the first
    # calibration and kept after (it anchors later exams), and the latest classical statistics.
    rasch_b: Mapped[float | None] = mapped_column(Float, index=True)
    rasch_se: Mapped[float | None] = mapped_column(Float)
    rasch_exam_id: Mapped[int | None] = mapped_column(Integer)
    stat_facility: Mapped[float | None] = mapped_column(Float)
    stat_discrimination: Mapped[float | None] = mapped_column(Float, index=True)

    versions: Mapped[list[QuestionVersion]] = relationship(
        back_populates="question", order_by="QuestionVersion.version", cascade="all, delete-orphan"
    )
    bands: Mapped[list[QuestionBand]] = relationship(cascade="all, delete-orphan")
    signature: Mapped[QuestionSignature | None] = relationship(cascade="all, delete-orphan")
    blob_links: Mapped[list[QuestionBlob]] = relationship(cascade="all, delete-orphan")

    __table_args__ = (
        Index("ix_questions_fingerprint_department", "fingerprint", "department_id"),
        Index("ix_questions_access", "department_id", "visibility", "status"),
        Index("ix_questions_tags", "subject", "grade", "topic", "level"),
    )


class QuestionBand(Base):
    """LSH band hashes of a question's MinHash signature: questions sharing a band are
    near-duplicate candidates, found with one indexed lookup however large the bank."""

    __tablename__ = "question_bands"
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True)
    band: Mapped[int] = mapped_column(Integer, primary_key=True)
    hash: Mapped[int] = mapped_column(BigInteger)
    # question_id in the index: a band lookup never touches the table.
    __table_args__ = (Index("ix_question_bands_lookup", "band", "hash", "question_id"),)


class QuestionSignature(Base):
    """A question's MinHash signature (128 little-endian uint32 minima), computed once when the
    question is stored or edited: candidates are compared signature to signature, no text decoded."""

    __tablename__ = "question_signatures"
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True)
    signature: Mapped[bytes] = mapped_column(BinaryType)
    normalised: Mapped[str] = mapped_column(Text)  # the compared text, folded: finalists need no version decoded


class QuestionBlob(Base):
    """Which blobs (pictures, OLE objects) a question's current version or its passage shows:
    a picture is served only to someone who may see a question that uses it."""

    __tablename__ = "question_blobs"
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)


class QuestionVersion(Base):
    """An immutable snapshot: editing a question adds a version and keeps the old ones."""

    __tablename__ = "question_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column()  # Question.to_json()
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    note: Mapped[str] = mapped_column(String(500), default="")

    question: Mapped[QuestionRow] = relationship(back_populates="versions")
    __table_args__ = (UniqueConstraint("question_id", "version", name="uq_question_versions_question_version"),)


class Exam(Base):
    """An official paper or a practice test: blueprint, chosen questions, versions, release time."""

    __tablename__ = "exams"
    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    kind: Mapped[str] = mapped_column(String(20), default="official")  # official | practice
    title: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str | None] = mapped_column(String(100))
    grade: Mapped[int | None] = mapped_column(Integer)
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    blueprint: Mapped[dict[str, Any]] = mapped_column(default=dict)
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)  # header fields, scoring rules, seed
    confidential: Mapped[bool] = mapped_column(Boolean, default=True)
    # What the exam's own department's reserved questions become on release (a Visibility value).
    release_policy: Mapped[str] = mapped_column(String(20), default="reserved", server_default="reserved")
    release_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(20), default="draft")  # draft | built | released

    questions: Mapped[list[ExamQuestion]] = relationship(order_by="ExamQuestion.position", cascade="all, delete-orphan")
    versions: Mapped[list[ExamVersion]] = relationship(order_by="ExamVersion.code", cascade="all, delete-orphan")


class ExamQuestion(Base):
    __tablename__ = "exam_questions"
    exam_id: Mapped[int] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), index=True)
    question_version: Mapped[int] = mapped_column(Integer)
    part: Mapped[str | None] = mapped_column(String(50))
    points: Mapped[float | None] = mapped_column(Float)


class ExamVersion(Base):
    """A shuffled version (mã đề): its code, seed, layout (order and option permutations) and key."""

    __tablename__ = "exam_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    exam_id: Mapped[int] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(10))
    seed: Mapped[int] = mapped_column(BigInteger)
    layout: Mapped[dict[str, Any]] = mapped_column(default=dict)
    answer_key: Mapped[dict[str, Any]] = mapped_column(default=dict)
    __table_args__ = (UniqueConstraint("exam_id", "code", name="uq_exam_versions_exam_code"),)


class ExamResult(Base):
    """One candidate's answers to one exam, mapped to bank questions (original option order), and total."""

    __tablename__ = "exam_results"
    id: Mapped[int] = mapped_column(primary_key=True)
    exam_id: Mapped[int] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"), index=True)
    candidate: Mapped[str] = mapped_column(String(50))  # SBD
    version_code: Mapped[str] = mapped_column(String(10))
    row: Mapped[int] = mapped_column(Integer)  # where it was in the uploaded file
    responses: Mapped[dict[str, Any]] = mapped_column(default=dict)  # question id -> response
    score: Mapped[float] = mapped_column(Float, default=0.0)
    __table_args__ = (UniqueConstraint("exam_id", "candidate", name="uq_exam_results_exam_candidate"),)


class ExamStatistics(Base):
    """Test-level statistics of one administration (recomputed at each results import)."""

    __tablename__ = "exam_statistics"
    exam_id: Mapped[int] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"), primary_key=True)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    n: Mapped[int] = mapped_column(Integer)
    mean: Mapped[float | None] = mapped_column(Float)
    sd: Mapped[float | None] = mapped_column(Float)
    alpha: Mapped[float | None] = mapped_column(Float)
    sem: Mapped[float | None] = mapped_column(Float)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)  # histogram, source file, skipped rows, Rasch run


class ItemStatistics(Base):
    """One bank question in one administration: classical statistics, Rasch estimate, flags."""

    __tablename__ = "item_statistics"
    exam_id: Mapped[int] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True, index=True)
    n: Mapped[int] = mapped_column(Integer)
    facility: Mapped[float | None] = mapped_column(Float)
    discrimination: Mapped[float | None] = mapped_column(Float)
    upper_lower: Mapped[float | None] = mapped_column(Float)
    rasch_b: Mapped[float | None] = mapped_column(Float)
    rasch_se: Mapped[float | None] = mapped_column(Float)
    infit: Mapped[float | None] = mapped_column(Float)
    outfit: Mapped[float | None] = mapped_column(Float)
    anchored: Mapped[bool] = mapped_column(Boolean, default=False)
    flags: Mapped[list[Any]] = mapped_column(default=list)
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)  # MCQ shares by option in all/upper/lower groups


class AuditEntry(Base):
    """Who viewed or exported what, when (confidential exams above all)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(50))
    object_type: Mapped[str] = mapped_column(String(50))
    object_id: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    __table_args__ = (Index("ix_audit_log_object", "object_type", "object_id"),)


class IndexQueue(Base):
    """Questions whose search-index entry is stale. Written in the same transaction as the
    change, deleted only after the index committed: a crash in between is repaired at start."""

    __tablename__ = "index_queue"
    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(Integer, index=True)
    op: Mapped[str] = mapped_column(String(10), default="upsert")  # upsert | remove
    enqueued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LoginAttempt(Base):
    """Failed logins per username, for back-off across processes and nodes."""

    __tablename__ = "login_attempts"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ip: Mapped[str | None] = mapped_column(String(64))


class RateLimitCounter(Base):
    """Fixed-window request counters (login rate limit) shared by every worker process and node."""

    __tablename__ = "rate_limit_counters"
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[float] = mapped_column(Float, index=True)  # Unix time


# Joins a question to its current version: ``select(QuestionRow, QuestionVersion.data).join(QuestionVersion, CURRENT_VERSION)``.
CURRENT_VERSION = and_(QuestionVersion.question_id == QuestionRow.id, QuestionVersion.version == QuestionRow.current_version)


class TaxonomyTopic(Base):
    """A department's own topic beside the shipped curriculum taxonomy (with its aliases and keywords)."""

    __tablename__ = "taxonomy_topics"
    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(100))
    grade: Mapped[int | None] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[Any]] = mapped_column(default=list)
    keywords: Mapped[list[Any]] = mapped_column(default=list)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    __table_args__ = (UniqueConstraint("department_id", "subject", "grade", "name", name="uq_taxonomy_topics_department_topic"),)


class ImportBatch(Base):
    """An archive or folder uploaded at once: its files are imported one job each (``batch_files``)."""

    __tablename__ = "import_batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), index=True)  # waiting | running | done
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)  # tags for the whole batch, approve, visibility
    total: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class BatchFile(Base):
    """One file of a batch and its outcome; the row is the job's durable state (the queue only carries its id)."""

    __tablename__ = "batch_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(String(500))
    size: Mapped[int] = mapped_column(Integer, default=0)
    blob_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))
    # pending → queued → running → imported | duplicate | refused | failed ; skipped from the start
    status: Mapped[str] = mapped_column(String(20), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    suggested: Mapped[dict[str, Any]] = mapped_column(default=dict)  # tags the path suggests
    question_set_id: Mapped[int | None] = mapped_column(ForeignKey("question_sets.id", ondelete="SET NULL"))
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    messages: Mapped[list[Any]] = mapped_column(default=list)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ExportJob(Base):
    """An exam export run by a worker: its state, and the file it made (a blob, so any node can send it)."""

    __tablename__ = "export_jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    exam_id: Mapped[int] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"), index=True)
    format: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))  # queued | running | done | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str | None] = mapped_column(Text)
    filename: Mapped[str | None] = mapped_column(String(300))
    blob_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
