"""Tagging the bank: topics stored under taxonomy names, suggestions accepted in bulk with provenance,
corrections by hand, retraining, curriculum-ordered coverage, topic mapping and department topics."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from qbank.db.models import AuditEntry, QuestionRow, QuestionVersion
from qbank.domain.enums import Status
from qbank.domain.errors import PermissionDenied
from qbank.domain.question import Question
from qbank.services.coverage import NO_TOPIC, coverage_matrix
from qbank.services.imports import import_file
from qbank.services.tagging import (
    accept_suggestions,
    add_topic,
    apply_topic_mapping,
    current_suggester,
    needs_tags,
    set_tags,
    topic_mapping,
)
from tests import factories

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def people(runtime):  # noqa: ANN001, ANN201
    factories.department(runtime, "Quảng Trị")
    return {
        "contrib": factories.user(runtime, "contrib", "contributor", "Quảng Trị"),
        "teacher": factories.user(runtime, "teacher", "teacher", "Quảng Trị"),
        "admin": factories.user(runtime, "admin", "admin", "Quảng Trị"),
    }


def _tagged_bank(runtime, n: int = 20) -> None:  # noqa: ANN001
    """Two clearly different Toán 12 topics, enough examples to train on."""
    qs = []
    for i in range(n):
        a = factories.mcq(f"Tìm giá trị cực đại của hàm số bậc ba thứ {i}, khoảng đồng biến và tiệm cận", topic="Hàm số")
        a.tags.level = "Thông hiểu"
        b = factories.mcq(f"Trong không gian Oxyz cho mặt phẳng (P) số {i} và mặt cầu (S) đi qua điểm A", topic="Oxyz")
        b.tags.level = "Nhận biết"
        qs += [a, b]
    factories.stored_many(runtime, qs, "Quảng Trị")


def _current(runtime, qid: int) -> Question:  # noqa: ANN001
    with runtime.uow() as uow:
        row = uow.session.get(QuestionRow, qid)
        data = uow.session.scalar(select(QuestionVersion.data).where(QuestionVersion.question_id == qid,
                                                                     QuestionVersion.version == row.current_version))
        return Question.from_json(data)


def test_imported_topics_are_stored_under_their_taxonomy_names_with_provenance(runtime, people) -> None:  # noqa: ANN001
    data = (FIXTURES / "xlsx" / "sinh12_nganhang.xlsx").read_bytes()
    with runtime.uow() as uow:
        summary = import_file(uow, people["contrib"], "sinh12_nganhang.xlsx", data)
    with runtime.uow() as uow:
        topics = set(uow.session.scalars(select(QuestionRow.topic).where(QuestionRow.id.in_(summary.created))))
    assert "Cơ chế di truyền và biến dị" in topics and "Cơ chế di truyền" not in topics
    assert "Sinh thái học" in topics
    q = _current(runtime, summary.created[0])
    assert q.tags.provenance and q.tags.provenance.get("topic") == "paper"


def test_accepting_suggestions_in_bulk_fills_missing_tags_and_records_them_as_suggested(runtime, people) -> None:  # noqa: ANN001
    _tagged_bank(runtime)
    untagged = [factories.mcq("Hàm số nào sau đây đồng biến trên khoảng và có cực đại"),
                factories.mcq("Trong không gian Oxyz, mặt phẳng (Q) và mặt cầu đi qua điểm B")]
    ids = factories.stored_many(runtime, untagged, "Quảng Trị", Status.APPROVED)
    with runtime.uow() as uow:
        total, items = needs_tags(uow, people["contrib"])
    assert total == 2 and [it.question_id for it in items] == ids
    with runtime.uow() as uow:
        report = accept_suggestions(uow, people["contrib"], ids, threshold=0.3)
    assert report.retagged == ids
    first, second = _current(runtime, ids[0]), _current(runtime, ids[1])
    assert first.tags.topic == "Ứng dụng đạo hàm để khảo sát hàm số" and second.tags.topic == "Phương pháp tọa độ trong không gian"
    assert first.tags.provenance["topic"] == "suggested" and first.tags.provenance["level"] == "suggested"
    assert first.tags.subject == "Toán" and "subject" not in first.tags.provenance  # stated before: never replaced
    with runtime.uow() as uow:
        row = uow.session.get(QuestionRow, ids[0])
        assert row.topic == first.tags.topic and row.status == Status.APPROVED and row.current_version == 2
        assert uow.session.scalar(select(AuditEntry).where(AuditEntry.action == "tags.accept_suggestions")) is not None
        assert needs_tags(uow, people["contrib"])[0] == 0


def test_suggestions_below_the_threshold_are_left_for_a_person(runtime, people) -> None:  # noqa: ANN001
    _tagged_bank(runtime)
    (qid,) = factories.stored_many(runtime, [factories.mcq("Một câu hỏi không giống câu nào trong ngân hàng")], "Quảng Trị")
    with runtime.uow() as uow:
        report = accept_suggestions(uow, people["contrib"], [qid], threshold=1.0)
    assert report.retagged == [] and report.below_threshold >= 1
    assert _current(runtime, qid).tags.topic is None


def test_a_correction_by_hand_is_manual_and_the_model_retrains_on_it(runtime, people) -> None:  # noqa: ANN001
    _tagged_bank(runtime)
    probe = factories.mcq("Tính xác suất có điều kiện của biến cố A khi biết B theo công thức Bayes")
    with runtime.uow() as uow:
        before = current_suggester(uow, people["contrib"]).suggest([_example(probe)])[0]["topic"].value
    assert before != "Thống kê và xác suất lớp 12"
    new = factories.stored_many(runtime, [factories.mcq(f"Xác suất có điều kiện của biến cố A khi biết B, công thức Bayes lần {i}")
                                          for i in range(12)], "Quảng Trị")
    for qid in new:
        with runtime.uow() as uow:
            set_tags(uow, people["contrib"], qid, topic="Xác suất có điều kiện", level="Vận dụng")
    corrected = _current(runtime, new[0])
    assert corrected.tags.topic == "Thống kê và xác suất lớp 12" and corrected.tags.provenance["topic"] == "manual"
    with runtime.uow() as uow:
        after = current_suggester(uow, people["contrib"]).suggest([_example(probe)])[0]["topic"].value
    assert after == "Thống kê và xác suất lớp 12"


def _example(q: Question):  # noqa: ANN202
    from qbank.services.tagging import example_of

    q.tags.topic = None
    return example_of(q)


def test_teachers_may_not_tag(runtime, people) -> None:  # noqa: ANN001
    (qid,) = factories.stored_many(runtime, [factories.mcq("Câu hỏi")], "Quảng Trị")
    with runtime.uow() as uow, pytest.raises(PermissionDenied):
        set_tags(uow, people["teacher"], qid, topic="Số phức")


def test_coverage_rows_follow_the_curriculum_with_aliases_merged_and_untagged_last(runtime, people) -> None:  # noqa: ANN001
    qs = [factories.mcq(f"Câu {i}", topic=t) for i, t in enumerate(
        ["Số phức", "Tích phân", "Nguyên hàm - Tích phân", "Hàm số", None, "Chuyên đề riêng"])]
    factories.stored_many(runtime, qs, "Quảng Trị")
    with runtime.uow() as uow:
        cov = coverage_matrix(uow, people["contrib"], "Toán", 12)
    assert cov.topics == ["Ứng dụng đạo hàm để khảo sát hàm số", "Nguyên hàm và tích phân", "Số phức", "Chuyên đề riêng", NO_TOPIC]
    assert cov.row_total("Nguyên hàm và tích phân") == 2


def test_topic_mapping_lists_unknown_topics_and_renames_the_known_ones(runtime, people) -> None:  # noqa: ANN001
    ids = factories.stored_many(runtime, [factories.mcq("A", topic="Tích phân"), factories.mcq("B", topic="Chuyên đề riêng")], "Quảng Trị")
    with runtime.uow() as uow:
        rows = {m.text: m.canonical for m in topic_mapping(uow, people["admin"])}
    assert rows == {"Tích phân": "Nguyên hàm và tích phân", "Chuyên đề riêng": None}
    with runtime.uow() as uow:
        assert apply_topic_mapping(uow, people["admin"]) == 1
    assert _current(runtime, ids[0]).tags.topic == "Nguyên hàm và tích phân"
    with runtime.uow() as uow, pytest.raises(PermissionDenied):
        apply_topic_mapping(uow, people["contrib"])


def test_an_admin_extends_the_taxonomy_for_their_department(runtime, people) -> None:  # noqa: ANN001
    with runtime.uow() as uow:
        add_topic(uow, people["admin"], "Toán học", 12, "Chuyên đề riêng", aliases=["CĐ riêng"])
    factories.stored_many(runtime, [factories.mcq("B", topic="CĐ riêng")], "Quảng Trị")
    with runtime.uow() as uow:
        rows = {m.text: m.canonical for m in topic_mapping(uow, people["admin"])}
        assert rows == {"CĐ riêng": "Chuyên đề riêng"}
    with runtime.uow() as uow, pytest.raises(PermissionDenied):
        add_topic(uow, people["contrib"], "Toán", 12, "Khác")


def test_an_import_can_fill_missing_tags_from_suggestions_marked_as_suggested(runtime, people) -> None:  # noqa: ANN001
    data = (FIXTURES / "docx" / "toan12_tn_gachchan.docx").read_bytes()
    with runtime.uow() as uow:
        summary = import_file(uow, people["contrib"], "a.docx", data, suggest_threshold=0.01)
    q = _current(runtime, summary.created[0])
    assert q.tags.topic and q.tags.provenance["topic"] == "suggested"
    assert q.tags.provenance.get("subject") == "paper"
