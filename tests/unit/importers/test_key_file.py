"""A paper's answer key in a file of its own (.docx or .xlsx), matched by printed number, part and mã đề."""

from __future__ import annotations

import io

import openpyxl
import pytest
from docx_builder import build, mcq, p, r, tbl

from qbank.domain.errors import QBankError
from qbank.services.imports import read_upload

OPTS = ("1", "2", "3", "4")


def paper(*body: str) -> bytes:
    return build(*body)


def four(n: int) -> list[str]:
    return mcq(n, f"câu {n}", *OPTS)


def read(paper_bytes: bytes, key_name: str, key_bytes: bytes):  # noqa: ANN201 - ImportResult
    return read_upload("de.docx", paper_bytes, isolated=False, key=(key_name, key_bytes))


def xlsx(rows: list[list[object]]) -> bytes:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_key_in_a_word_file_gives_the_papers_answers_by_number() -> None:
    res = read(paper(*four(1), *four(2), *four(3)), "dap_an.docx", build(p("ĐÁP ÁN"), p("3-A 1-C 2-D")))
    assert [q.answer for q in res.questions] == ["C", "D", "A"]
    assert [o.correct for o in res.questions[0].options] == [False, False, True, False]
    assert res.meta["answer_file"] == "dap_an.docx"


def test_a_key_in_an_excel_file_of_number_and_answer_columns() -> None:
    res = read(paper(*four(1), *four(2)), "dap_an.xlsx", xlsx([["Câu", "Đáp án"], [1, "B"], [2, "A"]]))
    assert [q.answer for q in res.questions] == ["B", "A"]


def test_the_key_wins_over_the_papers_formatting_with_a_message() -> None:
    res = read(paper(*mcq(1, "x", *OPTS, correct=0)), "dap_an.docx", build(p("1-B"), p("2-C")))
    assert res.questions[0].answer == "B"
    assert any("the key wins" in m.text for m in res.messages)


def test_every_question_the_key_leaves_out_or_gives_twice_gets_a_message() -> None:
    res = read(paper(*four(1), *four(2), *four(3)), "dap_an.docx", build(p("1-A 1-B 3-C 7-D")))
    texts = [m.text for m in res.messages]
    assert "the answer key does not cover question 2" in texts
    assert any("gives question 1 twice (A, then B)" in t for t in texts)
    assert any("question 7, which is not in the paper" in t for t in texts)
    assert [q.answer for q in res.questions] == ["A", None, "C"]


def test_a_key_with_one_column_per_ma_de_gives_the_papers_column() -> None:
    key = build(p("ĐÁP ÁN CÁC MÃ ĐỀ"), tbl(["Câu", "101", "102"], ["1", "A", "B"], ["2", "C", "D"]))
    res = read(paper(p("Mã đề 102"), *four(1), *four(2)), "dap_an.docx", key)
    assert [q.answer for q in res.questions] == ["B", "D"]


def test_a_key_for_another_ma_de_is_refused() -> None:
    with pytest.raises(QBankError, match="mã đề 101, but the paper is mã đề 102"):
        read(paper(p("Mã đề 102"), *four(1), *four(2)), "dap_an.docx", build(p("Mã đề: 101"), p("1-A 2-B")))


def test_keys_per_part_in_the_key_file_go_to_that_parts_questions() -> None:
    body = [p("PHẦN I. Trắc nghiệm nhiều phương án."), *four(1), *four(2), p("PHẦN II. Câu trắc nghiệm đúng sai."),
            p("Câu 1. Cho f."), p("a) x."), p("b) y."), p("c) z."), p("d) t.")]  # fmt: skip
    key = build(p("PHẦN I"), p("1-B 2-C"), p("PHẦN II"), p("Câu 1: a) Đ, b) S, c) S, d) Đ"))
    res = read(paper(*body), "dap_an.docx", key)
    assert [q.answer for q in res.questions] == ["B", "C", ["Đ", "S", "S", "Đ"]]


def test_an_answer_file_without_a_key_is_refused_with_one_line() -> None:
    with pytest.raises(QBankError) as got:
        read(paper(*four(1)), "dap_an.docx", build(p(r("Ghi chú", b=True))))
    assert "no answer key was found" in str(got.value) and "\n" not in str(got.value)


def test_a_key_answer_clears_the_doubt_of_an_unanswered_question() -> None:
    res = read(paper(*four(1)), "dap_an.docx", build(p("1-D"), p("2-A")))
    assert res.to_json()["questions"][0]["doubts"] == [] and res.confidence(0) == 1.0
