"""Last pass: settle each draft's type and answer (key > worked solution > answer line > formatting)."""

from __future__ import annotations

import re
from typing import Any

from importers.base import DISAGREE, FORMATTING_ONLY, NO_OPTIONS, ImportResult
from importers.docx.keys import KeyEntry
from importers.docx.labels import choice_in_text, fold, letter_of, part_key, tf_marks, tf_value
from importers.docx.meta import tags_from_meta
from importers.docx.options import marked_correct, marked_letters, marked_true, strip_tick
from importers.docx.para import Para
from importers.docx.question import Draft, has_content, to_content
from importers.docx.segment import KeySource
from qbank.domain.enums import QuestionType, Status
from qbank.domain.question import Option, Question, SubPart
from qbank.domain.render import to_text

_SHORT_VALUE = re.compile(r"-?\d+(?:[.,]\d+)?(?:/\d+)?")
_PINNED = ("tat ca deu dung", "tat ca deu sai", "ca a, b", "ca a va b", "ca ba", "all of the above", "none of the above",
           "both a and b", "ca 3 dap an", "ca ba dap an", "khong co dap an")  # fmt: skip


def assign_keys(drafts: list[Draft], sources: list[KeySource], result: ImportResult) -> dict[int, list[KeyEntry]]:
    """Key entries per draft (by position in ``drafts``): by part name, else part by part in order."""
    out: dict[int, list[KeyEntry]] = {}
    parts = sorted({d.part for d in drafts})
    unnamed: list[KeyEntry] = []
    by_part: dict[str | None, list[int]] = {}  # part key -> draft positions, built once (keys may come one line each)
    for i, d in enumerate(drafts):
        by_part.setdefault(part_key(d.section), []).append(i)
    for src in sources:
        pool = by_part.get(part_key(src.part_name), []) if src.part_name else []
        if pool:
            _match(drafts, pool, src.entries, out, result)
        else:
            unnamed.extend(src.entries)
    if unnamed and parts:
        # Numbers that start again belong to the next part ("one table per part").
        # (number, statement) only grows inside one part: 1, 2, ... or 1a, 1b, ..., 2a.
        # A change of kind (letters, then statements Đ/S, then values) also starts the next part's key:
        # "Câu | 1" over "Đáp án | D", then "Câu | 1a | 1b ..." over "Đ | S ...".
        runs: list[list[KeyEntry]] = [[]]
        last: tuple[int, str] = (0, "")
        last_kind = ""
        for e in unnamed:
            here = (e.number, e.sub or "")
            kind = _entry_kind(e)
            if (here <= last or (last_kind and kind != last_kind)) and runs[-1] and len(parts) > 1:
                runs.append([])
            last, last_kind = here, kind
            runs[-1].append(e)
        for k, run in enumerate(runs):
            part = parts[min(k, len(parts) - 1)]
            pool = [i for i, d in enumerate(drafts) if d.part == part]
            _match(drafts, pool, run, out, result)
    return out


def _entry_kind(e: KeyEntry) -> str:
    """"letter", "tf" or "value": what kind of question a key entry answers."""
    if e.sub is not None or tf_marks(e.value):
        return "tf"
    return "letter" if letter_of(e.value) else "value"


def _match(drafts: list[Draft], pool: list[int], entries: list[KeyEntry], out: dict[int, list[KeyEntry]],
           result: ImportResult) -> None:  # fmt: skip
    by_number: dict[int, int] = {}
    for i in pool:
        n = drafts[i].number
        if n is not None and n not in by_number:
            by_number[n] = i
    everywhere: dict[int | None, list[int]] | None = None
    for e in entries:
        i = by_number.get(e.number)
        if i is None:
            # Parts that number on (I: 1-2, II: 3-10) share one key: any question with that number
            # that no key has reached yet.
            if everywhere is None:
                everywhere = {}
                for k, d in enumerate(drafts):
                    everywhere.setdefault(d.number, []).append(k)
            free = [k for k in everywhere.get(e.number, []) if k not in out]
            i = free[0] if len(free) == 1 else None
        if i is None:
            result.warn(e.where or "answer key", f"the answer key has question {e.number}, which is not in the paper")
            continue
        out.setdefault(i, []).append(e)


def build_question(d: Draft, keys: list[KeyEntry], meta: dict[str, Any], result: ImportResult, qindex: int) -> Question:
    key_plain = next((e.value for e in keys if e.sub is None), None) or d.column_answer
    key_tf = {e.sub: tf_value(e.value) for e in keys if e.sub is not None}
    qtype = _decide_type(d, key_plain, key_tf)
    tags = tags_from_meta(meta)
    tags.level = d.level
    tags.topic = d.topic
    q = Question(type=qtype, stem=to_content(d.stem), number=d.number, section=d.section, group=d.group,
                 points=d.points, tags=tags, status=Status.DRAFT, source_ref=d.where)  # fmt: skip
    where = f"question {d.number}" if d.number is not None else d.where
    if has_content(d.solution):
        q.solution = to_content(d.solution)
    q.guide = d.guide
    if qtype == QuestionType.MCQ:
        _mcq(q, d, key_plain, result, where, qindex)
    elif qtype == QuestionType.TRUE_FALSE:
        _true_false(q, d, key_tf, key_plain, result, where, qindex)
    elif qtype == QuestionType.SHORT_ANSWER:
        q.answer = key_plain or d.answer_line or d.solution_answer
        if q.answer is None:
            result.warn(where, "no answer found for this short-answer question", qindex)
        for s in d.subparts:
            q.subparts.append(SubPart(s.label, to_content(s.items), s.points))
    else:
        for s in d.subparts:
            q.subparts.append(SubPart(s.label, to_content(s.items), s.points))
    return q


def _decide_type(d: Draft, key_plain: str | None, key_tf: dict[str | None, str | None]) -> QuestionType:
    if d.options and d.section_kind == "essay" and not key_plain:
        d.fold_options()  # "A. Chứng minh ..." in a TỰ LUẬN part: steps of an essay, never options
    if len(d.options) >= 2:
        return QuestionType.MCQ
    if len(d.options) == 1 and d.options[0].label == "A" and not d.answer_line:
        # "A. 0,22" alone under a short-answer question: the mixing apps' way to write its answer.
        value = to_text(to_content(d.options[0].paras)).strip()
        if value and (d.section_kind == "short_answer" or _SHORT_VALUE.fullmatch(value)):
            d.answer_line = value
            d.options = []
            if d.section_kind != "short_answer" and not d.subparts:
                return QuestionType.SHORT_ANSWER
    answer = key_plain or d.answer_line or d.solution_answer
    if (2 <= len(d.subparts) <= 8 and d.section_kind not in ("true_false", "essay") and not d.points and answer
            and letter_of(answer.upper()) and not key_tf):  # fmt: skip
        # "a. ... b. ..." choices with a letter for the answer: an MCQ with lower-case labels.
        from importers.docx.options import OptDraft

        d.options = [OptDraft(s.label.upper(), list(s.items)) for s in d.subparts]
        d.subparts = []
        if d.answer_line:
            d.answer_line = d.answer_line.upper()
        return QuestionType.MCQ
    if d.subparts and (d.section_kind == "true_false" or key_tf or _tf_list(key_plain or d.answer_line)):
        return QuestionType.TRUE_FALSE
    if d.section_kind == "short_answer":
        return QuestionType.SHORT_ANSWER
    if d.section_kind in ("essay",) or d.subparts or d.guide:
        return QuestionType.ESSAY
    if key_plain and not letter_of(key_plain):
        return QuestionType.SHORT_ANSWER
    return QuestionType.ESSAY


def _tf_list(value: str | None) -> list[str] | None:
    return tf_marks(value)


def _mcq(q: Question, d: Draft, key: str | None, result: ImportResult, where: str, qindex: int) -> None:
    labels = [o.label for o in d.options]
    for o in d.options:
        strip_tick(o)
        content = to_content(o.paras)
        folded = fold(to_text(content)[:40])
        pinned = folded.startswith(_PINNED)
        q.options.append(Option(o.label, content, False, pinned))
    fmt_idx, how = marked_correct(d.options)
    fmt_letter = labels[fmt_idx] if fmt_idx is not None else None
    from_solution = letter_of(d.solution_answer) if d.solution_answer else None
    if from_solution is None:
        # "Lời giải: Chọn A.", "... Vậy chọn C.", "Đáp án đúng là: D" inside the solution text
        from_solution = next((c for c in (choice_in_text(i.text) for i in d.solution if isinstance(i, Para)) if c), None)
    sources = [
        ("the answer key", letter_of(key.upper()) if key else None),
        ("the worked solution", from_solution),
        ("the answer line", letter_of(d.answer_line) if d.answer_line else None),
        (f"the formatting ({how})", fmt_letter),
    ]
    found = [(name, v) for name, v in sources if v]
    if not found:
        result.warn(where, "no answer found (no key, answer line or marked option); imported as a draft", qindex)
        return
    name, answer = found[0]
    if name.startswith("the formatting"):
        result.doubt(qindex, FORMATTING_ONLY)
    for other, v in found[1:]:
        if v != answer:
            result.warn(where, f"{name} says {answer} but {other} marks {v}; {name} wins", qindex)
            result.doubt(qindex, DISAGREE)
            break
    if answer not in labels:
        result.warn(where, f"{name} gives {answer}, which is not one of the options {', '.join(labels)}", qindex)
        q.answer = answer
        return
    q.answer = answer
    for o in q.options:
        o.correct = o.label == answer


def _true_false(q: Question, d: Draft, key_tf: dict[str | None, str | None], key_plain: str | None,
                result: ImportResult, where: str, qindex: int) -> None:  # fmt: skip
    marks = _tf_list(key_plain) or _tf_list(d.answer_line) or []
    if not marks and not key_tf:
        # No key: true statements may be marked like right options (red, underlined, highlighted).
        lines = [[s.line] if s.line is not None else [i for i in s.items if isinstance(i, Para)] for s in d.subparts]
        firsts = [ln[0] for ln in lines if ln]
        flags = marked_letters(firsts) if len(firsts) == len(lines) else None  # type: ignore[arg-type]
        if flags is None:
            flags = marked_true(lines)  # type: ignore[arg-type]
        if flags is not None:
            marks = ["Đ" if f else "S" for f in flags]
            result.info(where, "true/false marks read from the formatting of the statements", qindex)
            result.doubt(qindex, FORMATTING_ONLY)
    answers: list[str] = []
    for i, s in enumerate(d.subparts):
        mark = key_tf.get(s.label) or (marks[i] if i < len(marks) else None)
        q.options.append(Option(s.label, to_content(s.items), mark == "Đ"))
        answers.append(mark or "")
    if all(answers):
        q.answer = answers
    else:
        q.answer = answers if any(answers) else None
        result.warn(where, "true/false statements without a complete key; imported as a draft", qindex)


def note_missing_options(result: ImportResult, kinds: list[str | None]) -> None:
    """In a paper of multiple-choice questions, a question read without options (outside an essay or
    short-answer part, with no points or parts of its own) probably lost them: say so."""
    qs = result.questions
    mcq = sum(1 for q in qs if q.type == QuestionType.MCQ)
    if mcq < max(2, len(qs) // 2):
        return
    for i, q in enumerate(qs):
        kind = kinds[i] if i < len(kinds) else None
        if q.type == QuestionType.ESSAY and not q.subparts and not q.points and not q.guide and kind is None:
            result.doubt(i, NO_OPTIONS)
        elif q.type == QuestionType.MCQ and len(q.options) < 4 <= _usual_options(qs):
            result.doubt(i, NO_OPTIONS)


def _usual_options(qs: list[Question]) -> int:
    counts = [len(q.options) for q in qs if q.type == QuestionType.MCQ]
    return max(set(counts), key=counts.count) if counts else 0
