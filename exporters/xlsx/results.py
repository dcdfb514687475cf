"""Results and item statistics as .xlsx: candidates' scores, the item table, the exam summary.

Text cells are always text: a value starting with "=", "+", "-" or "@" (an SBD typed as
"=HYPERLINK(…)", a short answer "-47,5") is written as a string with Excel's quote prefix, the
xlsx form of OWASP's CSV-injection advice (prefix such cells so they are never evaluated).
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

from exporters.xlsx.keys import put

_FLAG_VN = {
    "possible_wrong_key": "Nghi sai đáp án",
    "negative_discrimination": "Phân biệt âm",
    "low_discrimination": "Phân biệt thấp",
    "too_hard": "Quá khó",
    "too_easy": "Quá dễ",
    "misfit": "Không phù hợp mô hình",
}


def _num(x: Any, digits: int = 3) -> float | None:
    return None if x is None else round(float(x), digits)


def _shares(opts: dict[str, Any], group: str) -> str:
    """ "A 10%; B* 70%; …" (the key starred) for one score group."""
    if not opts:
        return ""
    pairs = zip(opts.get("labels", []), opts.get(group, []), strict=False)
    return "; ".join(f"{lb}{'*' if lb == opts.get('key') else ''} {share:.0%}" for lb, share in pairs)


def render_results(stats: dict[str, Any], columns: list[str], candidates: list[dict[str, Any]]) -> bytes:
    """``stats`` as from the results service; ``columns`` labels the per-question scores."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Điểm thí sinh"
    head = ["SBD", "Mã đề", "Tổng điểm", *columns]
    for c, h in enumerate(head, start=1):
        put(ws, 1, c, h, bold=True)
    for r, cand in enumerate(candidates, start=2):
        put(ws, r, 1, str(cand["candidate"]))
        put(ws, r, 2, str(cand["version"]))
        put(ws, r, 3, _num(cand["score"], 4))
        for c, v in enumerate(cand["items"], start=4):
            put(ws, r, c, _num(v, 4))

    items = wb.create_sheet("Thống kê câu hỏi")
    head = ["Câu (mã đề đầu)", "Mã câu hỏi", "Loại", "Độ khó p", "Độ phân biệt r", "Nhóm trên − dưới", "Rasch b", "SE",
            "Infit", "Outfit", "Neo", "Cảnh báo", "Lựa chọn (nhóm trên)", "Lựa chọn (nhóm dưới)"]
    for c, h in enumerate(head, start=1):
        put(items, 1, c, h, bold=True)
    for r, it in enumerate(stats["items"], start=2):
        opts = it.get("options") or {}
        values = [it["label"], it["question_id"], it.get("type") or "", _num(it["facility"]), _num(it["discrimination"]),
                  _num(it["upper_lower"]), _num(it["rasch_b"]), _num(it["rasch_se"]), _num(it["infit"], 2), _num(it["outfit"], 2),
                  "có" if it.get("anchored") else "", ", ".join(_FLAG_VN.get(f, f) for f in it["flags"]),
                  _shares(opts, "upper"), _shares(opts, "lower")]
        for c, v in enumerate(values, start=1):
            put(items, r, c, v)

    summary = wb.create_sheet("Tổng quan")
    e = stats["exam"]
    for r, (label, value) in enumerate(
        [("Đề thi", e.get("title", "")), ("Số thí sinh", e["n"]), ("Điểm trung bình", _num(e["mean"])), ("Độ lệch chuẩn", _num(e["sd"])),
         ("Hệ số tin cậy (α / KR-20)", _num(e["alpha"])), ("Sai số đo lường chuẩn (SEM)", _num(e["sem"])),
         ("Điểm tối đa", e.get("max_points"))],
        start=1,
    ):
        put(summary, r, 1, label, bold=True)
        put(summary, r, 2, value)
    hist = e.get("histogram") or {}
    edges, counts = hist.get("edges", []), hist.get("counts", [])
    put(summary, 9, 1, "Phổ điểm", bold=True)
    for i, cnt in enumerate(counts):
        put(summary, 10 + i, 1, f"{edges[i]:g}–{edges[i + 1]:g}")
        put(summary, 10 + i, 2, cnt)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
