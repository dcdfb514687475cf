"""Reads Aiken files: a question (one or more lines), options "A) text" / "A. text", then "ANSWER: X"."""

from __future__ import annotations

import re

from importers.base import ImportResult
from importers.interchange import choice_question, decode_text
from importers.markup import text_content

_OPTION = re.compile(r"^\s*([A-Z])\s*[.)]\s*(.*)$")
_ANSWER = re.compile(r"^\s*ANSWER\s*:\s*([A-Z])\s*$", re.I)


class AikenImporter:
    format = "aiken"
    extensions = (".aiken", ".txt")

    def read(self, data: bytes, filename: str) -> ImportResult:
        result = ImportResult(filename, self.format)
        lines = decode_text(data, filename).split("\n")
        stem: list[str] = []
        options: list[tuple[str, str]] = []
        start = 1
        for n, line in enumerate(lines, 1):
            if not line.strip():
                if stem and not options:
                    stem.append("")  # a blank line inside a long question text
                continue
            answer = _ANSWER.match(line)
            option = _OPTION.match(line)
            if answer:
                self._finish(result, stem, options, answer.group(1).upper(), start, n)
                stem, options, start = [], [], n + 1
            elif option and stem:
                options.append((option.group(1), option.group(2)))
            elif options:  # text after the options without an ANSWER line: the question is broken
                result.warn(f"line {n}", "a question's options must end with an 'ANSWER: X' line; question skipped")
                stem, options, start = [line], [], n
            else:
                stem.append(line)
        if stem or options:
            result.warn(f"line {start}", "the last question has no 'ANSWER: X' line; skipped")
        if not result.questions:
            from qbank.domain.errors import RejectedFile

            raise RejectedFile("%(filename)s: no Aiken question found (a question, options 'A) …', then 'ANSWER: A')", filename=filename)
        return result

    @staticmethod
    def _finish(result: ImportResult, stem: list[str], options: list[tuple[str, str]], key: str, start: int, end: int) -> None:
        where = f"lines {start}–{end}"
        labels = [label for label, _ in options]
        if len(options) < 2:
            result.warn(where, "an Aiken question needs at least two options; skipped")
            return
        if key not in labels:
            result.warn(where, f"ANSWER: {key} names no option ({', '.join(labels)}); skipped")
            return
        q = choice_question(text_content("\n".join(stem)), [(text_content(t), label == key) for label, t in options])
        q.number = len(result.questions) + 1
        q.source_ref = where
        result.questions.append(q)
