"""Marshmallow schemas of the REST API: what goes in, what comes out, and the error shape."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from qbank.domain.enums import QuestionType, Role, Status, Visibility


class UtcDateTime(fields.DateTime):
    """A timestamp sent as RFC 3339 with its offset (``…+00:00``), as OpenAPI's ``date-time`` requires.

    SQLite hands back naive datetimes for ``DateTime(timezone=True)`` columns; every stored time is
    UTC, so a naive one is read as UTC rather than sent without an offset.
    """

    def _serialize(self, value: datetime | None, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class ErrorSchema(Schema):
    error = fields.String(required=True, metadata={"description": "machine-readable name: not_found, invalid, forbidden…"})
    message = fields.String(required=True)
    details = fields.Raw(metadata={"description": "per-field messages, or {} "})


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class SearchArgs(PageArgs):
    q = fields.String(load_default="", validate=validate.Length(max=500), metadata={"description": "words, accents optional"})
    subject = fields.List(fields.String(validate=validate.Length(max=100)), load_default=list)
    grade = fields.List(fields.Integer(validate=validate.Range(min=1, max=12)), load_default=list)
    topic = fields.List(fields.String(validate=validate.Length(max=200)), load_default=list)
    level = fields.List(fields.String(validate=validate.Length(max=50)), load_default=list)
    type = fields.List(fields.String(validate=validate.OneOf([t.value for t in QuestionType])), load_default=list)
    department_id = fields.List(fields.Integer(validate=validate.Range(min=1, max=2**31 - 1)), load_default=list)
    status = fields.List(fields.String(validate=validate.OneOf([s.value for s in Status])), load_default=list)


class TagsSchema(Schema):
    subject = fields.String(allow_none=True, validate=validate.Length(max=100))
    grade = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=12))
    topic = fields.String(allow_none=True, validate=validate.Length(max=200))
    level = fields.String(allow_none=True, validate=validate.Length(max=50))
    difficulty = fields.Float(allow_none=True, validate=validate.Range(min=0, max=1))
    school_year = fields.String(allow_none=True, validate=validate.Length(max=20))
    source_exam = fields.String(allow_none=True, validate=validate.Length(max=300))
    department = fields.String(allow_none=True, dump_only=True)


class OptionOut(Schema):
    label = fields.String()
    text = fields.String(metadata={"description": "plain text, equations as $LaTeX$"})
    html = fields.String(metadata={"description": "escaped HTML with MathML"})
    correct = fields.Boolean()


class SubPartOut(Schema):
    label = fields.String()
    text = fields.String()
    html = fields.String()
    points = fields.Float(allow_none=True)


class QuestionOut(Schema):
    id = fields.Integer()
    version = fields.Integer()
    type = fields.String()
    status = fields.String()
    visibility = fields.String()
    department_id = fields.Integer()
    department = fields.String()
    stem = fields.String(metadata={"description": "plain text, equations as $LaTeX$"})
    stem_html = fields.String()
    options = fields.List(fields.Nested(OptionOut))
    subparts = fields.List(fields.Nested(SubPartOut))
    answer = fields.Raw(allow_none=True, metadata={"description": "\"B\", [\"Đ\",\"S\",…], \"1,5\" or null"})
    points = fields.Float(allow_none=True)
    solution = fields.String(allow_none=True)
    tags = fields.Nested(TagsSchema)
    usage_count = fields.Integer()
    created_at = UtcDateTime()
    updated_at = UtcDateTime()
    can_edit = fields.Boolean()
    can_review = fields.Boolean()
    snippet = fields.String(allow_none=True, metadata={"description": "matched text, escaped, matches in <mark>"})


class QuestionPage(Schema):
    items = fields.List(fields.Nested(QuestionOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    pages = fields.Integer()
    facets = fields.Dict(keys=fields.String(), values=fields.Dict(keys=fields.String(), values=fields.Integer()))
    total_is_lower_bound = fields.Boolean(
        metadata={"description": "true when the search stopped counting (past 1,000 matches): total and facet counts are then lower bounds"}
    )


class OptionIn(Schema):
    text = fields.String(required=True, validate=validate.Length(max=20_000))


class QuestionUpdate(Schema):
    """Fields left out keep their value (and their Word equations and pictures)."""

    stem = fields.String(validate=validate.Length(min=1, max=50_000))
    options = fields.List(fields.Nested(OptionIn), metadata={"description": "same count as now; texts only"})
    answer = fields.Raw(allow_none=True)
    points = fields.Float(allow_none=True, validate=validate.Range(min=0, max=100))
    solution = fields.String(allow_none=True, validate=validate.Length(max=50_000))
    tags = fields.Nested(TagsSchema)
    visibility = fields.String(validate=validate.OneOf([v.value for v in Visibility]), metadata={"description": "sharing"})
    base_version = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1),
                                  metadata={"description": "the version you edited: 409 if another was saved meanwhile"})
    note = fields.String(load_default="", validate=validate.Length(max=500))


class StatusIn(Schema):
    status = fields.String(required=True, validate=validate.OneOf([s.value for s in Status]))


class VersionOut(Schema):
    version = fields.Integer()
    created_at = UtcDateTime()
    created_by = fields.Integer(allow_none=True)
    note = fields.String()


class ExamRef(Schema):
    id = fields.Integer()
    title = fields.String()


class UploadForm(Schema):
    subject = fields.String(validate=validate.Length(max=100))
    grade = fields.Integer(validate=validate.Range(min=1, max=12))
    dry_run = fields.Boolean(load_default=True, metadata={"description": "true: preview only, keep the upload for confirm"})
    visibility = fields.String(load_default=Visibility.DEPARTMENT.value, validate=validate.OneOf([v.value for v in Visibility]))
    approve = fields.Boolean(load_default=False)


class UploadFile(Schema):
    file = Upload(required=True, metadata={"description": ".docx, .doc or .xlsx"})
    key = Upload(metadata={"description": "the paper's answer key in a file of its own (.docx or .xlsx)"})


class ConfirmIn(Schema):
    subject = fields.String(validate=validate.Length(max=100))
    grade = fields.Integer(validate=validate.Range(min=1, max=12))
    visibility = fields.String(load_default=Visibility.DEPARTMENT.value, validate=validate.OneOf([v.value for v in Visibility]))
    approve = fields.Boolean(load_default=False)


class DuplicateOut(Schema):
    index = fields.Integer()
    existing_id = fields.Integer()
    exact = fields.Boolean()
    similarity = fields.Float()


class PreviewOut(Schema):
    token = fields.String(metadata={"description": "pass to POST /imports/{token}/confirm"})
    source = fields.String()
    format = fields.String()
    meta = fields.Dict()
    questions = fields.List(fields.Dict())
    messages = fields.List(fields.Dict())
    duplicates = fields.List(fields.Nested(DuplicateOut))
    counts = fields.Dict(keys=fields.String(), values=fields.Integer(),
                         metadata={"description": "read, store, existing (not stored), repeats (in the file, stored once), similar (stored)"})


class ImportSummaryOut(Schema):
    question_set_id = fields.Integer(allow_none=True)
    created = fields.List(fields.Integer())
    drafts = fields.Integer()
    duplicates = fields.List(fields.Nested(DuplicateOut))
    repeats = fields.List(fields.Dict())
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    messages = fields.List(fields.Dict())


class ExamOut(Schema):
    id = fields.Integer()
    title = fields.String()
    kind = fields.String()
    subject = fields.String(allow_none=True)
    grade = fields.Integer(allow_none=True)
    confidential = fields.Boolean()
    embargoed = fields.Boolean()
    release_policy = fields.String(metadata={"description": "what the exam's reserved questions become on release"})
    messages = fields.List(fields.String(), metadata={"description": "e.g. why the exam is not confidential"})
    release_at = UtcDateTime(allow_none=True)
    status = fields.String()
    created_at = UtcDateTime()
    question_count = fields.Integer()
    version_codes = fields.List(fields.String())


class ExamCreate(Schema):
    blueprint = fields.Dict(metadata={"description": "the ma trận as in blueprint YAML/JSON (or send question_ids)"})
    question_ids = fields.List(fields.Integer(validate=validate.Range(min=1, max=2**31 - 1)), validate=validate.Length(min=1, max=200),
                               metadata={"description": "hand-picked questions instead of a blueprint"})
    versions = fields.Integer(load_default=4, validate=validate.Range(min=1, max=24))
    seed = fields.Integer(load_default=0, validate=validate.Range(min=0, max=2**31 - 1))
    title = fields.String(validate=validate.Length(max=300))
    release_at = fields.AwareDateTime(allow_none=True, load_default=None)
    confidential = fields.Boolean(load_default=True, metadata={
        "description": "draw only on the reserved pool; an exam of questions others already see is never confidential"})
    release_policy = fields.String(load_default="reserved", validate=validate.OneOf(["reserved", "department", "consortium", "public"]),
                                   metadata={"description": "what the exam's reserved questions become on release"})


class PracticeCreate(Schema):
    question_ids = fields.List(fields.Integer(validate=validate.Range(min=1, max=2**31 - 1)), required=True, validate=validate.Length(min=1, max=100))
    title = fields.String(load_default="Đề ôn tập", validate=validate.Length(min=1, max=300))


class ReleaseIn(Schema):
    release_at = fields.AwareDateTime(allow_none=True, load_default=None)


class ExportArgs(Schema):
    format = fields.String(load_default="zip", validate=validate.OneOf(
        ["docx", "guide", "xlsx", "pdf", "zip", "moodle-xml", "gift", "aiken", "qti21", "qti30"]))


class BankExportArgs(Schema):
    q = fields.String(load_default="", validate=validate.Length(max=500), metadata={"description": "words, accents optional"})
    format = fields.String(required=True, validate=validate.OneOf(["docx", "xlsx", "moodle-xml", "gift", "aiken", "qti21", "qti30"]))
    subject = fields.List(fields.String(validate=validate.Length(max=100)), load_default=list)
    grade = fields.List(fields.Integer(validate=validate.Range(min=1, max=12)), load_default=list)
    topic = fields.List(fields.String(validate=validate.Length(max=200)), load_default=list)
    level = fields.List(fields.String(validate=validate.Length(max=50)), load_default=list)
    type = fields.List(fields.String(validate=validate.OneOf([t.value for t in QuestionType])), load_default=list)
    limit = fields.Integer(load_default=5000, validate=validate.Range(min=1, max=5000))


class FormatOut(Schema):
    name = fields.String()
    label = fields.String()
    extensions = fields.List(fields.String())
    types = fields.List(fields.String())
    note = fields.String()
    suffix = fields.String()


class ExportFormatsOut(Schema):
    bank = fields.List(fields.Nested(FormatOut), metadata={"description": "what a search selection can be exported as"})
    exam = fields.List(fields.Nested(FormatOut), metadata={"description": "what an exam or practice test can be exported as"})


class FormatsOut(Schema):
    import_ = fields.List(fields.Nested(FormatOut), data_key="import", attribute="import")
    accept = fields.String(metadata={"description": "every extension an upload may have"})
    export = fields.Nested(ExportFormatsOut)


class DepartmentOut(Schema):
    id = fields.Integer()
    name = fields.String()
    code = fields.String(allow_none=True)
    consortia = fields.List(fields.String())


class DepartmentIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    code = fields.String(allow_none=True, validate=validate.Length(max=20))


class ConsortiumIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    members = fields.List(fields.String(validate=validate.Length(max=200)), load_default=list,
                          metadata={"description": "departments to invite; each joins when its admin accepts"})


class ConsortiumOut(Schema):
    id = fields.Integer()
    name = fields.String()
    members = fields.List(fields.String())
    pending = fields.List(fields.String(), metadata={"description": "departments invited, not yet answered"})
    pool_shared_by = fields.List(fields.String(), metadata={"description": "members sharing their reserved exam pool"})


class InviteIn(Schema):
    department = fields.String(required=True, validate=validate.Length(min=1, max=200), metadata={"description": "name or id"})


class InvitationOut(Schema):
    id = fields.Integer()
    consortium = fields.String()
    department = fields.String()
    status = fields.String()
    invited_at = fields.DateTime()


class PoolShareIn(Schema):
    shared = fields.Boolean(required=True, metadata={"description": "let the consortium's exam boards see the reserved pool"})


class UserOut(Schema):
    id = fields.Integer()
    username = fields.String()
    display_name = fields.String()
    role = fields.String()
    department = fields.String()
    active = fields.Boolean()


class UserIn(Schema):
    username = fields.String(required=True, validate=validate.Length(min=3, max=100))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=8, max=128),
                             metadata={"description": "8-128 characters; common, breached and username-derived ones are refused"})
    role = fields.String(required=True, validate=validate.OneOf([r.value for r in Role]))
    department = fields.String(required=True, validate=validate.Length(min=1, max=200), metadata={"description": "name or id"})
    display_name = fields.String(load_default="", validate=validate.Length(max=200))
    email = fields.Email(allow_none=True, load_default=None)


class UserPatch(Schema):
    active = fields.Boolean(required=True, metadata={"description": "false deactivates: every session and API token ends"})


class MeOut(Schema):
    user_id = fields.Integer()
    username = fields.String()
    role = fields.String()
    department_id = fields.Integer()


class TokenOut(Schema):
    id = fields.Integer()
    name = fields.String()
    created_at = UtcDateTime()
    last_used_at = UtcDateTime(allow_none=True)


class TokenIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))


class NewTokenOut(Schema):
    token = fields.String(metadata={"description": "shown once: keep it safe"})
    name = fields.String()


class AuditArgs(Schema):
    exam_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1), metadata={"description": "only entries on this exam"})
    user = fields.String(validate=validate.Length(min=1, max=100), metadata={"description": "only this user's entries (username or id)"})
    action = fields.String(validate=validate.Length(min=1, max=50), metadata={"description": "view, export, build, release, deactivate…"})
    since = fields.AwareDateTime(metadata={"description": "entries at or after this time"})
    until = fields.AwareDateTime(metadata={"description": "entries before this time"})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class AuditEntryOut(Schema):
    id = fields.Integer()
    at = UtcDateTime()
    user_id = fields.Integer(allow_none=True)
    username = fields.String(metadata={"description": "who; \"system\" for the command line"})
    action = fields.String()
    object_type = fields.String(metadata={"description": "exam, user…"})
    object_id = fields.Integer(allow_none=True)
    exam_title = fields.String(allow_none=True)
    details = fields.Dict(metadata={"description": "what else was recorded (format, files, versions…)"})


class AuditPageOut(Schema):
    items = fields.List(fields.Nested(AuditEntryOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    pages = fields.Integer()
