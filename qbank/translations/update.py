"""Refresh the catalogs: extract messages, merge the Vietnamese table, compile .mo files.

Run ``python -m qbank.translations.update`` from the repository root after changing UI text.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from qbank.translations.vi_messages import VI

HERE = Path(__file__).resolve().parent
# Besides gettext's own: lazy UI text, messages marked for later (N_), and the message (first
# argument; a blueprint Problem's second) of every error raised in services, domain and importers.
ERRORS = ("QBankError", "NotFound", "PermissionDenied", "ValidationError", "Conflict", "UnsupportedFormat", "RejectedFile")
KEYWORDS = ("_l", "lazy_gettext", "N_", *ERRORS, "Problem:2")
ROOT = HERE.parents[1]


def extract() -> Catalog:
    pot = HERE / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(HERE / "babel.cfg"),
         *[arg for k in KEYWORDS for arg in ("-k", k)], "--no-location", "--sort-output", "--omit-header", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with pot.open("rb") as f:
        return read_po(f)


def write(locale: str, template: Catalog, table: dict[str, str]) -> list[str]:
    """Write ``locale``'s .po and .mo; returns the msgids without a translation."""
    catalog = Catalog(locale=locale, project="QBank", fuzzy=False)
    missing = []
    for msg in template:
        if not msg.id:
            continue
        text = table.get(msg.id, "" if locale != "en" else msg.id)
        if not text:
            missing.append(msg.id)
        catalog.add(msg.id, text)
    folder = HERE / locale / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "messages.po").open("wb") as f:
        write_po(f, catalog, omit_header=False, sort_output=True, width=120)
    with (folder / "messages.mo").open("wb") as f:
        write_mo(f, catalog)
    return missing


def main() -> int:
    template = extract()
    missing = write("vi", template, VI)
    write("en", template, {})
    for m in missing:
        print(f"untranslated (vi): {m!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
