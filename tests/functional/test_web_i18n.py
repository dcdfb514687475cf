"""Every UI string has a Vietnamese translation, and the compiled catalogs match the sources."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "qbank" / "translations"
METHODS = [("qbank/web/**.py", "python"), ("qbank/api/**.py", "python"), ("qbank/web/templates/**.html", "jinja2")]


def source_msgids() -> set[str]:
    keywords = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
    found = set()
    for _file, _line, msg, _comments, _ctx in extract_from_dir(str(ROOT), METHODS, keywords=keywords):
        found.add(msg if isinstance(msg, str) else msg[0])
    return found


def test_every_ui_string_is_translated_into_vietnamese() -> None:
    with (TRANSLATIONS / "vi" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        po = read_po(f)
    translated = {m.id: m.string for m in po if m.id}
    missing = sorted(source_msgids() - {k for k, v in translated.items() if v})
    assert not missing, f"run `python -m qbank.translations.update` and translate: {missing}"


def test_compiled_catalog_matches_the_po() -> None:
    for lang in ("vi", "en"):
        with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
            po = {m.id: m.string for m in read_po(f) if m.id}
        with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo").open("rb") as f:
            mo = {m.id: m.string for m in read_mo(f) if m.id}
        assert po == mo, f"{lang}: messages.mo is stale; run `python -m qbank.translations.update`"
