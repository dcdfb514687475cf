"""The curriculum taxonomy: what it ships, how free-text names resolve, and the suggester on its own."""

from __future__ import annotations

from qbank.domain.taxonomy import Topic, load_taxonomy
from qbank.services.tag_model import Example, TagSuggester


def test_the_shipped_taxonomy_covers_the_gifted_student_subjects_and_grades() -> None:
    tx = load_taxonomy()
    for subject in ("Toán", "Vật lí", "Hóa học", "Sinh học", "Ngữ văn", "Tiếng Anh", "Lịch sử", "Địa lí", "Tin học"):
        grades = tx.subjects[subject].grades()
        assert {9, 10, 11, 12} <= set(grades), (subject, grades)
        for g in (9, 10, 11, 12):
            assert tx.topics(subject, g), (subject, g)
    assert set(tx.subjects["Toán"].grades()) == {6, 7, 8, 9, 10, 11, 12}
    assert all("@2018" in part for part in tx.version.split(","))  # versioned data


def test_aliases_of_a_topic_all_name_one_topic() -> None:
    tx = load_taxonomy()
    names = {tx.canonical_topic("Toán", 12, t) for t in
             ("Tích phân", "Nguyên hàm - Tích phân", "Nguyên hàm và tích phân", "nguyen ham, tich phan", "NGUYÊN HÀM. TÍCH PHÂN")}
    assert names == {"Nguyên hàm và tích phân"}


def test_subject_names_are_recognised_however_they_are_written() -> None:
    tx = load_taxonomy()
    assert {tx.subject(s) for s in ("Toán", "Toán học", "toan", "Mathematics")} == {"Toán"}
    assert {tx.subject(s) for s in ("Vật lý", "Vật lí", "vat ly")} == {"Vật lí"}
    assert {tx.subject(s) for s in ("Hoá học", "Hóa học", "Hóa")} == {"Hóa học"}
    assert tx.subject("Âm nhạc") is None


def test_an_unknown_topic_is_kept_as_written() -> None:
    tx = load_taxonomy()
    assert tx.resolve_topic("Toán", 12, "Chuyên đề riêng của trường") is None
    assert tx.canonical_topic("Toán", 12, "  Chuyên đề  riêng của trường ") == "Chuyên đề riêng của trường"


def test_a_name_two_grades_share_resolves_by_the_question_grade_and_not_without_one() -> None:
    tx = load_taxonomy()
    assert tx.resolve_topic("Địa lí", 9, "Nông nghiệp").grade == 9
    assert tx.resolve_topic("Địa lí", 12, "Nông nghiệp").grade == 12
    assert tx.resolve_topic("Địa lí", None, "Nông nghiệp") is None  # ambiguous: left for a person


def test_topics_are_listed_in_curriculum_order_with_unknown_ones_after() -> None:
    tx = load_taxonomy()
    order = sorted(["Số phức", "Zzz riêng", "Ứng dụng đạo hàm để khảo sát hàm số", "Nguyên hàm và tích phân"],
                   key=lambda t: tx.order_key("Toán", 12, t))
    assert order == ["Ứng dụng đạo hàm để khảo sát hàm số", "Nguyên hàm và tích phân", "Số phức", "Zzz riêng"]


def test_a_department_extension_is_a_topic_after_the_curriculum() -> None:
    tx = load_taxonomy().extended([Topic("Toán", 12, "Bài toán thực tế địa phương", 1, ("Toán thực tế Quảng Trị",))])
    assert tx.canonical_topic("Toán", 12, "Toán thực tế Quảng Trị") == "Bài toán thực tế địa phương"
    assert tx.topics("Toán", 12)[-1].name == "Bài toán thực tế địa phương"
    assert load_taxonomy().resolve_topic("Toán", 12, "Toán thực tế Quảng Trị") is None  # the shipped one is unchanged


def test_keywords_suggest_a_topic_when_the_bank_has_nothing_to_learn_from() -> None:
    suggester = TagSuggester(load_taxonomy())
    (s,) = suggester.suggest([Example("Tính tích phân $I=\\int_{0}^{1} x\\,dx$.", "short_answer", "Toán", 12)])
    assert s["topic"].value == "Nguyên hàm và tích phân" and s["topic"].source == "keywords"
    assert s["subject"].source == "paper"  # stated tags come back as stated


def test_the_suggester_learns_topics_and_levels_from_tagged_examples() -> None:
    examples = []
    for i in range(25):
        examples.append(Example(f"Tìm giá trị cực đại của hàm số bậc ba thứ {i} và khoảng đồng biến", "mcq", "Toán", 12,
                                "Hàm số", "Thông hiểu"))
        examples.append(Example(f"Trong không gian Oxyz cho mặt phẳng (P) số {i} đi qua điểm A", "mcq", "Toán", 12,
                                "Hình học không gian Oxyz", "Nhận biết"))
    suggester = TagSuggester(load_taxonomy()).fit(examples)
    a, b = suggester.suggest([
        Example("Hàm số nào sau đây đồng biến trên khoảng và có cực đại", "mcq"),
        Example("Trong không gian Oxyz, mặt phẳng (Q) đi qua điểm B", "mcq"),
    ])
    assert a["subject"].value == "Toán" and a["grade"].value == 12
    assert a["topic"].value == "Ứng dụng đạo hàm để khảo sát hàm số" and a["topic"].source == "model"
    assert b["topic"].value == "Phương pháp tọa độ trong không gian"
    assert a["level"].value == "Thông hiểu" and b["level"].value == "Nhận biết"
    assert 0 < b["topic"].confidence <= 1 and all(0 <= c <= 1 for _, c in b["topic"].alternatives)
