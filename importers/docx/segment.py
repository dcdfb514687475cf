"""Second pass: cut the flat block list into questions, parts, passages, keys, guides and solutions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from importers.base import ImportResult
from importers.docx.keys import (
    ORIGINAL,
    GuideRow,
    KeyEntry,
    guide_from_table,
    is_key_table,
    key_from_line,
    key_from_table,
    keys_by_code,
)
from importers.docx.labels import (
    END_MARK,
    INSTRUCTION,
    KEY_SINGLE,
    OPTION_START,
    POINTS,
    SECTION_PHAN,
    TRAILING_POINTS,
    QLabel,
    answer_value,
    fold,
    is_boilerplate,
    letter_of,
    parse_points,
    part_key,
    passage_intro,
    question_label,
    section_heading,
    section_instruction,
    solution_marker,
    tf_marks,
    zone_heading,
)
from importers.docx.meta import read_meta
from importers.docx.para import Block, Para, TableBlock
from importers.docx.question import Draft, Item, to_content
from qbank.domain.question import GuideStep

_HEADER_WORDS = ("so giao duc", "so gd", "ky thi", "de thi", "de kiem tra", "kiem tra", "mon thi", "mon:", "nam hoc",
                 "truong thpt", "truong thcs", "bo giao duc", "de chinh thuc")  # fmt: skip
# The duration line of a header ("Thời gian làm bài: 45 phút", "Thời gian: 90 phút"), not any mention of thời gian.
_DURATION = re.compile(r"thoi gian(?: lam bai)?(?: thi)?\s*[:(]?\s*\d+\s*phut|thoi gian lam bai")


@dataclass
class KeySource:
    part_name: str | None
    entries: list[KeyEntry]
    kind: str  # "key" (answer-key table/list) | "solution" ("Chọn B" in a worked solution)
    code: str | None = None  # the mã đề the key is for, when the file keys several versions


@dataclass
class Segmenter:
    result: ImportResult
    drafts: list[Draft] = field(default_factory=list)
    header_lines: list[str] = field(default_factory=list)
    keys: list[KeySource] = field(default_factory=list)
    sections: list[str | None] = field(default_factory=list)
    zone: str = "paper"  # paper | key | guide | solutions
    section: str | None = None
    section_kind: str | None = None
    part: int = 0
    current: Draft | None = None
    seen_question: bool = False
    # passages
    group: str | None = None
    group_range: tuple[int, int] | None = None
    passage_items: list[Item] | None = None
    group_count: int = 0
    # after the paper
    ans_part: str | None = None
    entry: Draft | None = None  # a question restated in the solutions
    guide_target: Draft | None = None
    guide_sub: str | None = None
    last_ans_number: int = 0
    ans_part_index: int = 0
    label_kinds: set[str] = field(default_factory=set)
    paper_code: str | None = None  # the paper's mã đề when its key is read from a file of its own
    ans_code: str | None = None  # "Mã đề 101" heading the key lines and tables below it
    _stem_index: tuple[dict[str, list[Draft]], list[Draft]] | None = None
    _number_index: tuple[dict[int | None, list[Draft]], int, list[int]] | None = None

    # -- driver ---------------------------------------------------------------------------
    def run(self, blocks: list[Block]) -> list[Draft]:
        self.label_kinds = _label_kinds(blocks)
        self.sections = [None]
        for block in blocks:
            before = len(self.keys)
            try:
                if isinstance(block, Para):
                    self._para(block)
                else:
                    self._table(block)
            except Exception as exc:  # noqa: BLE001 - one unreadable block must not stop the import
                self.result.error(block.where, f"could not read this part of the file ({exc}); it was skipped")
            if self.ans_code is not None:
                for src in self.keys[before:]:
                    src.code = src.code or self.ans_code
        self._close()
        self._keep_this_papers_code()
        return self.drafts

    def _keep_this_papers_code(self) -> None:
        """Keys listed per mã đề ("Mã đề 101: 1A 2B ...", or under a "Mã đề 102" heading): keep this paper's."""
        codes = list(dict.fromkeys(s.code for s in self.keys if s.code))
        if not codes:
            return
        paper = self.paper_code or read_meta(self.header_lines).get("code")
        mine = next((c for c in codes if paper is not None and c.lstrip("0") == paper.lstrip("0")), None)
        if mine is None:
            known = f"this paper's mã đề {paper} is not one of them" if paper else "this paper's mã đề is not given"
            self.result.warn("answer key", f"the answer key is given per mã đề ({', '.join(codes)}) but {known}; "
                                           "those keys were not used")  # fmt: skip
        self.keys = [s for s in self.keys if s.code is None or s.code == mine]

    # -- paper ----------------------------------------------------------------------------
    def _para(self, para: Para) -> None:
        text = para.label_text.strip()
        if not text:
            if self.current is not None and "\ufffc" in para.text:
                self._to_current(para)
            elif self.passage_items is not None and "\ufffc" in para.text:
                self.passage_items.append(para)
            elif self.zone != "paper":
                self._answers_item(para)
            return
        cur = self.current
        if cur is not None and self.zone == "paper" and cur.state in ("stem", "options", "subparts") and para.num is None:
            # Fast path for the commonest line of a paper, the next option ("B. ...", "C. 3\tD. 4").
            m = OPTION_START.match(text)
            expected = chr(ord(cur.options[-1].label) + 1) if cur.options else "A"
            if m and m.group("letter") == expected and (expected != "A" or not section_heading(text)):
                cur.add_para(para)
                return
        if END_MARK.match(text):
            self._close()
            self.zone = "key" if self.zone == "paper" else self.zone
            return
        zone = zone_heading(text)
        if zone and (self.current is not None or self.entry is not None) and solution_marker(text) is not None and not text.isupper():
            zone = None  # "Lời giải" under a question opens its solution; "HƯỚNG DẪN GIẢI" opens a part of the file
        if zone:
            last = self.current
            self._close()
            self.zone = zone
            self.ans_part = None
            self.last_ans_number = 0
            if zone == "solutions" and last is not None:
                self.entry = last  # "LỜI GIẢI" right under a question: its solution, until the next label
            return
        if self.zone != "paper":
            self._answers_para(para, text)
            return
        sec = section_heading(text)
        if is_boilerplate(text) and not question_label(text) and not sec:
            if not self.seen_question:
                self.header_lines.append(text)
            return
        if sec and not (question_label(text) and not text.upper().startswith(("PHẦN", "PART"))):
            self._close()
            self._end_group()
            self.section, self.section_kind = sec
            self.part += 1
            self.sections.append(self.section)
            intro = passage_intro(text)
            if intro is not False:
                self._start_group(para, intro)
            return
        label = self._question_label(para, text)
        if label is not None:
            self._close()
            self._start_question(para, label)
            return
        intro = passage_intro(text)
        if intro is not False and (self.current is None or self.current.state != "stem" or self.current.options):
            self._close()
            self._start_group(para, intro)
            return
        if self.current is not None and (self.current.options and INSTRUCTION.match(text) or section_instruction(text)):
            self._close()  # "Mark the letter A, B, C, or D ..." opens the next block of questions
            return
        if self.current is not None and label is None and len(text) < 400 and _keyish(text):
            keys = key_from_line(text)
            if keys and len(keys) >= 4:
                self._close()  # a key written straight after the last question
                self.keys.append(KeySource(self.ans_part, keys, "key"))
                self.zone = "key"
                return
        if self.current is not None:
            self._to_current(para)
        elif self.passage_items is not None:
            self.passage_items.append(para)
        elif not self.seen_question:
            self.header_lines.append(text)
        else:
            keys = key_from_line(text)
            if keys:
                self.keys.append(KeySource(self.ans_part, keys, "key"))

    def _question_label(self, para: Para, text: str) -> QLabel | None:
        label = question_label(text)
        if label is None:
            return None
        if label.kind == "bare" and ({"word", "bracket"} & self.label_kinds):
            return None  # "1." inside a paper that labels its questions "Câu 1." is a list item
        if label.kind == "bare" and self.current is not None and self.current.state == "solution":
            return None
        return label

    def _to_current(self, item: Item) -> None:
        assert self.current is not None
        if isinstance(item, Para):
            self.current.add_para(item)
        else:
            self.current.add_table(item)

    def _table(self, tbl: TableBlock) -> None:
        if self.zone != "paper":
            self._answers_table(tbl)
            return
        if not self.seen_question and self.current is None and _looks_like_header(tbl):
            for row in tbl.rows:
                for cell in row:
                    self.header_lines.extend(p.label_text for p in cell.paras())
            return
        if self._code_key(tbl):
            self._close()
            self.zone = "key"
            return
        if is_key_table(tbl) and _letters_or_marks(tbl):
            self._close()
            self.keys.append(KeySource(self.ans_part, key_from_table(tbl) or [], "key"))
            self.zone = "key"
            return
        guide = guide_from_table(tbl)
        if guide:
            self._close()
            self.zone = "guide"
            self._guide_rows(guide)
            return
        from importers.docx.bank import read_bank  # a table of questions, one per row

        bank = read_bank(tbl, self.result)
        if bank is not None:
            self._close()
            for d in bank:
                d.section, d.section_kind, d.part = self.section, self.section_kind, self.part
                d.group = d.group or self.group
                self.drafts.append(d)
                self.seen_question = True
            return
        if self.current is not None:
            self._to_current(tbl)
        elif self.passage_items is not None:
            self.passage_items.append(tbl)
        elif _has_question_labels(tbl):
            # A layout table holding the paper itself: read its cells in order.
            for row in tbl.rows:
                for cell in row:
                    for item in cell.items:
                        if isinstance(item, Para):
                            self._para(item)
                        else:
                            self._table(item)
        elif not self.seen_question:
            for row in tbl.rows:
                for cell in row:
                    self.header_lines.extend(p.label_text for p in cell.paras())

    def _start_question(self, para: Para, label: QLabel) -> None:
        self.seen_question = True
        if self.passage_items is not None:
            self._store_passage()
        if self.group and self.group_range and label.number is not None:
            lo, hi = self.group_range
            if not lo <= label.number <= hi:
                self._end_group()
        d = Draft(label.number, para.where, self.section, self.section_kind, self.part, self.group)
        d.start(para, label)
        self.current = d

    def _close(self) -> None:
        if self.current is not None:
            self.drafts.append(self.current)
            self.current = None
        if self.passage_items is not None:
            self._store_passage()
        self.entry = None

    # -- passages --------------------------------------------------------------------------
    def _start_group(self, para: Para, intro: tuple[int, int] | bool) -> None:
        self.group_count += 1
        self.group = f"passage-{self.group_count}"
        self.group_range = intro if isinstance(intro, tuple) else None
        self.passage_items = [para]

    def _store_passage(self) -> None:
        only = self.passage_items[0] if self.passage_items is not None and len(self.passage_items) == 1 else None
        if isinstance(only, Para) and len(only.text) < 250:
            # "Read the following sentences and ...": an instruction with no passage groups nothing.
            self.group = None
            self.group_range = None
            self.group_count -= 1
        elif self.group and self.passage_items is not None:
            self.result.passages[self.group] = to_content(self.passage_items)
        self.passage_items = None

    def _end_group(self) -> None:
        if self.passage_items is not None:
            self._store_passage()
        self.group = None
        self.group_range = None

    # -- after the paper: keys, marking guides, worked solutions ------------------------------
    def _answers_para(self, para: Para, text: str) -> None:
        code = _KEY_CODE.match(text)
        if code:
            # "Mã đề 101" over its key, or "Mã đề 101: 1A 2B 3C" on one line.
            self.ans_code = code.group("c")
            rest = text[code.end() :].strip()
            keys = key_from_line(rest) if rest else None
            if keys:
                self.keys.append(KeySource(self.ans_part, keys, "key", self.ans_code))
            return
        if is_boilerplate(text) and not question_label(text):
            return
        sec = section_heading(text)
        if sec and not question_label(text):
            self.ans_part = sec[0]
            self.entry = None
            self.guide_target = None
            self.last_ans_number = 0
            m = SECTION_PHAN.match(text)
            rest = text[m.end() :].lstrip(" \t:.-–") if m else ""
            rest = re.sub(r"^[^\d:]{1,40}:\s*(?=\S)", "", rest)  # "PHẦN I. TRẮC NGHIỆM: 1A 2B ...": the title goes
            keys = key_from_line(rest) if rest else None
            if keys:  # "Phần I: 1-B, 2-A, ...", "PHẦN II: Câu 1: a) Đ, b) S ...": the part's key on its heading line
                self.keys.append(KeySource(self.ans_part, keys, "key"))
            return
        keys = key_from_line(text)
        label = question_label(text)
        if keys and (label is None or label.kind == "bare" or len({k.number for k in keys}) >= 2
                     or (keys[0].sub is not None and len(text) < 80)):  # fmt: skip
            # "1.B 2.C 3.A": a key, even though it starts like a bare question label
            self.keys.append(KeySource(self.ans_part, keys, "key"))
            return
        single = KEY_SINGLE.match(text) if self.zone == "key" else None
        if single:  # "1-A" / "1A" / "1) A" one to a line
            self.keys.append(KeySource(self.ans_part, [KeyEntry(int(single.group("n")), single.group("v").upper(), None,
                                                                 para.where)], "key"))  # fmt: skip
            return
        if (label is not None and label.kind == "bare" and self.zone == "key" and {"word", "bracket"} & self.label_kinds
                and label.number is not None and self.entry is None):  # fmt: skip
            # "7. I have learned English for five years.": the answer of an open question with a blank to fill
            # (a rewrite item "→ I have ……") in a key whose paper labels its questions "Question 7" / "Câu 7";
            # "1. C" for one with options.
            value = text[label.end :].strip()
            target = self._find(label.number, essay=True)
            if target is not None and (letter_of(value.rstrip(".")) if target.options
                                       else 0 < len(value) < 300 and _has_blank(target)):  # fmt: skip
                self.keys.append(KeySource(self.ans_part, [KeyEntry(label.number, value.rstrip(".") if target.options
                                                                     else value, None, para.where)], "key"))  # fmt: skip
                return
        if label is not None and label.kind != "bare" or (label is not None and not ({"word", "bracket"} & self.label_kinds)):
            assert label is not None
            target = self._find(label.number, essay=self.zone == "guide")
            if self.zone == "guide":
                self.guide_target = target
                self.guide_sub = None
                rest = para.cut(max(0, label.end - (len(para.num.text) + 1 if para.num else 0)))
                rest_text = rest.text.strip()
                if rest_text and not re.fullmatch(r"\(?[\d.,\s]*(điểm|đ)?\)?\.?", rest_text):
                    self._guide_step(rest)
                return
            rest = para.cut(max(0, label.end - (len(para.num.text) + 1 if para.num else 0)))
            value = rest.text.strip().rstrip(".")
            if label.number is not None and (letter_of(value) or tf_marks(value) or re.fullmatch(r"-?\d+(?:[.,]\d+)?", value)):
                # "Câu 1: B" / "Câu 2: ĐSĐĐ" / "Câu 3: 120" one per line: a key, not a restated question
                self.keys.append(KeySource(self.ans_part, [KeyEntry(label.number, value, None, para.where)], "key"))
                self.entry = None
                return
            # A question restated with its worked solution: attach, never import twice.
            target = self._same_question(target, rest.text)
            self.entry = target
            if target is None:
                # Not a restatement: papers that print "LỜI GIẢI" under each question go on with the next one.
                self.result.info(para.where, f"question {label.number} after the answers is not a restatement; read as a question")
                self.zone = "paper"
                self._para(para)
                return
            target.solution.append(rest)
            return
        self._answers_item(para)

    def _answers_item(self, item: Item) -> None:
        if self.zone == "guide" and self.guide_target is not None:
            if isinstance(item, Para):
                m = re.match(r"^\s*([a-h])\s*\)\s*", item.text)
                if m:
                    self.guide_sub = m.group(1)
                    item = item.cut(m.end())
                    if item.is_blank():
                        return
                self._guide_step(item)
            else:
                self.guide_target.guide.append(GuideStep(to_content([item]), None, self.guide_sub))
            return
        if self.entry is not None:
            if isinstance(item, Para):
                val = answer_value(item.text)
                if val and len(item.text) < 40 and self.entry.solution_answer is None:
                    self.entry.solution_answer = val
            self.entry.solution.append(item)

    def _guide_step(self, para: Para) -> None:
        assert self.guide_target is not None
        pts = None
        last = list(POINTS.finditer(para.text))[-1:]
        if last and not para.text[last[0].end() :].strip(" .…\t"):
            pts = parse_points(last[0].group("pts"))  # "... (0,5 điểm)" at the end of the step
            para = para.cut(0, _before_leaders(para.text, last[0].start()))
            self.guide_target.guide.append(GuideStep(to_content([para]), pts, self.guide_sub))
            return
        m = TRAILING_POINTS.search(para.text)
        if m and m.start() > 0:
            pts = float(m.group("pts").replace(",", "."))
            para = para.cut(0, _before_leaders(para.text, m.start()))
        self.guide_target.guide.append(GuideStep(to_content([para]), pts, self.guide_sub))

    def _code_key(self, tbl: TableBlock) -> bool:
        """A key with one column (or row) per mã đề: take this paper's (True when the table is one)."""
        by_code = keys_by_code(tbl)
        if by_code is None:
            return False
        code = self.paper_code or read_meta(self.header_lines).get("code")
        mine = next((c for c in by_code if code is not None and c.lstrip("0") == code.lstrip("0")), None)
        if mine is None and ORIGINAL in by_code:
            mine = ORIGINAL  # no code on the paper (or not in the key): the original paper's column
            self.result.info(tbl.where, "the answer key has one column per mã đề; the original paper's (Đề gốc) was used")
        if mine is not None:
            self.keys.append(KeySource(self.ans_part, by_code[mine], "key"))
        else:
            known = f"this paper's mã đề {code} is not one of them" if code else "this paper's mã đề is not given"
            self.result.warn(tbl.where, f"the answer key has one column per mã đề ({', '.join(by_code)}) but {known}; "
                                        "the key was not used")  # fmt: skip
        return True

    def _answers_table(self, tbl: TableBlock) -> None:
        if _looks_like_header(tbl) and not _has_question_labels(tbl):
            return
        if self._code_key(tbl):
            return
        if is_key_table(tbl):
            self.keys.append(KeySource(self.ans_part, key_from_table(tbl) or [], "key"))
            return
        guide = guide_from_table(tbl, headerless=True)
        if guide:
            self._guide_rows(guide)
            return
        self._answers_item(tbl)

    def _guide_rows(self, rows: list[GuideRow]) -> None:
        target: Draft | None = None
        sub: str | None = None
        for row in rows:
            if row.part is not None:
                self.ans_part = row.part  # "I | | ĐỌC HIỂU | 4,0": the numbers below are part I's
                self.last_ans_number = 0
                target = None
                if row.number is None:
                    continue  # the part's own row: its title and total, not a step
            if row.number is not None:
                target = self._find(row.number, essay=True)
                sub = None
                if target is None:
                    self.result.warn(row.where, f"marking guide for question {row.number}, which is not in the paper")
            if target is None or not row.content:
                continue
            content = list(row.content)
            first = content[0]
            if row.subpart is None and isinstance(first, Para):
                m = re.match(r"^\s*([a-h])\s*\)\s*", first.text)
                if m:  # "a) Ta có ..." opens sub-part a; the rows after it belong to a too
                    sub = m.group(1)
                    content[0] = first.cut(m.end())
            elif row.subpart is not None:
                sub = row.subpart
            target.guide.append(GuideStep(to_content(content), row.points, sub))

    def _same_question(self, by_number: Draft | None, text: str) -> Draft | None:
        """The question a restated stem repeats: by number when the stems agree, else by its stem.

        Solutions sections sometimes number on from the paper (Câu 51 for Câu 1) or skip questions.
        """
        key = _stem_key(text)
        if not key:
            return by_number
        if by_number is not None and _stem_key_of(by_number) == key:
            return by_number
        if self._stem_index is None or len(self._stem_index[1]) != len(self.drafts):
            index: dict[str, list[Draft]] = {}
            for d in self.drafts:  # built once per paper, not once per restated question
                index.setdefault(_stem_key_of(d), []).append(d)
            self._stem_index = (index, list(self.drafts))
        same = self._stem_index[0].get(key, [])
        if len(same) == 1:
            return same[0]
        return by_number

    def _find(self, number: int | None, essay: bool = False) -> Draft | None:
        """The paper's question with this number, in the part the answers are about.

        ``essay``: a marking guide is looked up among the questions without options first.
        """
        if number is None:
            return None
        if self._number_index is None or self._number_index[1] != len(self.drafts):
            index: dict[int | None, list[Draft]] = {}
            for d in self.drafts:  # rebuilt only when the paper grew: keys and guides look numbers up one by one
                index.setdefault(d.number, []).append(d)
            self._number_index = (index, len(self.drafts), sorted({d.part for d in self.drafts}))
        same_number = self._number_index[0].get(number, [])
        if essay and self.ans_part is None:
            open_qs = [d for d in same_number if not d.options]
            if len(open_qs) == 1:
                return open_qs[0]
        if self.ans_part is None and number <= self.last_ans_number and len(self.sections) > 2:
            self.ans_part_index += 1  # numbering restarted: the next part's answers
        self.last_ans_number = number
        candidates = list(same_number)
        if self.ans_part is not None:
            named = [d for d in candidates if part_key(d.section) == part_key(self.ans_part)]
            candidates = named or candidates
        elif len(self.sections) > 2:
            parts = self._number_index[2]
            if self.ans_part_index < len(parts):
                candidates = [d for d in candidates if d.part == parts[self.ans_part_index]] or candidates
        return candidates[0] if candidates else None


_BLANK = re.compile(r"…|_{3,}|\.{4,}|→|=>")
_KEY_CODE = re.compile(r"^\s*(?:m[ãa]\s*đ[ềe](?:\s*thi)?|m[ãa]|đ[ềe])\s*[:.]?\s*(?P<c>\d{3,4})\b\s*[:.\-–)]?\s*", re.I)


def _has_blank(d: Draft) -> bool:
    """A stem with a blank to fill or an arrow to go on from: "→ I have ……", "She ____ there"."""
    return not d.subparts and not d.points and any(isinstance(i, Para) and _BLANK.search(i.text) for i in d.stem)


def _stem_key(text: str) -> str:
    """A question's first words, folded, to recognise it when it is restated."""
    return re.sub(r"[\W_]+", "", fold(text[:120]))[:40]


def _stem_key_of(d: Draft) -> str:
    first = next((i for i in d.stem if isinstance(i, Para) and i.text.strip()), None)
    return _stem_key(first.text) if first is not None else ""


def _keyish(text: str) -> bool:
    """Cheap test before parsing a line as an answer key ("1-A 2-B", "Đáp án: 1B", "Câu 1: ĐSĐĐ")."""
    first = text[:1]
    return first.isdigit() or (first in "ĐđAaCcKk" and not OPTION_START.match(text))


def _before_leaders(text: str, end: int) -> int:
    """Where a step's text ends before the dot leaders ("Ta có a = 1 ........ 0,5"); one full stop stays."""
    m = re.search(r"[\s.…]*$", text[:end])
    tail = m.group(0) if m else ""
    if tail.count(".") + 3 * tail.count("…") >= 2:
        return end - len(tail)
    return len(text[:end].rstrip())


def _label_kinds(blocks: list[Block]) -> set[str]:
    """Which label styles the paper uses for its questions (so a "1." list item is not a question)."""
    counts: dict[str, int] = {}
    for b in blocks:
        if isinstance(b, Para):
            text = b.label_text.strip()
            if END_MARK.match(text) or zone_heading(text):
                break  # only the paper itself counts: solutions may label "Câu 1" what the paper numbers "1."
            lab = question_label(text)
            if lab is not None:
                counts[lab.kind] = counts.get(lab.kind, 0) + 1
    return {k for k, n in counts.items() if n >= 2 or k == "word"}


def _looks_like_header(tbl: TableBlock) -> bool:
    text = fold(" ".join(p.label_text for row in tbl.rows for cell in row for p in cell.paras()))
    if len(text) >= 1500 or not (any(w in text for w in _HEADER_WORDS) or _DURATION.search(text)):
        return False
    # A table whose rows open with "Câu 1", "Câu 2" holds the paper itself, whatever words its questions use.
    labelled = sum(1 for row in tbl.rows if row and question_label(row[0].text) is not None)
    return labelled < 2


def _has_question_labels(tbl: TableBlock) -> bool:
    for row in tbl.rows:
        for cell in row:
            for p in cell.paras():
                lab = question_label(p.label_text.strip())
                if lab is not None and lab.kind in ("word", "bracket"):
                    return True
    return False


def _letters_or_marks(tbl: TableBlock) -> bool:
    entries = key_from_table(tbl) or []
    return bool(entries) and all(re.fullmatch(r"[A-HĐS]|Đúng|Sai|[ĐS](?:\s*[-,;]?\s*[ĐS]){1,5}", e.value.strip(), re.I) for e in entries)
