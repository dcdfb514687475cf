"""Password policy after OWASP ASVS 2.1 and NIST SP 800-63B: length, breached lists, context words.

No composition rules (ASVS 2.1.9): any characters, spaces and Vietnamese letters welcome, 8 to
128 characters (ASVS 2.1.1-2.1.3 let passphrases of 64+ through). Refused:

- a password on a list of common and breached passwords (ASVS 2.1.7): zxcvbn's list of the
  30,000 most frequent passwords of public breach corpora (package ``zxcvbn``), compared
  case-insensitively;
- one that zxcvbn estimates under 10^6 guesses (score 0-1: "aaaaaaaa", keyboard walks, dates,
  a dictionary word with digits), with a few Vietnamese words such lists lack;
- one derived from the context (NIST 800-63B 5.1.1.2): the username or the app's name plus
  something guessable ("qbank2026", "giaovien123"). What is left once those words are taken
  out must pass on its own.
"""

from __future__ import annotations

import re
from functools import lru_cache

from qbank.domain.errors import N_, ValidationError

MIN_LENGTH = 8
MAX_LENGTH = 128
APP_WORDS = ("qbank",)
# Vietnamese words common in passwords that zxcvbn's English-centred lists lack (hand-picked:
# "password", "I love you", the country, the big cities, the app's own vocabulary).
VIETNAMESE = ("matkhau", "anhyeuem", "emyeuanh", "yeuem", "vietnam", "hanoi", "saigon", "nganhang", "cauhoi", "dethi", "giaovien")
# zxcvbn is slow on long inputs and refuses more than 72 characters; past that, a password that
# passed on its first 72 characters is no weaker.
ZXCVBN_MAX = 72


class WeakPassword(ValidationError):
    """A password the policy refuses; ``reason`` is too_short, too_long, common, guessable or context."""

    def __init__(self, reason: str, message: str, **params: object):
        super().__init__(message, where="password", details={"reason": reason}, **params)
        self.reason = reason


MESSAGES = {  # catalogue msgids (N_), filled in with MIN_PASSWORD / MAX_PASSWORD
    "too_short": N_("at least %(MIN_PASSWORD)s characters"),
    "too_long": N_("at most %(MAX_PASSWORD)s characters"),
    "common": "this password is on a list of common or breached passwords; choose another, a phrase of several words is best",
    "guessable": "this password is too easy to guess (repeats, sequences, a word with digits); a phrase of several words is best",
    "context": "this password is built on the username or the app's name; choose one that is not",
}


def check_password(password: str, *, username: str = "", context: tuple[str, ...] = ()) -> None:
    """Raise WeakPassword if the policy refuses ``password`` for this account."""
    reason = password_problem(password, username=username, context=context)
    if reason:
        raise WeakPassword(reason, MESSAGES[reason], MIN_PASSWORD=MIN_LENGTH, MAX_PASSWORD=MAX_LENGTH)


def password_problem(password: str, *, username: str = "", context: tuple[str, ...] = ()) -> str | None:
    """The reason the policy refuses ``password``, or None when it is acceptable."""
    if len(password or "") < MIN_LENGTH:
        return "too_short"
    if len(password) > MAX_LENGTH:
        return "too_long"
    words = [w.casefold() for w in (username, *context, *APP_WORDS) if w and len(w) >= 3]
    rest = password.casefold()
    for word in words:
        rest = rest.replace(word, "")
    if rest != password.casefold():
        stripped = re.sub(r"[\W_]+", "", rest)
        if len(rest) < MIN_LENGTH or _strength_problem(rest) or len(stripped) < 4:
            return "context"
    return _strength_problem(password)


def _strength_problem(password: str) -> str | None:
    if password.casefold() in _breached() or re.sub(r"\s+", "", password.casefold()) in _breached():
        return "common"
    from zxcvbn import zxcvbn

    if zxcvbn(password[:ZXCVBN_MAX], user_inputs=list(VIETNAMESE))["score"] < 2:
        return "guessable"
    return None


@lru_cache(maxsize=1)
def _breached() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(p.casefold() for p in FREQUENCY_LISTS["passwords"])
