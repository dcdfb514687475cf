"""Read a blueprint (ma trận đề) from an Excel sheet in the usual layout: topics down, levels across.

The layout this reads, tolerantly:

    | TT | Chủ đề      |   Nhận biết   |  Thông hiểu   | ... | Tổng |
    |    |             | Số câu | Điểm | Số câu | Điểm | ... |      |
    | 1  | Hàm số      |   3    | 0,75 |   2    |  0,5 | ... |      |
    |    | Tổng        | ...                                        |   <- stops here

Each level heading may be split into "Số câu"/"Điểm" sub-columns, into "TN"/"TL" (or "Đ/S",
"TLN") sub-columns, or both on two header rows. Merged heading cells are spread over the columns
they cover. Each objective question is worth ``points_per_type`` for its type (a "Điểm" column is
checked against it by ``Blueprint.validate``); an essay cell's points are divided among its questions.
Errors name the sheet cell ("Ma trận!D7").
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from qbank.domain.blueprint_model import Blueprint, Cell, Part, _roman, parse_level, parse_type
from qbank.domain.enums import Level, QuestionType
from qbank.domain.errors import ValidationError
from qbank.domain.text import clean, fold, parse_decimal

_TOPIC_HEAD = re.compile(r"chu de|noi dung|chuong|don vi kien thuc|mach kien thuc|bai hoc|topic")
_STOP_ROW = re.compile(r"^(tong|ti le|ty le|tong cong|tong so|cong)\b")
_COUNT_HEAD = re.compile(r"so cau|so luong|\bsl\b|^cau$|count")
_POINTS_HEAD = re.compile(r"diem|\bd\b|points|so diem")

DEFAULT_POINTS: dict[QuestionType, float] = {
    QuestionType.MCQ: 0.25,
    QuestionType.TRUE_FALSE: 1.0,
    QuestionType.SHORT_ANSWER: 0.5,
    QuestionType.ESSAY: 1.0,
}
_PART_TITLES = {
    QuestionType.MCQ: "Câu trắc nghiệm nhiều phương án lựa chọn. Mỗi câu hỏi thí sinh chỉ chọn một phương án.",
    QuestionType.TRUE_FALSE: "Câu trắc nghiệm đúng sai. Trong mỗi ý a), b), c), d) ở mỗi câu, thí sinh chọn đúng hoặc sai.",
    QuestionType.SHORT_ANSWER: "Câu trắc nghiệm trả lời ngắn.",
    QuestionType.ESSAY: "Tự luận.",
}


def load_blueprint_xlsx(
    source: str | Path | bytes,
    *,
    sheet: str | None = None,
    subject: str | None = None,
    grade: int | None = None,
    duration_minutes: int | None = None,
    total_points: float = 10.0,
    default_type: QuestionType = QuestionType.MCQ,
    points_per_type: dict[QuestionType, float] | None = None,
    header_search_rows: int = 20,
) -> Blueprint:
    """Read the ma trận on ``sheet`` (default: the first sheet that has level headings)."""
    from openpyxl import load_workbook

    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # noqa: BLE001 - any openpyxl failure means the file is unreadable
        raise ValidationError("not a readable .xlsx file (%(__name__)s: %(exc)s)", where="blueprint", __name__=exc.__class__.__name__, exc=exc) from exc
    names = [sheet] if sheet else wb.sheetnames
    if sheet and sheet not in wb.sheetnames:
        raise ValidationError("no sheet named %(sheet)r (sheets: %(value)s)", where="blueprint", sheet=sheet, value=', '.join(wb.sheetnames))
    last_error: ValidationError | None = None
    for name in names:
        try:
            grid = _grid(wb[name])
            return _read_grid(
                grid,
                name,
                subject=subject,
                grade=grade,
                duration_minutes=duration_minutes,
                total_points=total_points,
                default_type=default_type,
                points=points_per_type or DEFAULT_POINTS,
                search_rows=header_search_rows,
            )
        except ValidationError as exc:
            last_error = exc
    assert last_error is not None
    raise last_error


def _grid(ws: Any) -> list[list[Any]]:
    """Cell values with every merged range filled with its top-left value."""
    grid = [[c.value for c in row] for row in ws.iter_rows()]
    for rng in ws.merged_cells.ranges:
        value = ws.cell(rng.min_row, rng.min_col).value
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if r - 1 < len(grid) and c - 1 < len(grid[r - 1]):
                    grid[r - 1][c - 1] = value
    return grid


def _ref(sheet: str, row: int, col: int) -> str:
    return f"{sheet}!{get_column_letter(col + 1)}{row + 1}"


def _read_grid(
    grid: list[list[Any]],
    sheet: str,
    *,
    subject: str | None,
    grade: int | None,
    duration_minutes: int | None,
    total_points: float,
    default_type: QuestionType,
    points: dict[QuestionType, float],
    search_rows: int,
) -> Blueprint:
    # 1. The level row: the first row naming at least two levels.
    level_row = -1
    for r, row in enumerate(grid[:search_rows]):
        levels = {parse_level(v) for v in row if isinstance(v, str) and len(v) < 40}
        if len(levels - {None}) >= 2:
            level_row = r
            break
    if level_row < 0:
        raise ValidationError(
            "no row with level headings (Nhận biết, Thông hiểu, Vận dụng...) in the first %(search_rows)s rows",
            where=f"{sheet}!A1",
        search_rows=search_rows)
    width = max(len(r) for r in grid)
    rows = [list(r) + [None] * (width - len(r)) for r in grid]

    # 2. Header rows below the level row: until the first row with a number under a level column.
    level_cols = [c for c in range(width) if parse_level(rows[level_row][c]) is not None]
    first_data = level_row + 1
    while first_data < len(rows) and not any(_is_number(rows[first_data][c]) for c in level_cols):
        first_data += 1
    if first_data >= len(rows):
        raise ValidationError("no numbers under the level headings", where=_ref(sheet, level_row, level_cols[0]))
    header_rows = range(level_row, first_data)

    # 3. Classify each column under a level: (level, type, "count" | "points").
    columns: dict[int, tuple[Level, QuestionType, str]] = {}
    for c in level_cols:
        level = parse_level(rows[level_row][c])
        assert level is not None
        qtype = default_type
        measure = "count"
        for r in header_rows:
            if r == level_row:
                continue
            head = fold(clean(str(rows[r][c] or "")))
            t = parse_type(head) if head else None
            if t is not None:
                qtype = t
            if _POINTS_HEAD.search(head) and not _COUNT_HEAD.search(head):
                measure = "points"
        columns[c] = (level, qtype, measure)

    # 4. The topic column: a heading like "Chủ đề"/"Nội dung", else the last text column before the levels.
    topic_col = None
    for c in range(min(level_cols)):
        heads = " ".join(fold(clean(str(rows[r][c] or ""))) for r in range(0, first_data))
        if _TOPIC_HEAD.search(heads):
            topic_col = c
            break
    if topic_col is None:
        texty = [c for c in range(min(level_cols)) if any(isinstance(rows[r][c], str) for r in range(first_data, len(rows)))]
        if not texty:
            raise ValidationError("no topic column (Chủ đề / Nội dung) left of the level columns", where=_ref(sheet, level_row, 0))
        topic_col = texty[-1]

    # 5. Data rows.
    counts: dict[tuple[str, Level, QuestionType], tuple[int, float | None, str]] = {}
    order: list[tuple[str, Level, QuestionType]] = []
    topic = ""
    for r in range(first_data, len(rows)):
        row = rows[r]
        label = clean(str(row[topic_col] or ""))
        if label and _STOP_ROW.match(fold(label)):
            break
        if label:
            topic = label
        values = {c: row[c] for c in level_cols if row[c] not in (None, "")}
        if not values:
            continue
        if not topic:
            raise ValidationError("numbers without a topic", where=_ref(sheet, r, topic_col))
        for c, value in values.items():
            num = value if isinstance(value, (int, float)) else parse_decimal(str(value))
            if num is None:
                if clean(str(value)) in {"-", "–", "x"}:
                    continue
                raise ValidationError("expected a number, found %(value)r", where=_ref(sheet, r, c), value=value)
            level, qtype, measure = columns[c]
            key = (topic, level, qtype)
            if key not in counts:
                counts[key] = (0, None, _ref(sheet, r, c))
                order.append(key)
            n, pts, where = counts[key]
            if measure == "count":
                if float(num) != int(num):
                    raise ValidationError("a question count must be whole, found %(value)r", where=_ref(sheet, r, c), value=value)
                counts[key] = (n + int(num), pts, where)
            else:
                counts[key] = (n, (pts or 0.0) + float(num), where)
    if not order:
        raise ValidationError("no cell with a question count", where=_ref(sheet, first_data, topic_col))

    # 6. Parts: one per question type, in the 2025 order.
    types = [t for t in QuestionType if any(k[2] == t for k in order)]
    parts = [Part(_roman(i + 1), f"PHẦN {_roman(i + 1)}", t, _PART_TITLES[t]) for i, t in enumerate(types)]
    part_of = {p.type: p.key for p in parts}
    cells: list[Cell] = []
    for key in order:
        n, pts, where = counts[key]
        topic, level, qtype = key
        if n == 0:
            if pts:
                raise ValidationError("points %(pts)g but no question count for %(topic)s × %(level)s", where=where, pts=pts, topic=topic, level=level)
            continue
        # Objective questions are worth a fixed amount each (the scoring rules); a stated cell
        # total is kept so validate() can say when it disagrees. Essays vary: divide the total.
        per_q = pts / n if (pts is not None and qtype == QuestionType.ESSAY) else points.get(qtype, 0.25)
        cells.append(Cell(part_of[qtype], topic, level, qtype, n, round(per_q, 6), pts, where))

    meta = _sheet_meta(rows[:level_row])
    return Blueprint(
        subject=subject or meta.get("subject", ""),
        grade=grade if grade is not None else meta.get("grade"),
        duration_minutes=duration_minutes or meta.get("duration", 0),
        total_points=total_points,
        title=meta.get("title", ""),
        parts=parts,
        cells=cells,
    )


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _sheet_meta(rows: list[list[Any]]) -> dict[str, Any]:
    """Subject, grade, duration and title from the lines above the table, when they say so."""
    meta: dict[str, Any] = {}
    for row in rows:
        for v in row:
            if not isinstance(v, str) or not v.strip():
                continue
            text = clean(v)
            folded = fold(text)
            if "title" not in meta and ("ma tran" in folded or "de " in folded[:4]):
                meta["title"] = text
            m = re.search(r"\bmon(?: thi| hoc)?\s*:?\s*([^\-–,;]+?)(?:\s*[-–,;]|\s+lop|$)", folded)
            if m and "subject" not in meta:
                start = m.start(1)
                name = text[start : start + len(m.group(1))].strip().lower()
                meta["subject"] = name[:1].upper() + name[1:]  # "Vật lí", not "Vật Lí"
            m = re.search(r"lop\s*(\d{1,2})", folded)
            if m and "grade" not in meta:
                meta["grade"] = int(m.group(1))
            m = re.search(r"(\d{2,3})\s*phut", folded)
            if m and "duration" not in meta:
                meta["duration"] = int(m.group(1))
    return meta
