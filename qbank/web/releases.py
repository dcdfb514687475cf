"""Applies exam releases whose time has passed, at most every 30 s per process, before a request."""

from __future__ import annotations

import logging
import threading
import time

from flask import Flask

from qbank.services.exams import apply_due_releases

log = logging.getLogger(__name__)
EVERY_S = 30.0


def init_due_releases(app: Flask) -> None:
    """A release time set in the future takes effect on the first request after it passes (within
    ``EVERY_S``); ``qbank exam release-due`` does the same from cron for an idle server."""
    state = {"next": 0.0}
    lock = threading.Lock()

    @app.before_request
    def _apply_due_releases() -> None:
        now = time.monotonic()
        if now < state["next"] or not lock.acquire(blocking=False):
            return
        try:
            state["next"] = now + EVERY_S
            with app.extensions["qbank"].uow() as uow:
                apply_due_releases(uow)
        except Exception:  # noqa: BLE001 - a request must not fail because a release could not be applied yet
            log.exception("applying due exam releases failed; will try again")
        finally:
            lock.release()
