"""Spreadsheet and CSV cells that stay data: OWASP's CSV-injection guard for every text we export.

A spreadsheet runs a cell as a formula when its text starts with ``=``, ``+``, ``-`` or ``@``
(and skips a leading tab, carriage return or line feed before looking). An .xlsx text cell is
inert, but once a user re-saves the sheet as CSV and opens that, the text is read again, so the
guard must be in the value itself. Following OWASP ("CSV Injection") and ASVS 5.0 1.2.10, such text
gets a leading single quote, which spreadsheets read as "this is text".

One exception, chosen for the people who read answer keys: a plain number ("-2", "-47,5",
"+5", "0.25") is written as it is. A number cannot call a function or reach a URL, so it is no
injection, and quoting it would print "'-2" where a teacher expects the answer -2. Anything else
that starts with a trigger ("-x+1", "=1+2") gets the quote and reads as "'-x+1".
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import IO, Any

# ASCII triggers, the whitespace spreadsheets skip before a formula, and the full-width forms
# that some East Asian spreadsheet locales also accept as formula starts.
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0", "＝", "＋", "－", "＠")
PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def formula_safe(text: str) -> str:
    """``text`` as it may go into a spreadsheet cell or a CSV field without becoming a formula."""
    if text.startswith(TRIGGERS) and not PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def write_csv(out: IO[str], rows: Iterable[Iterable[Any]]) -> None:
    """RFC 4180 CSV (every field quoted, quotes doubled) with every text field made formula-safe."""
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else formula_safe(v) if isinstance(v, str) else v for v in row])
