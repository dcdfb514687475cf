"""Enumerations shared by every layer."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CONTRIBUTOR = "contributor"
    TEACHER = "teacher"
    EXAM_BOARD = "exam_board"
    ADMIN = "admin"


class QuestionType(StrEnum):
    MCQ = "mcq"
    TRUE_FALSE = "true_false"
    SHORT_ANSWER = "short_answer"
    ESSAY = "essay"


class Status(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    RETIRED = "retired"


class Visibility(StrEnum):
    # The department's reserved exam pool: only its exam board and admin (and the exam boards of
    # consortia it shares the pool with) ever see these; official confidential exams draw on them.
    RESERVED = "reserved"
    DEPARTMENT = "department"
    CONSORTIUM = "consortium"
    PUBLIC = "public"


class Level(StrEnum):
    """Cognitive levels as Vietnamese blueprints (ma trận đề) name them."""

    NHAN_BIET = "Nhận biết"
    THONG_HIEU = "Thông hiểu"
    VAN_DUNG = "Vận dụng"
    VAN_DUNG_CAO = "Vận dụng cao"
