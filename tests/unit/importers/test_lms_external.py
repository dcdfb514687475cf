"""Files shaped like those Moodle, TAO and the IMS examples write (tests/fixtures/lms_external/README.md):
each imports with the right counts, and what the bank cannot hold is skipped or refused naming its type."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from importers import read_file
from qbank.domain.errors import RejectedFile
from qbank.domain.render import to_text

HERE = Path(__file__).resolve().parents[2] / "fixtures" / "lms_external"


def _warnings(result) -> list[str]:  # noqa: ANN001
    return [m.text for m in result.messages if m.level == "warning"]


def test_a_moodle_file_with_nested_categories_old_pictures_cloze_and_types_the_bank_lacks() -> None:
    r = read_file(HERE / "moodle_legacy_and_categories.xml")
    assert [q.type.value for q in r.questions] == ["mcq", "mcq", "true_false", "short_answer", "mcq", "essay"]
    assert [q.tags.topic for q in r.questions] == ["Dao động"] + ["Con lắc lò xo"] * 5
    assert r.questions[0].answer == "A"  # true/false → Đúng/Sai, true is right
    old = r.questions[1]
    assert old.answer == "B" and old.stem.count_images() == 1 and len(r.blobs) == 1  # the Moodle 1.9 picture field
    assert r.questions[2].answer == ["S", "Đ", "Đ", "S", "Đ"]  # 33.33333 credits are right, -50 wrong
    number, choice = r.questions[3], r.questions[4]  # a cloze with one gap maps; its TeX stays an equation
    assert number.answer == "2" and "_____" in to_text(number.stem) and number.stem.count_math() == 1
    assert choice.answer == "A" and [to_text(o.content) for o in choice.options] == ["điều hòa", "tắt dần", "cưỡng bức"]
    assert r.questions[5].guide == []  # an empty grader info is no marking guide
    skipped = _warnings(r)
    assert any("cloze" in w and "2 gaps" in w for w in skipped) and any("'ddwtos'" in w for w in skipped) and len(skipped) == 2


def test_a_gift_file_with_html_escapes_weights_and_a_matching_question() -> None:
    r = read_file(HERE / "gift_moodle_features.gift.txt")
    assert [q.type.value for q in r.questions] == ["mcq", "short_answer", "mcq", "short_answer", "short_answer",
                                                   "true_false", "essay", "mcq"]
    greeting, user, acronym = r.questions[:3]
    assert to_text(greeting.stem) == "Nghe đoạn sau: Đây là ngôn ngữ nào?" and greeting.answer == "B"  # \: and \= unescaped
    assert user.answer == "Moodler" and acronym.answer == "A"
    assert r.questions[3].answer == "9,8" and r.questions[5].answer == ["Đ", "Đ", "S"]
    assert {q.tags.topic for q in r.questions} == {"Di truyền"}
    assert [w for w in _warnings(r) if "matching" in w] == ["matching question 'Ghép đôi' has no equivalent in the bank; skipped"]


def test_a_tao_item_scored_by_a_mapping_inside_layout_divs() -> None:
    r = read_file(HERE / "qti22_tao_choice.xml")
    (q,) = r.questions
    assert to_text(q.stem) == "Đạo hàm của $x^{3}$ là"  # no blank left where the choices were, no feedback text
    assert [to_text(o.content) for o in q.options] == ["$x^{2}$", "$3x^{2}$", "$3x$"]
    assert q.answer == "B" and q.points == 1.0


def test_a_qti_item_of_a_type_the_bank_lacks_is_refused_naming_it() -> None:
    with pytest.raises(RejectedFile, match="matchInteraction"):
        read_file(HERE / "qti21_match.xml")


def test_a_qti3_item_whose_stimulus_is_elsewhere_is_read_and_says_so() -> None:
    r = read_file(HERE / "qti30_stimulus_item.xml")
    (q,) = r.questions
    assert q.type.value == "short_answer" and q.answer == "100" and "_____" in to_text(q.stem)
    assert q.group is None and any("stim-water" in w for w in _warnings(r))


def test_a_qti3_package_groups_the_items_of_a_shared_stimulus_and_skips_an_order_item() -> None:
    folder = HERE / "qti30_package"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for path in sorted(folder.rglob("*.xml")):
            zf.writestr(path.relative_to(folder).as_posix(), path.read_bytes())
    r = read_file("water.zip", buf.getvalue())
    assert [q.type.value for q in r.questions] == ["short_answer", "mcq"]
    assert r.questions[0].group == r.questions[1].group and len(r.passages) == 1
    assert to_text(r.passages[r.questions[0].group]).startswith("Nước tồn tại ở ba trạng thái")
    assert any("orderInteraction" in w for w in _warnings(r))
