"""Refuse text with NUL characters before any view sees it (query, form fields, JSON bodies).

No field of QBank can hold a NUL, and PostgreSQL text cannot store or even compare one (psycopg
refuses the query), so a NUL typed into a search box or a JSON field would otherwise be a server
error on PostgreSQL and work on SQLite. Uploaded files are bytes and are not looked at here.
"""

from __future__ import annotations

from flask import Flask, request
from werkzeug.exceptions import BadRequest

MESSAGE = "text may not contain NUL characters"


def _refuse_nul() -> None:
    if any("\x00" in k or "\x00" in v for k, v in request.args.items(multi=True)):
        raise BadRequest(description=f"query: {MESSAGE}")
    if request.is_json:
        raw = request.get_data(cache=True)
        # A NUL in JSON is the escape \u0000 (a raw NUL byte is already invalid JSON).
        if b"\x00" in raw or b"\\u0000" in raw.lower():
            raise BadRequest(description=f"body: {MESSAGE}")
    elif request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        fields = list(request.form.items(multi=True))
        if any(k is None or v is None for k, v in fields):  # only a test client's form dict makes these, never HTTP
            raise BadRequest(description="form: a field without a name or value")
        if any("\x00" in k or "\x00" in v for k, v in fields):
            raise BadRequest(description=f"form: {MESSAGE}")


def init_input_guard(app: Flask) -> None:
    app.before_request(_refuse_nul)
