"""Writes an exam, a practice test or a bank selection as Moodle XML (one <quiz> file).

MCQ → multichoice (Đúng/Sai pairs → truefalse); the 2025 true/false items → multichoice with several
answers (fractions split over the true statements, the 2025 scoring rule stated in the feedback);
short answers → numerical when they are numbers, else shortanswer; essays → essay with the marking
guide as grader information; a shared passage → a description question before its group; topics →
categories; the other tags → Moodle tags ("subject:Toán"), read back by the importer.
"""

from __future__ import annotations

import base64
import re

from lxml import etree

from exporters.base import BlobSource, blob_getter
from exporters.lms_common import (
    Files,
    OneFileExporter,
    content_html,
    entries,
    is_true_false,
    scoring_note_tf,
    tag_pairs,
)
from qbank.domain.content import Content, Paragraph, Text
from qbank.domain.enums import QuestionType
from qbank.domain.exam import ExamPaper
from qbank.domain.question import Question
from qbank.domain.render import to_text

_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


class MoodleXmlExporter(OneFileExporter):
    format, suffix = "moodle_xml", ".moodle.xml"

    def render(self, paper: ExamPaper, blobs: BlobSource) -> tuple[bytes, list[str]]:
        return moodle_xml(paper, blobs)


def moodle_xml(paper: ExamPaper, blobs: BlobSource = None) -> tuple[bytes, list[str]]:
    quiz = etree.Element("quiz")
    files = Files(blob_getter(blobs))
    warnings: list[str] = []
    category = None
    for n, e in enumerate(entries(paper), 1):
        q = e.question
        topic = q.tags.topic or ""
        if topic != category:
            category = topic
            cat = etree.SubElement(quiz, "question", type="category")
            path = "/".join(p for p in ("$course$", "QBank", q.tags.subject or "", topic) if p)
            _text(etree.SubElement(cat, "category"), path)
        if e.passage is not None:
            desc = etree.SubElement(quiz, "question", type="description")
            _text(etree.SubElement(desc, "name"), f"Đoạn văn {e.passage_key}")
            _rich(desc, "questiontext", e.passage, files)
        el = _question(quiz, q, e.points, files, n)
        if el is None:
            warnings.append(f"question {n}: type {q.type} cannot be written to Moodle XML")
    if files.missing:
        warnings.append(f"{len(files.missing)} pictures were not found in the bank and are left out")
    return etree.tostring(quiz, xml_declaration=True, encoding="UTF-8", pretty_print=True), warnings


def _question(quiz: etree._Element, q: Question, points: float | None, files: Files, n: int) -> etree._Element | None:
    stem = q.stem
    if q.subparts:  # essay sub-parts a), b) belong to the text Moodle shows
        stem = Content([*q.stem.blocks, *(Paragraph([Text(f"{s.label}) ")] + _inlines(s.content)) for s in q.subparts)])
    if q.type == QuestionType.MCQ and is_true_false(q):
        el = _start(quiz, "truefalse", q, stem, points, files, n)
        truth = q.options[0].correct
        for value, ok in (("true", truth), ("false", not truth)):
            a = etree.SubElement(el, "answer", fraction="100" if ok else "0", format="moodle_auto_format")
            _text(a, value)
    elif q.type == QuestionType.MCQ:
        el = _start(quiz, "multichoice", q, stem, points, files, n)
        _text(etree.SubElement(el, "single"), "true")
        _text(etree.SubElement(el, "shuffleanswers"), "true")
        _text(etree.SubElement(el, "answernumbering"), "ABCD")
        for o in q.options:
            a = etree.SubElement(el, "answer", fraction="100" if o.correct else "0", format="html")
            _cdata(a, content_html(o.content, files))
    elif q.type == QuestionType.TRUE_FALSE:
        el = _start(quiz, "multichoice", q, stem, points, files, n)
        _text(etree.SubElement(el, "single"), "false")
        _text(etree.SubElement(el, "shuffleanswers"), "false")
        _text(etree.SubElement(el, "answernumbering"), "abc")
        right = [o for o in q.options if o.correct]
        wrong = [o for o in q.options if not o.correct]
        for o in q.options:
            share = (100 / len(right)) if o.correct else (-100 / len(wrong))
            a = etree.SubElement(el, "answer", fraction=f"{share:.7g}", format="html")
            _cdata(a, content_html(o.content, files))
        _text(etree.SubElement(el, "correctfeedback"), scoring_note_tf(), rich=True)
    elif q.type == QuestionType.SHORT_ANSWER:
        value = str(q.answer or "").strip()
        number = _number(value)
        el = _start(quiz, "numerical" if number is not None else "shortanswer", q, stem, points, files, n)
        a = etree.SubElement(el, "answer", fraction="100", format="moodle_auto_format")
        _text(a, f"{number:g}" if number is not None else value)
        if number is not None:
            _text(etree.SubElement(a, "tolerance"), "0")
    elif q.type == QuestionType.ESSAY:
        el = _start(quiz, "essay", q, stem, points, files, n)
        _text(etree.SubElement(el, "responseformat"), "editor")
        if q.guide:  # one paragraph per step, its points in brackets at the end (read back on import)
            g = etree.SubElement(el, "graderinfo", format="html")
            _cdata(g, "".join(content_html(Content([Paragraph(_inlines(s.content) + ([Text(f" ({s.points:g})")] if s.points is not None else []))]), files)
                              for s in q.guide))
    else:
        return None
    _attach_files(el, files)
    tags = etree.SubElement(el, "tags")
    for name, value in tag_pairs(q, points):
        _text(etree.SubElement(tags, "tag"), f"{name}:{value}")
    return el


def _start(quiz: etree._Element, qtype: str, q: Question, stem: Content, points: float | None, files: Files, n: int) -> etree._Element:
    el = etree.SubElement(quiz, "question", type=qtype)
    _text(etree.SubElement(el, "name"), f"{n:03d} {to_text(q.stem)[:60]}".strip())
    _rich(el, "questiontext", stem, files)
    if q.solution is not None:
        _rich(el, "generalfeedback", q.solution, files)
    _text(etree.SubElement(el, "defaultgrade"), f"{points:g}" if points is not None else "1")
    return el


def _rich(parent: etree._Element, tag: str, content: Content, files: Files) -> None:
    el = etree.SubElement(parent, tag, format="html")
    _cdata(el, content_html(content, files))


def _attach_files(el: etree._Element, files: Files) -> None:
    """Each question carries the pictures its HTML names (Moodle reads files per question)."""
    text = etree.tostring(el, encoding="unicode")
    qt = el.find("questiontext")
    for sha, name in files.names.items():
        if f"@@PLUGINFILE@@/{name}" in text:
            data = files.get(sha) or b""
            f = etree.SubElement(qt, "file", name=name, path="/", encoding="base64")
            f.text = base64.b64encode(data).decode("ascii")


def _text(parent: etree._Element, value: str, rich: bool = False) -> None:
    if rich:
        parent.set("format", "html")
    t = etree.SubElement(parent, "text")
    t.text = value


def _cdata(parent: etree._Element, html: str) -> None:
    t = etree.SubElement(parent, "text")
    t.text = etree.CDATA(html)


def _inlines(content: Content) -> list:
    return [i for b in content.blocks if hasattr(b, "inlines") for i in b.inlines]


def _number(value: str) -> float | None:
    """A short answer that is a number ("-47,5", "0.22"), as Moodle's numerical type needs it."""
    return float(value.replace(",", ".")) if _NUMBER.fullmatch(value) else None
