"""The importer interface, its result type, the registry and the JSON form of a result."""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from qbank.domain.content import Content, Math, Ole
from qbank.domain.errors import UnsupportedFormat
from qbank.domain.question import Blob, Question
from qbank.domain.render import latex_to_mathml, to_text


@dataclass
class ImportMessage:
    """A warning or error about one place in the file; the import carries on past it."""

    level: str  # "info" | "warning" | "error"
    where: str  # "paragraph 41", "table 3 row 2", "Sheet1!B12", "question 7"
    text: str
    question: int | None = None  # index into ImportResult.questions when it concerns one

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"level": self.level, "where": self.where, "text": self.text}
        if self.question is not None:
            d["question"] = self.question
        return d


@dataclass
class ImportResult:
    """What an importer read: questions in document order, shared passages, blobs, messages."""

    source: str
    format: str
    meta: dict[str, Any] = field(default_factory=dict)  # department, subject, grade, year, exam, code, duration
    questions: list[Question] = field(default_factory=list)
    passages: dict[str, Content] = field(default_factory=dict)  # group key -> passage content
    blobs: dict[str, Blob] = field(default_factory=dict)  # sha256 -> blob
    messages: list[ImportMessage] = field(default_factory=list)
    doubts: dict[int, list[str]] = field(default_factory=dict)  # question index -> reasons to check it

    def doubt(self, question: int, reason: str) -> None:
        """Note why a question may be read wrongly ("answer from formatting only"); it lowers its confidence."""
        reasons = self.doubts.setdefault(question, [])
        if reason not in reasons:
            reasons.append(reason)

    def reasons(self, index: int) -> list[str]:
        """Every reason to doubt question ``index``: those the importer noted, and a missing answer."""
        out = list(self.doubts.get(index, []))
        q = self.questions[index]
        if str(q.type) != "essay" and (q.answer is None or q.answer == "" or (isinstance(q.answer, list) and not all(q.answer))):
            if NO_ANSWER not in out:
                out.append(NO_ANSWER)
        return out

    def confidence(self, index: int) -> float:
        """1.0 for a question read with nothing in doubt, less for each reason (never below 0.1)."""
        lost = sum(DOUBT_WEIGHTS.get(r, 0.15) for r in self.reasons(index))
        return round(max(0.1, 1.0 - lost), 2)

    def doubtful_first(self) -> list[int]:
        """Question indexes, the least certain first (document order among equals): what to check first."""
        return sorted(range(len(self.questions)), key=lambda i: (self.confidence(i), i))

    def warn(self, where: str, text: str, question: int | None = None) -> None:
        self.messages.append(ImportMessage("warning", where, text, question))

    def error(self, where: str, text: str, question: int | None = None) -> None:
        self.messages.append(ImportMessage("error", where, text, question))

    def info(self, where: str, text: str, question: int | None = None) -> None:
        self.messages.append(ImportMessage("info", where, text, question))

    def add_blob(self, data: bytes, mime: str) -> str:
        blob = Blob(data, mime)
        sha = blob.sha256  # a property that hashes the bytes: once
        self.blobs.setdefault(sha, blob)
        return sha

    def to_json(self) -> dict[str, Any]:
        """The ``--dry-run --json`` form, with the field names of shared/fixtures/README.md."""
        return {
            "source": self.source,
            "format": self.format,
            "meta": self.meta,
            # Spreadsheets and text formats have no Word equations: their math is typed $...$
            # and the fixtures README counts those spans there.
            "questions": [{**question_to_json(q, typed_math=self.format != "docx"), "confidence": self.confidence(i),
                           "doubts": self.reasons(i)} for i, q in enumerate(self.questions)],  # fmt: skip
            "passages": {k: to_text(v) for k, v in self.passages.items()},
            "messages": [m.to_json() for m in self.messages],
        }


# Reasons to doubt a question, and how much each lowers its confidence.
NO_ANSWER = "no answer found"
FORMATTING_ONLY = "answer from formatting only"
NO_OPTIONS = "options not found"
DISAGREE = "the key, solution and formatting disagree"
DOUBT_WEIGHTS = {NO_ANSWER: 0.5, NO_OPTIONS: 0.4, DISAGREE: 0.3, FORMATTING_ONLY: 0.2}


def question_to_json(q: Question, typed_math: bool = False) -> dict[str, Any]:
    """One question in the fixture truth format (plus a few extra fields).

    ``equations`` counts Word equations (OMML, MathType); with ``typed_math`` it also counts
    ``$...$`` spans, as the README asks for spreadsheets.
    """
    contents = [q.stem, *(o.content for o in q.options), *(s.content for s in q.subparts)]
    count = Content.count_math if typed_math else Content.count_equations
    return {
        "number": q.number,
        "type": str(q.type),
        "stem": to_text(q.stem),
        "options": [{"label": o.label, "text": to_text(o.content), "correct": o.correct} for o in q.options],
        "answer": q.answer,
        "points": q.points,
        "subparts": [{"label": s.label, "text": to_text(s.content), "points": s.points} for s in q.subparts],
        "equations": sum(count(c) for c in contents),
        # every equation of the question, its worked solution and marking guide included
        "math": [m for c in [*contents, *(g.content for g in q.guide), q.solution] if c for m in equations_json(c)],
        "images": sum(c.count_images() for c in contents),
        "section": q.section,
        "group": q.group,
        "topic": q.tags.topic,
        "level": q.tags.level,
        "guide": [to_text(g.content) for g in q.guide],
        "solution": to_text(q.solution) if q.solution is not None else None,
        "tags": q.tags.to_json(),
        "status": str(q.status),
        "source_ref": q.source_ref,
        "fingerprint": q.fingerprint(),
    }


@functools.lru_cache(maxsize=4096)
def _mathml_for(latex: str) -> str:
    """MathML of a LaTeX equation; papers repeat short ones ("x", "m", "y=f(x)") many times."""
    return latex_to_mathml(latex)


def equations_json(content: Content) -> list[dict[str, Any]]:
    """Each equation of ``content`` as ``{"source": "omml"|"mathtype"|"latex", "latex", "mathml"}``:
    Word equations, MathType objects (``mathml`` and ``latex`` empty when one could not be read)
    and ``$...$`` typed math. Other embedded objects (a spreadsheet, a drawing) are not equations."""
    out: list[dict[str, Any]] = []
    for inline in content.inlines():
        if isinstance(inline, Math):
            mathml = _mathml_for(inline.latex) if inline.latex else ""
            out.append({
                "source": "omml" if inline.omml is not None else "latex",
                "latex": inline.latex,
                "mathml": mathml if mathml.startswith("<math") else None,
            })  # fmt: skip
        elif isinstance(inline, Ole) and inline.prog_id.lower().startswith("equation."):
            out.append({"source": "mathtype", "latex": inline.latex or "", "mathml": inline.mathml})
    return out


class Importer(Protocol):
    """Reads one file's bytes; raises ``RejectedFile`` only when the file as a whole is unreadable."""

    format: str
    extensions: tuple[str, ...]

    def read(self, data: bytes, filename: str) -> ImportResult: ...


# format name -> "module:Class"; imported lazily so a CLI call pays only for what it uses.
_REGISTRY: dict[str, str] = {
    "docx": "importers.docx.importer:DocxImporter",
    "xlsx": "importers.xlsx.importer:XlsxImporter",
    "moodle_xml": "importers.moodle_xml:MoodleXmlImporter",
    "gift": "importers.gift:GiftImporter",
    "aiken": "importers.aiken:AikenImporter",
    "qti": "importers.qti:QtiImporter",
    "doc": "importers.doc.importer:DocImporter",  # converted to .docx by LibreOffice first
    # .txt and .xml say too little: these read the content and hand over to the format's reader
    "text": "importers.sniff:TextImporter",
    "xml": "importers.sniff:XmlImporter",
}
_EXTENSIONS: dict[str, str] = {".docx": "docx", ".xlsx": "xlsx", ".gift": "gift", ".aiken": "aiken", ".txt": "text", ".xml": "xml", ".zip": "qti",
                              ".doc": "doc"}


# Files people upload by mistake, with what to do instead (checked only when no importer matches).
_REFUSED: dict[str, str] = {
    ".dot": "this is an old binary Word template: open it in Word and save it as .docx",
    ".docm": "this is a macro-enabled Word file (.docm): save it as .docx without macros",
    ".dotx": "this is a Word template: open it in Word and save it as .docx",
    ".dotm": "this is a macro-enabled Word template: save it as .docx without macros",
    ".xls": "this is an old binary Excel .xls file: open it in Excel and save it as .xlsx",
    ".xlsm": "this is a macro-enabled Excel file (.xlsm): save it as .xlsx without macros",
    ".xlsb": "this is a binary Excel workbook (.xlsb): save it as .xlsx",
    ".xltx": "this is an Excel template: open it in Excel and save it as .xlsx",
    ".odt": "this is an OpenDocument text file: save it as Word .docx",
    ".ods": "this is an OpenDocument spreadsheet: save it as Excel .xlsx",
    ".rtf": "this is an RTF file: open it in Word and save it as .docx",
    ".pdf": "PDF files cannot be imported: upload the Word (.docx) file the PDF was made from",
}


def register(fmt: str, target: str, extensions: tuple[str, ...] = ()) -> None:
    """Add an importer: ``register("gift", "importers.gift:GiftImporter", (".gift",))``."""
    _REGISTRY[fmt] = target
    for ext in extensions:
        _EXTENSIONS[ext.lower()] = fmt


def get_importer(filename_or_format: str) -> Importer:
    """The importer for a file name (by extension) or a format name; ``UnsupportedFormat`` if none."""
    key = filename_or_format.strip().lower()
    suffix = Path(key).suffix
    fmt = key if key in _REGISTRY else _EXTENSIONS.get(suffix)
    if fmt is None:
        if suffix in _REFUSED:
            raise UnsupportedFormat("%(value)s: %(_REFUSED)s", value=filename_or_format.strip(), _REFUSED=_REFUSED[suffix])
        accepted = ", ".join(sorted(_EXTENSIONS))
        what = repr(suffix) if suffix else f"{key!r} (no file extension)"
        raise UnsupportedFormat("unsupported file type %(what)s: QBank imports %(accepted)s", what=what, accepted=accepted)
    module, cls = _REGISTRY[fmt].split(":")
    return getattr(importlib.import_module(module), cls)()


def read_file(path: str | Path, data: bytes | None = None) -> ImportResult:
    """Pick the importer by file name and read the file."""
    path = Path(path)
    if data is None:
        data = path.read_bytes()
    return get_importer(path.name).read(data, path.name)
