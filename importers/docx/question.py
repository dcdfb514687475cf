"""One question being read: its label line, then stem, options, sub-parts, answer line and solution."""

from __future__ import annotations

from dataclasses import dataclass, field

from importers.docx.labels import (
    CHOOSE_ONE,
    LEVEL_TAG,
    NUMBERED_PART,
    OPTION_INLINE,
    OPTION_INLINE_LOWER,
    OPTION_LOOSE,
    OPTION_START,
    OPTION_START_LOWER,
    POINTS,
    SUBPART,
    QLabel,
    answer_value,
    level_name,
    parse_points,
    solution_marker,
    tf_marks,
)
from importers.docx.options import OptDraft, option_cells, split_options
from importers.docx.para import OBJ, Para, TableBlock
from qbank.domain.content import Content, Paragraph, Table, Text
from qbank.domain.question import GuideStep

Item = Para | TableBlock


@dataclass
class SubDraft:
    label: str
    items: list[Item] = field(default_factory=list)
    points: float | None = None
    line: Para | None = None  # the line as printed, label included (to undo the split)


@dataclass
class Draft:
    """A question as read from the file, before its type and answer are settled."""

    number: int | None
    where: str
    section: str | None = None
    section_kind: str | None = None
    part: int = 0
    group: str | None = None
    points: float | None = None
    level: str | None = None
    topic: str | None = None
    stem: list[Item] = field(default_factory=list)
    options: list[OptDraft] = field(default_factory=list)
    subparts: list[SubDraft] = field(default_factory=list)
    solution: list[Item] = field(default_factory=list)
    guide: list[GuideStep] = field(default_factory=list)
    answer_line: str | None = None  # "ANSWER: C" / "Đáp án: 0,54" under the question
    column_answer: str | None = None  # a bank table's answer column: a key, it wins over formatting
    solution_answer: str | None = None  # "Chọn B" in the worked solution
    state: str = "stem"  # stem | options | subparts | solution | unlabelled (options after "Select only one")
    loose: bool = False  # table banks: option labels may be glued to the text before them
    lower: bool = False  # options labelled "a." ... "d."

    # -- reading ----------------------------------------------------------------------------
    def start(self, para: Para, label: QLabel | None) -> None:
        """The label line: drop the label, read "(2,0 điểm)" and "[MỨC 1]", keep the rest as stem."""
        if label is not None:
            offset = label.end - (len(para.num.text) + 1 if para.num else 0)
            para = para.cut(max(0, offset))
            if label.points is not None:
                self.points = label.points
            if label.level is not None:
                self.level = label.level
        m = LEVEL_TAG.match(para.text)
        if m:
            self.level = level_name(m.group("n") or m.group("abbr"))
            para = para.cut(m.end())
        m = POINTS.search(para.text)
        if m and self.points is None:
            self.points = parse_points(m.group("pts"))
            para = remove_span(para, m.start(), m.end())
        if not self._inline_options(para):
            self.stem.append(para)

    def _inline_options(self, para: Para) -> bool:
        """"Câu 1. ... A. 3 B. 4 C. 5 D. 6" on one line (banks do this)."""
        pattern = OPTION_LOOSE if self.loose else OPTION_INLINE
        starts = [m for m in pattern.finditer(para.text) if m.group("letter") == "A"]
        for m in reversed(starts):
            got = split_options(para.cut(m.start()), "A", loose=self.loose)
            if got and len(got) >= (2 if self.loose else 3):
                head = para.cut(0, m.start())
                self.stem.append(head)
                self._add_options(got, para.cut(m.start()))
                return True
        return False

    def add_para(self, para: Para) -> None:
        if para.num is not None and para.num.fmt in ("upperLetter", "lowerLetter"):
            para = with_number(para)  # Word-numbered options "A." / statements "a)"
        text = para.text
        m0 = OPTION_START.match(text) if self.state in ("stem", "options", "subparts") else None
        if m0:
            old = _sep_of(self.options[0]) if self.options else None
            if m0.group("letter") == "A" and old is not None and old != _sep(m0.group(0)):
                # "A: Would you like tea?" / "B: ____" then "A. Yes, please.": the first were a dialogue
                self.fold_options()
            expected = chr(ord(self.options[-1].label) + 1) if self.options else "A"
            got = split_options(para, expected, loose=self.loose)
            if got:
                if self.subparts and not self.options:
                    self._fold_subparts()  # "a) ... b) ... Số phát biểu đúng là A. 1 B. 2": statements of a stem
                self._add_options(got, para)
                return
        if (self.state in ("stem", "options") and (self.lower or not self.options) and self.section_kind != "true_false"
                and OPTION_START_LOWER.match(text)):  # fmt: skip
            expected = chr(ord(self.options[-1].label) + 1) if self.options else "A"
            got = split_options(para, expected, lower=True)
            if got and (len(got) >= 2 or self.lower):  # "a. 1<tab>b. 2": two on a line are options, not parts
                self.lower = True
                self._add_options(got, para)
                return
        if self.state == "solution":
            val = answer_value(text)
            if val and self.solution_answer is None and len(text) < 40:
                self.solution_answer = val
            self.solution.append(para)
            return
        if self.subparts and not self.options and len(self.subparts) >= 2 and len(text) < 120:
            marks = tf_marks(text)
            if marks and len(marks) == len(self.subparts):
                self.answer_line = text.strip()  # "a) Đúng b) Sai c) Sai d) Đúng" under the statements
                return
        end = solution_marker(text)
        if end is not None:
            self.state = "solution"
            rest = para.cut(end)
            if not rest.is_blank():
                self.solution.append(rest)
            return
        val = answer_value(text)
        if val and len(text) < 60:
            if text.lstrip().lower().startswith(("chọn", "chon")):
                if self.options:  # "Chọn B" right under the options: a worked answer without "Lời giải"
                    self.solution_answer = self.solution_answer or val
                    self.state = "solution"
                    self.solution.append(para)
                    return
            else:
                self.answer_line = val
                return
        if not self.options and not self.subparts and self.stem and CHOOSE_ONE.match(text):
            self.state = "unlabelled"  # "Select only one": the next short lines are options A, B, C...
            return
        if self.state == "unlabelled" and not para.is_blank():
            if len(self.options) < 8 and len(text) < 300:
                label = chr(ord("A") + len(self.options))
                self.options.append(OptDraft(label, [para], False, None))
                return
            self.state = "options"
        expected = chr(ord(self.options[-1].label) + 1) if self.options else "A"
        if self.state in ("stem", "options"):
            got = split_options(para, expected, loose=self.loose)
            if got:
                self._add_options(got, para)
                return
        if not self.options:
            m2 = SUBPART.match(text) or NUMBERED_PART.match(text)
            if m2:
                letter = m2.group("letter") or m2.groupdict().get("letter2")
                if self.subparts:
                    want = _next_label(self.subparts[-1].label)
                else:
                    want = "a" if letter.isalpha() else ("1" if "." not in letter else letter.split(".")[0] + ".1")
                # Numbered parts ("1) ...") only open an essay's parts when nothing else numbers them.
                if letter == want and (letter.isalpha() or not self.loose):
                    pieces = [(letter, m2.end(), len(text))]
                    if letter.isalpha():
                        # "a) ...<tab>b) ..." two statements to a line
                        nxt = chr(ord(letter) + 1)
                        for mm in OPTION_INLINE_LOWER.finditer(text, m2.end()):
                            if mm.group("letter") == nxt:
                                pieces[-1] = (pieces[-1][0], pieces[-1][1], mm.start())
                                pieces.append((nxt, mm.end(), len(text)))
                                nxt = chr(ord(nxt) + 1)
                    for lab, start, end in pieces:
                        body = para.cut(start, end)
                        body = body.cut(0, len(body.text.rstrip(" \t")))
                        pts = None
                        pm = POINTS.search(body.text)
                        if pm:
                            pts = parse_points(pm.group("pts"))
                            body = remove_span(body, pm.start(), pm.end())
                        self.subparts.append(SubDraft(lab, [body], pts, para))
                    self.state = "subparts"
                    return
        self._append(para)

    def add_table(self, tbl: TableBlock) -> None:
        if self.state in ("stem", "options"):
            expected = chr(ord(self.options[-1].label) + 1) if self.options else "A"
            cells = [cell.paras() for row in tbl.rows for cell in row]
            got = option_cells(cells, expected)
            if got:
                for letter, star, label_para, body in got:
                    self.options.append(OptDraft(letter, list(body), star, label_para))
                self.state = "options"
                return
        self._append(tbl)

    def _append(self, item: Item) -> None:
        if self.state == "solution":
            self.solution.append(item)
        elif self.state == "subparts" and self.subparts:
            self.subparts[-1].items.append(item)
        elif self.state == "options" and self.options:
            self.options[-1].paras.append(item)
        else:
            self.stem.append(item)

    def _fold_subparts(self) -> None:
        """Put lines read as sub-parts back into the stem, as printed (a line holding two parts once)."""
        last_line: Para | None = None
        for sp in self.subparts:
            line = sp.line if sp.line is not None else sp.items[0]
            if line is not last_line:
                self.stem.append(line)
            last_line = line if isinstance(line, Para) else None
            self.stem.extend(sp.items[1:])
        self.subparts = []

    def _add_options(self, got: list[tuple[str, bool, Para, Para]], line: Para | None = None) -> None:
        for letter, star, label_para, body in got:
            self.options.append(OptDraft(letter, [body], star, label_para, line=line))
        self.state = "options"

    def fold_options(self) -> None:
        """Put lines read as options back into the stem, as printed (a line holding two options once)."""
        last: Para | None = None
        for o in self.options:
            first, rest = (o.line, o.paras[1:]) if o.line is not None else (None, o.paras)
            if first is not None and first is not last:
                self.stem.append(first)
            last = first
            self.stem.extend(rest)
        self.options = []
        self.state = "stem"


def _sep(label: str) -> str:
    """The punctuation of an option label: "." for "A. ", ":" for "A: ", "]" for "[A]"."""
    label = label.strip().lstrip("*([").strip()
    return label[-1:] if len(label) > 1 else ""


def _sep_of(opt: OptDraft) -> str | None:
    return _sep(opt.label_para.text) if opt.label_para is not None else None


def _next_label(last: str) -> str:
    """The sub-part label after ``last``: "b" after "a", "3" after "2", "1.2" after "1.1"."""
    if "." in last:
        head, _, tail = last.rpartition(".")
        return f"{head}.{int(tail) + 1}"
    return str(int(last) + 1) if last.isdigit() else chr(ord(last) + 1)


def with_number(para: Para) -> Para:
    """The paragraph with its Word auto-number written in as text ("A. " + content)."""
    label = Text(para.num.text + " ") if para.num else Text("")
    return Para([label, *para.inlines], [None, *para.fmts], label.text + para.text, para.where, None, para.style,
                para.align)  # fmt: skip


def remove_span(para: Para, start: int, end: int) -> Para:
    """The paragraph without the text between two offsets."""
    a, b = para.cut(0, start), para.cut(end)
    return Para(a.inlines + b.inlines, a.fmts + b.fmts, a.text + b.text, para.where, None, para.style, para.align)


def to_content(items: list[Item]) -> Content:
    """Rich content from paragraphs and tables; blank paragraphs are dropped, edges trimmed."""
    blocks: list[Paragraph | Table] = []
    for item in items:
        if isinstance(item, Para):
            if not item.text.strip(" \t\n\u00a0"):
                continue
            blocks.append(Paragraph(_strip_edges(list(item.inlines)), item.align))
        else:
            rows = [[to_content(list(cell.items)) for cell in row] for row in item.rows]
            blocks.append(Table(rows))
    return Content(blocks)


def _strip_edges(inlines: list) -> list:
    while inlines and isinstance(inlines[0], Text) and not inlines[0].text.strip():
        inlines.pop(0)
    while inlines and isinstance(inlines[-1], Text) and not inlines[-1].text.strip():
        inlines.pop()
    if inlines and isinstance(inlines[0], Text) and inlines[0].text != inlines[0].text.lstrip():
        t = inlines[0]
        inlines[0] = Text(t.text.lstrip(), t.bold, t.italic, t.underline, t.color, t.highlight, t.vert)
    if inlines and isinstance(inlines[-1], Text) and inlines[-1].text != inlines[-1].text.rstrip():
        t = inlines[-1]
        inlines[-1] = Text(t.text.rstrip(), t.bold, t.italic, t.underline, t.color, t.highlight, t.vert)
    return inlines


def has_content(items: list[Item]) -> bool:
    return any(isinstance(i, TableBlock) or i.text.strip() or OBJ in i.text for i in items)
