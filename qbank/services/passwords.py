"""Argon2id password hashing (OWASP parameters) with rehash-on-login."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# argon2-cffi's defaults are Argon2id, t=3, m=64 MiB, p=4: above OWASP's minimum.
_hasher = PasswordHasher()


def use_cheap_hashing_for_tests() -> None:
    """Tests create hundreds of users; real cost parameters would make that minutes."""
    global _hasher
    from argon2 import profiles

    _hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)
