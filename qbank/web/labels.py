"""Display names for enum values (types, statuses, roles, visibilities) in the user's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

LABELS = {
    "mcq": _l("Multiple choice"),
    "true_false": _l("True/false"),
    "short_answer": _l("Short answer"),
    "essay": _l("Essay"),
    "draft": _l("Draft"),
    "approved": _l("Approved"),
    "retired": _l("Retired"),
    "reserved": _l("Reserved exam pool"),
    "department": _l("Own department"),
    "consortium": _l("Consortium"),
    "public": _l("Public"),
    "contributor": _l("Contributor"),
    "teacher": _l("Teacher"),
    "exam_board": _l("Exam board"),
    "admin": _l("Administrator"),
    "official": _l("Official exam"),
    "practice": _l("Practice test"),
    "built": _l("Built"),
    "released": _l("Released"),
    "view": _l("Viewed"),
    "export": _l("Exported"),
    "build": _l("Built"),
    "release": _l("Released"),
    "bulk_approve": _l("Approved in bulk"),
    "delete": _l("Deleted"),
    "deleted": _l("Deleted"),
    "consortium_create": _l("Consortium created"),
    "consortium_invite": _l("Invited to a consortium"),
    "consortium_join": _l("Joined a consortium"),
    "consortium_decline": _l("Declined a consortium"),
    "consortium_leave": _l("Left a consortium"),
    "pool_share": _l("Reserved pool shared"),
    "pool_unshare": _l("Reserved pool no longer shared"),
    "results_import": _l("Results imported"),
    "possible_wrong_key": _l("Possible wrong key"),
    "negative_discrimination": _l("Negative discrimination"),
    "low_discrimination": _l("Low discrimination"),
    "too_hard": _l("Too hard"),
    "too_easy": _l("Too easy"),
    "misfit": _l("Misfits the Rasch model"),
}


def label(value: object) -> str:
    return str(LABELS.get(str(value), value))
