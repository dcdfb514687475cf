"""Options typed inside the question cell, as pasted from Word: "stem\\nA. ...\\nB. ...\\nC. ...\\nD. ..."."""

from __future__ import annotations

import dataclasses
import re

from qbank.domain.content import Content, Inline, Paragraph, Text

MCQ_LABELS = "ABCDEF"
STATEMENT_LABELS = "abcdef"


@dataclasses.dataclass
class CellOption:
    label: str
    content: Content
    starred: bool = False  # "*B. ..." marks the right option in some banks


def split_options(content: Content, labels: str = MCQ_LABELS) -> tuple[Content, list[CellOption]] | None:
    """The stem and the options when the cell's lines after the stem are labelled ``labels[0]``,
    ``labels[1]``, ... in that order ("A. m/s", "B) km/h"; two on a line "A. 1   B. 2" too).

    The first option starts a line of its own below the stem; a line without a label continues
    the option above it. None when the cell holds no such list (fewer than two options).
    """
    paragraphs = content.blocks
    if not all(isinstance(b, Paragraph) for b in paragraphs):
        return None
    label_re = re.compile(rf"(\*?)([{labels}])\s*[.):]")
    first = next(
        (i for i, p in enumerate(paragraphs) if i > 0 and _starts_with(p, label_re, labels[0])),  # type: ignore[arg-type]
        None,
    )
    if first is None:
        return None
    stem = Content(list(paragraphs[:first]))
    if stem.is_empty():
        return None
    options: list[CellOption] = []
    for paragraph in paragraphs[first:]:
        assert isinstance(paragraph, Paragraph)
        for label, inlines, starred in _split_paragraph(paragraph, label_re, labels, len(options)):
            if label is None:
                options[-1].content.blocks.append(Paragraph(inlines))  # a second line of the option
            else:
                options.append(CellOption(label, Content([Paragraph(inlines)]), starred))
    if len(options) < 2 or any(o.content.is_empty() for o in options):
        return None
    for option in options:
        if option.starred:
            _prefix_star(option.content)
    return stem, options


def _starts_with(paragraph: Paragraph, label_re: re.Pattern[str], label: str) -> bool:
    first = paragraph.inlines[0] if paragraph.inlines else None
    m = label_re.match(first.text.lstrip()) if isinstance(first, Text) else None
    return m is not None and m.group(2) == label


def _split_paragraph(
    paragraph: Paragraph, label_re: re.Pattern[str], labels: str, done: int
) -> list[tuple[str | None, list[Inline], bool]]:
    """Cut one line at the next expected labels: [(label or None for text before any, inlines, starred)]."""
    segments: list[tuple[str | None, list[Inline], bool]] = [(None, [], False)]
    at_start = True
    for inline in paragraph.inlines:
        if not isinstance(inline, Text):
            segments[-1][1].append(inline)
            at_start = False
            continue
        text, pos = inline.text, 0
        for m in label_re.finditer(text):
            k = done + sum(1 for s in segments if s[0] is not None)
            if k >= len(labels) or m.group(2) != labels[k] or m.start() < pos:
                continue
            begins = at_start and not text[: m.start()].strip()
            # inside a line the label stands alone: "... B. 2", not "Mr B. Smith" glued to a word
            inside = m.start() > 0 and text[m.start() - 1].isspace() and m.end() < len(text) and text[m.end()].isspace()
            if not (begins or inside):
                continue
            if text[pos : m.start()].strip():
                segments[-1][1].append(dataclasses.replace(inline, text=text[pos : m.start()]))
            segments.append((m.group(2), [], bool(m.group(1))))
            pos = m.end()
        if text[pos:].strip() or (pos == 0 and text):
            segments[-1][1].append(dataclasses.replace(inline, text=text[pos:]))
        at_start = at_start and not text.strip()
    if segments[0][0] is None and not segments[0][1]:
        segments.pop(0)
    return [(label, _trim(inlines), starred) for label, inlines, starred in segments]


def _trim(inlines: list[Inline]) -> list[Inline]:
    """Strip the spaces left around the cuts."""
    out = list(inlines)
    if out and isinstance(out[0], Text):
        out[0] = dataclasses.replace(out[0], text=out[0].text.lstrip())
    if out and isinstance(out[-1], Text):
        out[-1] = dataclasses.replace(out[-1], text=out[-1].text.rstrip())
    return [i for i in out if not (isinstance(i, Text) and not i.text)]


def _prefix_star(content: Content) -> None:
    paragraph = content.blocks[0]
    assert isinstance(paragraph, Paragraph)
    if paragraph.inlines and isinstance(paragraph.inlines[0], Text):
        paragraph.inlines[0] = dataclasses.replace(paragraph.inlines[0], text="*" + paragraph.inlines[0].text)
    else:
        paragraph.inlines.insert(0, Text("*"))
