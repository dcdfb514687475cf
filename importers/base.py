"""The importer interface, its result type, the registry and the JSON form of a result."""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from importers.sniff import ARCHIVE, REFUSED, content_format
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


@dataclass(frozen=True)
class FormatInfo:
    """What one import format is, for ``--help``, the API's format list and the upload page."""

    name: str  # "moodle_xml"
    label: str  # "Moodle XML"
    extensions: tuple[str, ...]  # (".xml",): what the upload page accepts for it
    types: tuple[str, ...]  # bank question types it can give: mcq, true_false, short_answer, essay
    target: str  # "module:Class", imported lazily so a CLI call pays only for what it uses
    note: str = ""  # what is read (and what is skipped), one line

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "label": self.label, "extensions": list(self.extensions), "types": list(self.types), "note": self.note}


_ALL = ("mcq", "true_false", "short_answer", "essay")
# The import registry: one entry per format. Adding a format is one entry here and its own folder.
FORMATS: dict[str, FormatInfo] = {f.name: f for f in (
    FormatInfo("docx", "Word", (".docx",), _ALL, "importers.docx.importer:DocxImporter",
               "papers and banks with OMML/MathType equations, pictures, answer keys"),
    FormatInfo("doc", "Word 97-2003", (".doc",), _ALL, "importers.doc.importer:DocImporter",
               "converted to .docx by LibreOffice, then read as Word"),
    FormatInfo("xlsx", "Excel", (".xlsx",), _ALL, "importers.xlsx.importer:XlsxImporter",
               "one question a row; $…$ typed math; pictures in cells"),
    FormatInfo("moodle_xml", "Moodle XML", (".xml",), _ALL, "importers.moodle_xml:MoodleXmlImporter",
               "multichoice, truefalse, shortanswer, numerical, essay, description → passage; others skipped by name"),
    FormatInfo("gift", "GIFT", (".gift", ".txt"), _ALL, "importers.gift:GiftImporter",
               "every GIFT type that maps; matching skipped by name"),
    FormatInfo("aiken", "Aiken", (".aiken", ".txt"), ("mcq",), "importers.aiken:AikenImporter", "single-answer multiple choice"),
    FormatInfo("qti", "IMS QTI 2.1/2.2/3.0", (".xml", ".zip"), _ALL, "importers.qti:QtiImporter",
               "items, tests and content packages (.zip with imsmanifest.xml); choice, text entry, extended text"),
)}

# format name -> "module:Class" (the formats above, and the two that read .txt/.xml by content).
_REGISTRY: dict[str, str] = {
    **{f.name: f.target for f in FORMATS.values()},
    # .txt and .xml say too little: these read the content and hand over to the format's reader
    "text": "importers.by_content:TextImporter",
    "xml": "importers.by_content:XmlImporter",
}
_EXTENSIONS: dict[str, str] = {".docx": "docx", ".xlsx": "xlsx", ".gift": "gift", ".aiken": "aiken", ".txt": "text", ".xml": "xml", ".zip": "qti",
                              ".doc": "doc"}


def formats() -> list[FormatInfo]:
    """Every import format, in the registry's order."""
    return list(FORMATS.values())


def accepted_extensions() -> list[str]:
    """Every extension an upload may have (the upload page's ``accept=``); content decides the reader."""
    return sorted({e for f in FORMATS.values() for e in f.extensions} | set(_EXTENSIONS))


# Files people upload by mistake, with what to do instead (checked only when no importer matches).
_REFUSED = REFUSED


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


def sniff_format(data: bytes, filename: str) -> str:
    """The import format for what ``data`` holds ("docx", "xlsx", "qti", "doc", "moodle_xml", "gift",
    "aiken", or ``ARCHIVE`` for a .zip of other files: a bulk upload), whatever the extension says; where
    the content says nothing certain, the extension decides, so the reader it names refuses with its
    own reason. ``UnsupportedFormat`` when nothing fits (``importers.sniff.content_format`` says how)."""
    found = content_format(data, filename, _EXTENSIONS)
    return found if found is not None else get_importer(filename).format


def format_for(data: bytes, filename: str) -> str:
    """The import format of one question file by what it holds (``sniff_format``); a .zip of several
    files (``ARCHIVE``) is refused here: it is a bulk upload, not one file."""
    fmt = sniff_format(data, filename)
    if fmt == ARCHIVE:
        raise UnsupportedFormat("%(filename)s: a .zip of several question files is a bulk upload, not one question file", filename=filename)
    return fmt


def content_note(fmt: str, filename: str) -> str | None:
    """A line for the import report when the name says one format and the content another."""
    named = _EXTENSIONS.get(Path(filename.lower()).suffix)
    if named is None or named == fmt or (named, fmt) in (("text", "gift"), ("text", "aiken"), ("xml", "moodle_xml"), ("xml", "qti")):
        return None
    label = FORMATS[fmt].label if fmt in FORMATS else fmt
    return f"the file's name says {Path(filename).suffix}, but it holds {label}: read as {label}"


def importer_for(data: bytes, filename: str) -> Importer:
    """The importer for what the file holds, whatever its extension says."""
    return get_importer(format_for(data, filename))


def read_file(path: str | Path, data: bytes | None = None) -> ImportResult:
    """Pick the importer by what the file holds (the name only where the content says too little) and read it."""
    path = Path(path)
    if data is None:
        data = path.read_bytes()
    fmt = format_for(data, path.name)
    result = get_importer(fmt).read(data, path.name)
    note = content_note(fmt, path.name)
    if note:
        result.messages.insert(0, ImportMessage("info", path.name, note))
    return result
