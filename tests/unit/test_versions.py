"""Versions: seeded shuffles, options that must stay put, groups kept together, keys that follow."""

from __future__ import annotations

import json

from qbank.domain.content import Content
from qbank.domain.enums import QuestionType
from qbank.domain.exam import ExamHeader, ExamItem, ExamPaper, PaperPart
from qbank.domain.question import Option, Question
from qbank.domain.render import to_text
from qbank.domain.versions import build_versions, stays_in_place


def opt(label: str, text: str, correct: bool = False, pinned: bool = False) -> Option:
    return Option(label, Content.from_text(text), correct, pinned)


def mcq(n: int, last: str | None = None, pinned_first: bool = False, group: str | None = None) -> Question:
    texts = [f"đáp án {n}-{k}" for k in range(4)]
    if last:
        texts[3] = last
    opts = [opt("ABCD"[k], t, correct=(k == n % 4)) for k, t in enumerate(texts)]
    if pinned_first:
        opts[0].pinned = True
    return Question(QuestionType.MCQ, Content.from_text(f"Câu hỏi {n}"), opts, group=group)


def tf(n: int) -> Question:
    truth = [True, False, True, True]
    return Question(
        QuestionType.TRUE_FALSE, Content.from_text(f"Đúng sai {n}"),
        [opt("abcd"[k], f"ý {n}{'abcd'[k]}", t) for k, t in enumerate(truth)],
    )


def paper() -> ExamPaper:
    items = [ExamItem(f"m{i}", mcq(i)) for i in range(8)]
    items.append(ExamItem("all", mcq(8, last="Tất cả các đáp án trên")))
    items.append(ExamItem("pin", mcq(9, pinned_first=True)))
    items.append(ExamItem("ref", mcq(10, last="Cả A và B đều đúng")))
    items += [ExamItem(f"g{i}", mcq(20 + i, group="passage")) for i in range(3)]
    part2 = [ExamItem(f"t{i}", tf(i)) for i in range(4)]
    sa = Question(QuestionType.SHORT_ANSWER, Content.from_text("Tính"), answer="-1,5")
    return ExamPaper(
        ExamHeader(subject="Toán"),
        [
            PaperPart("I", "PHẦN I", type=QuestionType.MCQ, items=items),
            PaperPart("II", "PHẦN II", type=QuestionType.TRUE_FALSE, items=part2),
            PaperPart("III", "PHẦN III", type=QuestionType.SHORT_ANSWER, items=[ExamItem("s", sa)]),
        ],
    )


def test_codes_and_determinism() -> None:
    a = build_versions(paper(), 4, seed=11)
    b = build_versions(paper(), 4, seed=11)
    assert [v.code for v in a] == ["101", "102", "103", "104"]
    assert [v.to_json() for v in a] == [v.to_json() for v in b]
    assert json.dumps([v.to_json() for v in a], ensure_ascii=False)  # serialisable
    assert [v.to_json() for v in build_versions(paper(), 4, seed=12)] != [v.to_json() for v in a]
    # Adding a version does not change the earlier ones.
    assert [v.to_json() for v in build_versions(paper(), 5, seed=11)[:4]] == [v.to_json() for v in a]


def test_questions_shuffled_within_parts_only() -> None:
    p = paper()
    versions = build_versions(p, 6, seed=1)
    orders = {tuple(i.id for i in v.layout["I"]) for v in versions}
    assert len(orders) > 1
    for v in versions:
        assert sorted(i.id for i in v.layout["I"]) == sorted(it.id for it in p.parts[0].items)
        assert {i.id for i in v.layout["II"]} == {"t0", "t1", "t2", "t3"}


def test_passage_group_whole_and_contiguous() -> None:
    for v in build_versions(paper(), 10, seed=5):
        ids = [i.id for i in v.layout["I"]]
        start = ids.index("g0")
        assert ids[start : start + 3] == ["g0", "g1", "g2"]


def test_pinned_and_all_of_the_above_stay() -> None:
    p = paper()
    moved = False
    for v in build_versions(p, 10, seed=3):
        lay = {i.id: i.options for i in v.layout["I"]}
        assert lay["all"][3] == 3
        assert lay["pin"][0] == 0
        assert lay["ref"] == [0, 1, 2, 3]  # "Cả A và B" refers to letters: no shuffle at all
        assert sorted(lay["m0"]) == [0, 1, 2, 3]
        moved |= lay["m0"] != [0, 1, 2, 3]
    assert moved


def test_stays_in_place_detection() -> None:
    for text in ["Tất cả đều đúng", "Tất cả các đáp án trên", "Cả A và B", "All of the above", "None of the above",
                 "Both A and B", "Không có đáp án nào đúng", "Cả hai đáp án trên"]:
        assert stays_in_place(opt("D", text)), text
    for text in ["Đột biến gen", "x = 2", "Tất cả", "Hàm số đồng biến"]:
        assert not stays_in_place(opt("D", text)), text


def test_key_follows_the_shuffle() -> None:
    p = paper()
    items = p.items()
    for v in build_versions(p, 5, seed=9):
        key = {(k.part, k.number): k for k in v.key}
        for part in ("I", "II"):
            for number, il in enumerate(v.layout[part], start=1):
                q = items[il.id].question
                entry = key[(part, number)]
                assert entry.id == il.id
                shown = [q.options[i] for i in il.options]
                if q.type == QuestionType.MCQ:
                    right = next(k for k, o in enumerate(shown) if o.correct)
                    assert entry.answer == "ABCD"[right]
                    assert entry.points == 0.25
                else:
                    assert entry.answer == ["Đ" if o.correct else "S" for o in shown]
                    assert entry.answer_text() in {"ĐSĐĐ", "SĐĐĐ", "ĐĐSĐ", "ĐĐĐS"}
        assert key[("III", 1)].answer == "-1,5" and key[("III", 1)].points == 0.5


def test_true_false_statements_shuffled() -> None:
    texts = set()
    for v in build_versions(paper(), 6, seed=2):
        texts.add(tuple(v.layout["II"][0].options))
    assert len(texts) > 1


def test_original_version_is_unshuffled() -> None:
    p = paper()
    v = p.original_version()
    assert [i.id for i in v.layout["I"]][:2] == ["m0", "m1"]
    assert v.key[0].answer == "A" and to_text(p.parts[0].items[0].question.options[0].content) == "đáp án 0-0"


def test_versions_survive_json() -> None:
    from qbank.domain.exam import Version

    for v in build_versions(paper(), 2, seed=4):
        data = json.loads(json.dumps(v.to_json(), ensure_ascii=False))
        assert Version.from_json(data) == v


def test_pinned_true_false_statement_stays() -> None:
    p = paper()
    p.parts[1].items[0].question.options[2].pinned = True
    for v in build_versions(p, 8, seed=6):
        lay = {i.id: i.options for i in v.layout["II"]}
        assert lay["t0"][2] == 2


def test_custom_codes() -> None:
    import pytest

    assert [v.code for v in build_versions(paper(), 2, seed=1, codes=["132", "209"])] == ["132", "209"]
    with pytest.raises(ValueError, match="distinct"):
        build_versions(paper(), 2, seed=1, codes=["132", "132"])


def test_build_exam_paper_end_to_end() -> None:
    from pathlib import Path

    from qbank.demo.sample_exam import candidates_for, sample_bank
    from qbank.domain.blueprint import load_blueprint
    from qbank.domain.exam_build import build_exam_paper

    bank = sample_bank(3)
    bp = load_blueprint(Path(__file__).resolve().parents[2] / "qbank" / "demo" / "blueprint_toan12_2025.yaml")
    asked: list[object] = []

    def load(ids):  # noqa: ANN001, ANN202
        asked.extend(ids)
        return {i: bank[i] for i in ids}

    exam = build_exam_paper(bp, candidates_for(bank), load, seed=5, versions=3, name="toan")
    assert len(asked) == 22 and [v.code for v in exam.versions] == ["101", "102", "103"]
    assert abs(exam.total_points() - 10) < 1e-9
    again = build_exam_paper(bp, candidates_for(bank), load, seed=5, versions=3, name="toan")
    assert [v.to_json() for v in again.versions] == [v.to_json() for v in exam.versions]
