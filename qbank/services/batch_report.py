"""A batch's report as an .xlsx workbook: one row per file with its outcome, then every message of every file."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from exporters.cells import formula_safe
from qbank.domain.actor import Actor
from qbank.services.batches import batch_files, batch_progress
from qbank.services.uow import UnitOfWork

FILE_COLUMNS = ["#", "File", "Outcome", "Reason", "Questions read", "Stored", "Already in the bank", "Repeated in the file",
                "Likely near-duplicates", "Drafts needing an answer", "Warnings", "Tries", "Question set", "Tags from names"]


def _cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula is written as text; numbers stay numbers."""
    return formula_safe(value) if isinstance(value, str) else value


def batch_report_xlsx(uow: UnitOfWork, actor: Actor, batch_id: int) -> bytes:
    """The report a department keeps of an archive's import (sheets "Files" and "Messages")."""
    progress = batch_progress(uow, actor, batch_id)
    files = batch_files(uow, actor, batch_id)
    wb = Workbook()
    ws = wb.active
    ws.title = "Files"
    ws.append([_cell(f"{progress.name}: {progress.done}/{progress.total} files, {progress.questions} questions found, "
                     f"{progress.stored} stored, {progress.duplicates} duplicates not stored, {progress.review} to check, "
                     f"{progress.refused} files refused")])
    ws.append(FILE_COLUMNS)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for f in files:
        c = f.counts
        warnings = sum(1 for m in f.messages if m.get("level") != "info")
        tags = ", ".join(f"{k}: {v}" for k, v in f.suggested.items())
        ws.append([f.position + 1, _cell(f.path), f.status, _cell(f.reason or ""), c.get("read", 0), c.get("created", 0),
                   c.get("existing", 0), c.get("repeats", 0), c.get("similar", 0), c.get("drafts", 0), warnings, f.attempts,
                   f.question_set_id, _cell(tags)])
    ws.freeze_panes = "C3"
    for col, width in zip("ABCDEFGHIJKLMN", (5, 60, 11, 60, 10, 8, 10, 10, 10, 10, 9, 6, 10, 40), strict=True):
        ws.column_dimensions[col].width = width
    msgs = wb.create_sheet("Messages")
    msgs.append(["File", "Level", "Where", "Message"])
    for cell in msgs[1]:
        cell.font = Font(bold=True)
    for f in files:
        for m in f.messages:
            msgs.append([_cell(f.path), m.get("level", ""), _cell(str(m.get("where", ""))), _cell(str(m.get("text", "")))])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
